/**
 * Open and overdue cases by county and category, within the viewer's jurisdiction. A case counts where it
 * is handled (`routedTo`; a case not routed yet, at its school's bureau), the same rule as officials' chat
 * commands (official-scope.ts), so the dashboard never shows a case its viewer could not open. A case
 * handled by a city or the region itself is a row of its own ("银川市本级"). Overdue: its current alert
 * is past its claim or resolve deadline. Cells of 1 or 2 teachers' reports are masked (small-cells.ts).
 */
import type { DataTable } from '../../core/data-table';
import type { StoreEngine } from '../../store/collection';
import { alertModel } from '../../store/alert.model';
import type { OrgRow } from '../../store/org.model';
import { reportModel, type ReportRow } from '../../store/report.model';
import type { DirectoryRepo } from '../directory/directory-repo';
import type { Category } from '../rules/rule';
import { addCell, cellOut, totalOut, ZERO_CELL, type Cell, type Words } from './small-cells';

const OPEN_STATUSES = ['submitted', 'routed', 'claimed', 'reopened'] as const;

export interface CaseTableDeps {
  store: StoreEngine;
  directory: Pick<DirectoryRepo, 'orgsWithin' | 'bureauFor' | 'getOrg'>;
  categories: readonly Category[];
  t: (id: string, vars?: Record<string, unknown>) => string;
}

interface Counted {
  row: OrgRow;
  category: string;
  overdue: boolean;
  teacherReport: boolean;
}

export function createCaseTables(deps: CaseTableDeps) {
  const reports = deps.store.collection(reportModel);
  const alerts = deps.store.collection(alertModel);

  /** The row a case counts in: its handling bureau's county, or the bureau itself above county level. */
  async function rowOf(r: ReportRow, inScope: Map<string, OrgRow>): Promise<OrgRow | null> {
    const handler = r.routedTo ? (inScope.get(r.routedTo) ?? null) : r.schoolId ? await deps.directory.bureauFor(r.schoolId) : null;
    if (!handler) return null;
    if (handler.level !== 'school') return handler;
    const county = handler.path.map((id) => inScope.get(id)).reverse().find((o) => o && o.level !== 'school');
    return county ?? handler;
  }

  async function counted(scope: OrgRow, now: Date): Promise<Counted[]> {
    const orgs = await deps.directory.orgsWithin(scope._id);
    const inScope = new Map(orgs.map((o) => [o._id, o] as const));
    const ids = [...inScope.keys()];
    const open = await reports.find({
      status: { $in: [...OPEN_STATUSES] },
      $or: [{ routedTo: { $in: ids } }, { routedTo: { $exists: false }, schoolId: { $in: ids } }],
    });
    const late = new Set<string>();
    if (open.length > 0) {
      const current = await alerts.find({ caseNumber: { $in: open.map((r) => r.caseNumber) }, status: { $in: ['open', 'claimed'] } });
      const t = now.getTime();
      for (const a of current) {
        if ((a.claimDeadline && a.claimDeadline.getTime() < t) || (a.resolveDeadline && a.resolveDeadline.getTime() < t)) late.add(a.caseNumber);
      }
    }
    const out: Counted[] = [];
    for (const r of open) {
      const row = await rowOf(r, inScope);
      if (!row || !inScope.has(row._id)) continue;
      out.push({ row, category: r.category ?? 'other', overdue: late.has(r.caseNumber), teacherReport: !r.origin });
    }
    return out;
  }

  function table(id: 'cases-open' | 'cases-overdue', items: Counted[], words: Words): DataTable {
    const rows = [...new Map(items.map((c) => [c.row._id, c.row] as const)).values()].sort((a, b) => (a._id < b._id ? -1 : 1));
    const label = (o: OrgRow) => (o.level === 'county' ? o.name : deps.t('dashboard.own_level', { name: o.name }));
    const cell = (rowId: string, code: string): Cell =>
      items.filter((c) => c.row._id === rowId && c.category === code).reduce<Cell>((a, c) => addCell(a, { value: 1, reports: c.teacherReport ? 1 : 0 }), ZERO_CELL);
    const body = rows.map((o) => {
      const cells = deps.categories.map((c) => cell(o._id, c.code));
      return { o, cells, total: totalOut(cells, words) };
    });
    const columnCells = deps.categories.map((c) => items.filter((i) => i.category === c.code).reduce<Cell>((a, i) => addCell(a, { value: 1, reports: i.teacherReport ? 1 : 0 }), ZERO_CELL));
    const all = totalOut(body.flatMap((b) => deps.categories.map((c) => cell(b.o._id, c.code))), words);
    return {
      id,
      title: deps.t(`dashboard.${id.replace('-', '_')}_title`),
      note: deps.t('dashboard.masked_note'),
      columns: [deps.t('dashboard.col_county'), ...deps.categories.map((c) => c.name), deps.t('dashboard.col_total')],
      rows: [
        ...body.map((b) => [label(b.o), ...b.cells.map((c) => cellOut(c, words)), b.total.out]),
        ...(body.length > 0 ? [[deps.t('dashboard.row_all'), ...columnCells.map((c) => totalOut([c], words).out), all.out]] : []),
      ],
      chart: body.map((b) => ({ label: label(b.o), value: b.total.value, text: String(b.total.out) })),
    };
  }

  return {
    async tables(scope: OrgRow, now: Date, words: Words): Promise<DataTable[]> {
      const items = await counted(scope, now);
      return [table('cases-open', items, words), table('cases-overdue', items.filter((i) => i.overdue), words)];
    },
  };
}
