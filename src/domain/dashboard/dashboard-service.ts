/**
 * What the dashboard shows a viewer, always within their jurisdiction (the org their session is bound to):
 * pages of tables, and each table alone for download. Words come from templates/messages (dashboard,
 * ledger, reduction, participation); http only draws the tables.
 */
import type { DashboardPage, DataTable } from '../../core/data-table';
import type { Templates } from '../../core/templates';
import type { StoreEngine } from '../../store/collection';
import { ymdInZone } from '../calendar/time-zone';
import type { DirectoryRepo } from '../directory/directory-repo';
import type { ListRepo } from '../lists';
import type { MonitoringService } from '../monitoring/monitoring-service';
import type { Category } from '../rules/rule';
import type { SurveyService } from '../surveys/survey-service';
import { writeTableXlsx, type TableResult, type Workbench } from '../workbench';
import { createBurdenLedger } from './burden-ledger';
import { createCaseTables } from './case-tables';
import type { Viewer } from './dashboard-login';
import { createEstimator } from './estimate-burden';
import type { LedgerRules } from './ledger-rules';
import { createMonitoringTable } from './monitoring-table';
import { createParticipationTables } from './participation-table';
import { createReductionTable } from './reduction-table';
import type { Words } from './small-cells';
import { tableToXlsx } from './table-xlsx';

export const PAGE_IDS = ['overview', 'ledger'] as const;
export type PageId = (typeof PAGE_IDS)[number];
/** The documents' tables the dashboard offers, as the workbench writes them. */
export const DOCUMENT_IDS = ['problems', 'rectification', 'contacts', 'whitelist'] as const;
type DocumentId = (typeof DOCUMENT_IDS)[number];

/** What the viewer asked for; each checked before use. */
export interface PageParams {
  period?: string;
  year?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export interface DashboardService {
  page(viewer: Viewer, id: PageId, params: PageParams): Promise<Checked<DashboardPage & { period: string; year: number }>>;
  /**
   * One table of a page, or one of the documents' tables (problems, rectification, contacts, whitelist: the
   * workbench's, of the viewer's jurisdiction and the year asked), as an .xlsx; null when there is no such table.
   */
  exportTable(viewer: Viewer, tableId: string, params: PageParams): Promise<Checked<{ body: Buffer; fileName: string } | null>>;
}

export interface DashboardDeps {
  store: StoreEngine;
  directory: DirectoryRepo;
  monitoring: MonitoringService;
  lists: ListRepo;
  surveys: SurveyService;
  categories: readonly Category[];
  ledgerRules: LedgerRules;
  /** The documents' tables (新教领秘〔2024〕2号 附件1, 2, 3, 7). */
  workbench: Workbench;
  templates: Pick<Templates, 'render'>;
  now: () => Date;
  tz: string;
}

export function createDashboardService(deps: DashboardDeps): DashboardService {
  const t = (id: string, vars?: Record<string, unknown>) => deps.templates.render(id, vars);
  const words: Words = { masked: t('dashboard.masked'), atLeast: (n) => t('dashboard.at_least', { n }) };
  const cases = createCaseTables({ store: deps.store, directory: deps.directory, categories: deps.categories, t });
  const monitoring = createMonitoringTable({ monitoring: deps.monitoring, directory: deps.directory, t });
  const ledger = createBurdenLedger({ store: deps.store, directory: deps.directory, categories: deps.categories, rules: deps.ledgerRules, estimator: createEstimator(deps.ledgerRules), t, tz: deps.tz });
  const reduction = createReductionTable({ store: deps.store, directory: deps.directory, lists: deps.lists, t });
  const participation = createParticipationTables({ surveys: deps.surveys, t });

  function check(params: PageParams, now: Date): Checked<{ period: string; year: number }> {
    const cal = deps.monitoring.calendar;
    const period = params.period ?? cal.periodAt(now);
    if (!cal.isPeriod(period)) return { ok: false, message: t('dashboard.bad_period', { example: cal.periodAt(now) }) };
    const thisYear = Number(ymdInZone(now, deps.tz).slice(0, 4));
    const year = params.year === undefined ? thisYear : /^\d{4}$/.test(params.year) ? Number(params.year) : NaN;
    if (!(year >= 2020 && year <= thisYear)) return { ok: false, message: t('dashboard.bad_year', { last: thisYear }) };
    return { ok: true, value: { period, year } };
  }

  async function tablesOf(viewer: Viewer, id: PageId, p: { period: string; year: number }, now: Date): Promise<DataTable[]> {
    const [ledgerTable, ledgerItems] = await ledger.tables(viewer.org, p.year, words);
    if (id === 'ledger') return [ledgerTable!, ledgerItems!];
    return [
      ...(await cases.tables(viewer.org, now, words)),
      await monitoring.table(viewer.org, p.period),
      ledgerTable!,
      ...(await participation.tables(viewer.org, now)),
      await reduction.table(viewer.org, Number(ymdInZone(now, deps.tz).slice(0, 4))),
    ];
  }

  /** The workbench's own rows and writer, always for the viewer's org (never an org from the request). */
  async function documentTable(viewer: Viewer, id: DocumentId, year: number): Promise<Checked<{ body: Buffer; fileName: string }>> {
    const q = { org: viewer.org._id, from: `${year}-01-01`, to: `${year}-12-31`, filler: viewer.name };
    const wb = deps.workbench;
    const r: TableResult =
      id === 'problems' ? await wb.problems(q)
      : id === 'rectification' ? await wb.rectification(q)
      : id === 'contacts' ? await wb.contacts(q)
      : await wb.whitelist({ region: viewer.org.region, year, filler: viewer.name });
    if (!r.ok) return { ok: false, message: t(`dashboard.document_unavailable_${id}`, { year }) };
    return { ok: true, value: { body: await writeTableXlsx(r.table), fileName: r.table.fileName } };
  }

  return {
    async page(viewer, id, params) {
      const now = deps.now();
      const p = check(params, now);
      if (!p.ok) return p;
      const tables = await tablesOf(viewer, id, p.value, now);
      return { ok: true, value: { id, title: t(`dashboard.page_${id}`, { org: viewer.org.bureauName || viewer.org.name }), tables, ...p.value } };
    },
    async exportTable(viewer, tableId, params) {
      const now = deps.now();
      const p = check(params, now);
      if (!p.ok) return p;
      if ((DOCUMENT_IDS as readonly string[]).includes(tableId)) return documentTable(viewer, tableId as DocumentId, p.value.year);
      for (const id of PAGE_IDS) {
        const table = (await tablesOf(viewer, id, p.value, now)).find((x) => x.id === tableId);
        if (table) {
          const body = await tableToXlsx(table, { scope: viewer.org.bureauName || viewer.org.name, at: ymdInZone(now, deps.tz) });
          return { ok: true, value: { body, fileName: `${table.id}.xlsx` } };
        }
      }
      return { ok: true, value: null };
    },
  };
}
