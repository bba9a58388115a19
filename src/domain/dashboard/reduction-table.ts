/**
 * Inspection reduction (安市办通字〔2021〕3号 一(二): inspections, checks and evaluations of schools cut by at
 * least 50% against those actually carried out in 2020; 厅发〔2020〕3号 第1条 likewise), per region and year.
 *
 * A year's count = the entries of the region's approved plan of that year (imported through
 * POST /admin/lists/plan/<REGION>/<year>) + the inspections the observation points reported in that year's
 * monthly answers as NOT on the plan (the same name and unit seen at several points counts once). The base
 * is the same count for 2020: the region imports the list of what was actually carried out in 2020 as its
 * 2020 plan (monitoring began in 2023, so 2020 has no monthly answers). No 2020 list: no base, and the
 * table says so instead of guessing. Plans are per region, so the figure is the region's whatever the
 * viewer's level.
 */
import type { DataTable } from '../../core/data-table';
import type { StoreEngine } from '../../store/collection';
import { monthlyAnswerModel } from '../../store/monthly-answer.model';
import type { OrgRow } from '../../store/org.model';
import type { DirectoryRepo } from '../directory/directory-repo';
import type { ListRepo } from '../lists';
import { normaliseName } from '../rules/normalise';

export const BASE_YEAR = 2020;
export const REQUIRED_CUT = 0.5;

export interface ReductionDeps {
  store: StoreEngine;
  directory: Pick<DirectoryRepo, 'orgsWithin'>;
  lists: Pick<ListRepo, 'get'>;
  t: (id: string, vars?: Record<string, unknown>) => string;
}

export interface YearCount {
  year: number;
  planned: number | null;
  unplanned: number;
  total: number;
}

export function createReductionTable(deps: ReductionDeps) {
  const answers = deps.store.collection(monthlyAnswerModel);

  async function count(region: string, schools: Set<string>, year: number): Promise<YearCount> {
    const plan = await deps.lists.get('plan', region, year);
    const periods = [String(year), ...Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)];
    const seen = new Set<string>();
    for (const a of await answers.find({ period: { $in: periods } })) {
      if (!schools.has(a.schoolId)) continue;
      for (const i of a.answers.inspections) if (i.onPlan !== 'yes') seen.add(`${normaliseName(i.name)}|${normaliseName(i.unit)}`);
    }
    const planned = plan ? plan.count : null;
    return { year, planned, unplanned: seen.size, total: (planned ?? 0) + seen.size };
  }

  return {
    async table(viewerOrg: OrgRow, currentYear: number): Promise<DataTable> {
      const t = deps.t;
      const region = viewerOrg.region;
      const top = viewerOrg.path[0] ?? viewerOrg._id;
      const schools = new Set((await deps.directory.orgsWithin(top)).filter((o) => o.region === region).map((o) => o._id));
      const base = await count(region, schools, BASE_YEAR);
      const hasBase = base.planned !== null && base.total > 0;
      const years: YearCount[] = [];
      for (let y = BASE_YEAR + 1; y <= currentYear; y += 1) years.push(await count(region, schools, y));
      const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
      const row = (c: YearCount) => {
        // Without the year's plan its count is only what the points saw: no cut is claimed from that.
        const cut = hasBase && c.planned !== null ? 1 - c.total / base.total : null;
        const why = !hasBase ? t('reduction.no_base') : t('reduction.no_plan');
        return [
          c.year,
          c.planned ?? t('reduction.not_imported'),
          c.unplanned,
          c.total,
          cut === null ? why : pct(cut),
          cut === null ? why : t(cut >= REQUIRED_CUT ? 'reduction.met' : 'reduction.not_met'),
        ];
      };
      return {
        id: 'reduction',
        title: t('reduction.title', { region, base: BASE_YEAR }),
        note: t('reduction.note', { region, base: BASE_YEAR }),
        columns: ['year', 'planned', 'unplanned', 'total', 'cut', 'met'].map((c) => t(`reduction.col_${c}`)),
        rows: [
          [t('reduction.base_row', { year: BASE_YEAR }), base.planned ?? t('reduction.not_imported'), base.unplanned, base.total, '', ''],
          ...years.map(row),
        ],
        chart: [base, ...years].map((c) => ({ label: String(c.year), value: c.total, text: String(c.total) })),
      };
    },
  };
}
