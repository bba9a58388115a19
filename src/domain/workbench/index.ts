/** The documents' tables (新教领秘〔2024〕2号 附件1, 2, 3, 7): rows as data, and the .xlsx writer. */
export { createWorkbench, type Workbench, type WorkbenchDeps, type WorkbenchTable, type TableResult, type Cell } from './create-workbench';
export { writeTableXlsx, looksLikeFormula, type XlsxTable } from './write-table-xlsx';
export { parseWorkbenchQuery, parseOrgParam, MAX_PERIOD_DAYS, type WorkbenchQuery, type QueryResult } from './workbench-query';
export { loadTableLayouts, parseTableLayouts, TABLE_FIELDS, TABLE_IDS, type TableId, type TableLayouts, type ColumnLayout } from './table-layout';
export type { ProblemRow } from './problem-rows';
export type { RectificationTableRow } from './rectification-rows';
export type { ContactRow } from './contact-rows';
export type { WhitelistRow } from './whitelist-rows';
