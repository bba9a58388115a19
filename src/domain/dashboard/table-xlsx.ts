/**
 * A dashboard table as an .xlsx, through the documents' writer (src/domain/workbench/write-table-xlsx.ts:
 * no cell is ever a formula): its title, the scope and date, the header row, the rows as shown (masked cells
 * stay masked), and its note under the table.
 */
import type { DataTable } from '../../core/data-table';
import { writeTableXlsx } from '../workbench';

export function tableToXlsx(table: DataTable, meta: { scope: string; at: string }): Promise<Buffer> {
  const keys = table.columns.map((_, i) => `c${i}`);
  return writeTableXlsx({
    sheet: table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '),
    title: table.title,
    headerLines: [`${meta.scope} · ${meta.at}`],
    columns: table.columns.map((heading, i) => ({ key: keys[i]!, heading, width: i === 0 ? 24 : 14 })),
    rows: table.rows.map((r) => Object.fromEntries(r.map((c, i) => [keys[i]!, c]))),
    ...(table.note ? { footnote: table.note } : {}),
  });
}
