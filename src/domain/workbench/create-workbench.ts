/**
 * The documents' own tables (新教领秘〔2024〕2号 附件1, 2, 3, 7) as plain data: createWorkbench(...).problems(q)
 * and its siblings return a WorkbenchTable (title, header lines, columns in the document's order, rows, footnote)
 * or a sentence saying why not; writeTableXlsx turns a table into the .xlsx the bureaus file. The admin exports
 * and the dashboard both call these, so a table reads the same wherever it is downloaded.
 */
import { join } from 'node:path';
import type { StoreEngine } from '../../store/collection';
import { activityListModel, listId } from '../../store/activity-list.model';
import { orgModel, type OrgRow } from '../../store/org.model';
import { rectificationModel, type RectificationRow } from '../../store/rectification.model';
import type { ReportRow } from '../../store/report.model';
import { ymdInZone } from '../calendar/time-zone';
import type { Category } from '../rules/rule';
import { contactRows } from './contact-rows';
import { problemRows } from './problem-rows';
import { rectificationRows } from './rectification-rows';
import { loadTableLayouts, type ColumnLayout, type TableId, type TableLayouts } from './table-layout';
import { whitelistRows } from './whitelist-rows';
import { casesOf, categoryList, dateText, jurisdictionOf, type WorkbenchContext } from './workbench-cases';
import type { QueryResult, WorkbenchQuery } from './workbench-query';

export type Cell = string | number;

export interface WorkbenchTable {
  id: TableId;
  sheet: string;
  title: string;
  /** The lines between the title and the column headings (填报单位…), filled in. */
  headerLines: string[];
  columns: ColumnLayout[];
  /** One object per row, keyed by the columns' keys. */
  rows: Record<string, Cell>[];
  footnote?: string;
  /** The file name to offer (ASCII). */
  fileName: string;
}

export type TableResult = { ok: true; table: WorkbenchTable } | { ok: false; problem: string };

export interface WorkbenchDeps {
  store: StoreEngine;
  categories: readonly Category[];
  /** templates/messages (rectification.*). */
  render(id: string, vars?: Record<string, unknown>): string;
  /** templates/workbench/tables.yaml; loaded from `root` when not given. */
  layouts?: TableLayouts;
  root?: string;
  tz: string;
  now: () => Date;
}

export interface Workbench {
  /** 附件2 专项整治问题摸排清单 of the cases filed from `from` to `to` in `org`'s jurisdiction. */
  problems(q: WorkbenchQuery): Promise<TableResult>;
  /** 附件3 专项整治问题整改清单 of the same cases. */
  rectification(q: WorkbenchQuery): Promise<TableResult>;
  /** 附件1 专项整治相关信息统计表 of the bureaus in `org`'s jurisdiction (from/to are not used). */
  contacts(q: Pick<WorkbenchQuery, 'org' | 'filler'>): Promise<TableResult>;
  /** 附件7 社会事务进校园白名单 of a region and year, as imported. */
  whitelist(q: { region: string; year: number; filler?: string }): Promise<TableResult>;
}

export function createWorkbench(deps: WorkbenchDeps): Workbench {
  const layouts = deps.layouts ?? loadTableLayouts(join(deps.root ?? '.', 'templates', 'workbench', 'tables.yaml'));
  const ctx: WorkbenchContext = { store: deps.store, layouts, categories: deps.categories, render: deps.render, tz: deps.tz, now: deps.now };
  const filledOn = () => dateText(ctx, ymdInZone(deps.now(), deps.tz));

  function table(id: TableId, vars: Record<string, unknown>, rows: object[], fileName: string): WorkbenchTable {
    const l = layouts.tables[id];
    const all = { filledOn: filledOn(), filler: '', categories: categoryList(ctx), ...vars };
    return {
      id,
      sheet: l.sheet,
      title: l.title,
      headerLines: l.header.map((_, i) => layouts.render(`${id}.header.${i}`, all)),
      columns: l.columns,
      rows: rows as Record<string, Cell>[],
      ...(l.footnote ? { footnote: layouts.render(`${id}.footnote`, all) } : {}),
      fileName,
    };
  }
  const unit = (org: OrgRow) => org.bureauName || org.name;
  const unknownOrg = (code: string): TableResult => ({ ok: false, problem: `there is no org ${code} in the directory` });

  async function periodCases(q: WorkbenchQuery): Promise<QueryResult<{ org: OrgRow; cases: ReportRow[]; rect: Map<string, RectificationRow> }>> {
    const j = await jurisdictionOf(ctx, q.org);
    if (!j) return { ok: false, problem: `there is no org ${q.org} in the directory` };
    const cases = await casesOf(ctx, j, q.from, q.to);
    const found = cases.length > 0 ? await deps.store.collection(rectificationModel).find({ _id: { $in: cases.map((c) => c.caseNumber) } }) : [];
    return { ok: true, query: { org: j.org, cases, rect: new Map(found.map((r) => [r._id, r] as const)) } };
  }

  return {
    async problems(q) {
      const p = await periodCases(q);
      if (!p.ok) return p;
      const rows = await problemRows(ctx, p.query.cases, p.query.rect);
      return { ok: true, table: table('problems', { unit: unit(p.query.org), filler: q.filler ?? '' }, rows, `problems-${q.org}-${q.from}-${q.to}.xlsx`) };
    },
    async rectification(q) {
      const p = await periodCases(q);
      if (!p.ok) return p;
      const rows = await rectificationRows(ctx, p.query.cases, p.query.rect);
      return { ok: true, table: table('rectification', { unit: unit(p.query.org), filler: q.filler ?? '' }, rows, `rectification-${q.org}-${q.from}-${q.to}.xlsx`) };
    },
    async contacts(q) {
      const j = await jurisdictionOf(ctx, q.org);
      if (!j) return unknownOrg(q.org);
      return { ok: true, table: table('contacts', { unit: unit(j.org), filler: q.filler ?? '' }, contactRows(j.orgs), `contacts-${q.org}.xlsx`) };
    },
    async whitelist(q) {
      const list = await deps.store.collection(activityListModel).findOne({ _id: listId('whitelist', q.region, q.year) });
      if (!list) return { ok: false, problem: `no whitelist of ${q.region} for ${q.year} has been imported (POST /admin/lists/whitelist/${q.region}/${q.year}.csv)` };
      // 填报单位: the top bureau of the region (the province's education department).
      const tops = await deps.store.collection(orgModel).find({ region: q.region, parentId: null });
      const top = tops.find((o) => o.bureauName) ?? tops[0];
      const vars = { unit: top ? unit(top) : q.region, total: list.count, filler: q.filler ?? '' };
      return { ok: true, table: table('whitelist', vars, whitelistRows(list.entries), `whitelist-${q.region}-${q.year}.xlsx`) };
    },
  };
}
