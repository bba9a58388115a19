/**
 * The burden ledger: teacher-hours taken by each organising unit (牵头实施单位 of a report, the unit of a
 * monthly item), per month of a year, within the viewer's jurisdiction, each item estimated by
 * estimate-burden.ts with the sentence saying how.
 *
 * What counts: teachers' reports (burdens and complaints) that were not rejected, by the month they
 * happened; every item of the observation points' monthly answers (inspections, activities, forms,
 * seconded teachers), by the item's date or the period's month. Cases filed from a monthly answer are not
 * counted twice (they are the answer's items). A cell (unit × month) with 1 or 2 teachers' reports is
 * masked, and its items are left out of the detail table, which would otherwise give them back.
 */
import type { DataCell, DataTable } from '../../core/data-table';
import type { StoreEngine } from '../../store/collection';
import { monthlyAnswerModel, type MonthlyAnswerRow } from '../../store/monthly-answer.model';
import type { OrgRow } from '../../store/org.model';
import { reportModel } from '../../store/report.model';
import { ymdInZone } from '../calendar/time-zone';
import type { DirectoryRepo } from '../directory/directory-repo';
import { normaliseName } from '../rules/normalise';
import type { Estimate, Estimator } from './estimate-burden';
import type { LedgerRules } from './ledger-rules';
import type { Category } from '../rules/rule';
import { addCell, cellOut, isMasked, totalOut, ZERO_CELL, type Cell, type Words } from './small-cells';

export interface LedgerDeps {
  store: StoreEngine;
  directory: Pick<DirectoryRepo, 'orgsWithin' | 'peopleAt'>;
  rules: LedgerRules;
  estimator: Estimator;
  categories: readonly Category[];
  t: (id: string, vars?: Record<string, unknown>) => string;
  tz: string;
}

interface Item {
  unit: string;
  month: number;
  source: string;
  estimate: Estimate;
  teacherReport: boolean;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const MONTHLY_KINDS = ['inspections', 'activities', 'forms', 'secondments'] as const;

export function createBurdenLedger(deps: LedgerDeps) {
  const reports = deps.store.collection(reportModel);
  const answers = deps.store.collection(monthlyAnswerModel);
  const t = deps.t;

  async function items(scope: OrgRow, year: number): Promise<Item[]> {
    const ids = (await deps.directory.orgsWithin(scope._id)).map((o) => o._id);
    const sizes = new Map<string, number>();
    const schoolSize = async (id: string | undefined) => {
      if (!id) return 0;
      if (!sizes.has(id)) sizes.set(id, (await deps.directory.peopleAt(id, 'teacher')).length);
      return sizes.get(id)!;
    };
    const out: Item[] = [];
    const filed = await reports.find({
      status: { $ne: 'rejected' },
      origin: { $exists: false },
      $or: [{ routedTo: { $in: ids } }, { routedTo: { $exists: false }, schoolId: { $in: ids } }],
    });
    for (const r of filed) {
      const day = r.happenedOn ?? ymdInZone(r.createdAt, deps.tz);
      if (!day.startsWith(`${year}-`)) continue;
      const category = r.category ?? 'other';
      out.push({
        unit: r.organisingUnit?.trim() || t('ledger.unit_unknown'),
        month: Number(day.slice(5, 7)),
        source: t(`ledger.source_${r.kind}`, { category: deps.categories.find((c) => c.code === category)?.name ?? category }),
        estimate: deps.estimator.estimate([r.scope, r.content, r.form, r.itemName], deps.rules.categories[category], await schoolSize(r.schoolId)),
        teacherReport: true,
      });
    }
    const periods = [String(year), ...MONTHS.map((m) => `${year}-${String(m).padStart(2, '0')}`)];
    const inScope = new Set(ids);
    const rows = (await answers.find({ period: { $in: periods } })).filter((a) => inScope.has(a.schoolId));
    for (const a of rows) out.push(...(await monthlyItems(a, await schoolSize(a.schoolId))));
    return out;
  }

  async function monthlyItems(a: MonthlyAnswerRow, size: number): Promise<Item[]> {
    const monthOf = (date?: string) => Number((date ?? (a.period.length === 7 ? `${a.period}-01` : ymdInZone(a.submittedAt, deps.tz))).slice(5, 7));
    const out: Item[] = [];
    for (const kind of MONTHLY_KINDS) {
      for (const x of a.answers[kind]) {
        const unit = 'unit' in x ? x.unit : x.to;
        const date = 'date' in x ? x.date : undefined;
        out.push({
          unit: unit.trim() || t('ledger.unit_unknown'),
          month: monthOf(date),
          source: t(`ledger.source_monthly_${kind}`),
          estimate: deps.estimator.estimate([], deps.rules.monthly[kind], size),
          teacherReport: false,
        });
      }
    }
    return out;
  }

  const basis = (b: Estimate['teachersBasis']) => t(b.id, b.vars);
  const hoursText = (n: number) => String(Math.round(n * 10) / 10);

  return {
    async tables(scope: OrgRow, year: number, words: Words): Promise<DataTable[]> {
      const all = await items(scope, year);
      const units = new Map<string, { label: string; cells: Cell[] }>();
      for (const i of all) {
        const key = normaliseName(i.unit) || i.unit;
        const u = units.get(key) ?? { label: i.unit, cells: MONTHS.map(() => ZERO_CELL) };
        u.cells[i.month - 1] = addCell(u.cells[i.month - 1]!, { value: i.estimate.teacherHours, reports: i.teacherReport ? 1 : 0 });
        units.set(key, u);
      }
      const w: Words = { ...words, format: (n) => hoursText(n) };
      const ranked = [...units.entries()].map(([key, u]) => ({ key, ...u, total: totalOut(u.cells, w) })).sort((a, b) => b.total.value - a.total.value || (a.label < b.label ? -1 : 1));
      const ledger: DataTable = {
        id: 'ledger',
        title: t('ledger.title', { year }),
        note: t('ledger.note'),
        columns: [t('ledger.col_unit'), ...MONTHS.map((m) => t('ledger.col_month', { m })), t('ledger.col_year')],
        rows: ranked.map((u) => [u.label, ...u.cells.map((c) => cellOut(c, w)), u.total.out]),
        chart: ranked.slice(0, 10).map((u) => ({ label: u.label, value: u.total.value, text: String(u.total.out) })),
      };
      const masked = new Set(ranked.flatMap((u) => u.cells.flatMap((c, m) => (isMasked(c) ? [`${u.key}:${m + 1}`] : []))));
      const shown = all.filter((i) => !masked.has(`${normaliseName(i.unit) || i.unit}:${i.month}`)).sort((a, b) => a.month - b.month || (a.unit < b.unit ? -1 : 1));
      const details: DataTable = {
        id: 'ledger-items',
        title: t('ledger.items_title', { year }),
        note: t('ledger.items_note'),
        columns: ['item_month', 'unit', 'source', 'teachers', 'teachers_basis', 'hours', 'hours_basis', 'teacher_hours'].map((c) => t(`ledger.col_${c}`)),
        rows: shown.map((i): DataCell[] => [
          t('ledger.col_month', { m: i.month }),
          i.unit,
          i.source,
          i.estimate.teachers,
          basis(i.estimate.teachersBasis),
          i.estimate.hours,
          basis(i.estimate.hoursBasis),
          i.estimate.teacherHours,
        ]),
      };
      return [ledger, details];
    },
  };
}
