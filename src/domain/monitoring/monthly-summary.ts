/**
 * A period's monitoring in numbers, per city and for the whole region: points that answered of all points,
 * on time or late, the items of each kind, and the organising units named most. Pure: the service reads the
 * rows, this counts them.
 */
import type { MonthlyAnswerRow, MonthlyAnswers } from '../../store/monthly-answer.model';
import type { MissingLiaisonReason } from '../directory/directory-repo';
import { countsOf, unitsOf, type ItemCounts } from './monthly-answers';
import { byCity, type PointInfo } from './point-info';

export type PointStatus = 'on_time' | 'late' | 'missing';

/** One row of the table (附件2): a point and what it answered. */
export interface PointReport {
  pointId: string;
  schoolId: string;
  schoolName: string;
  kind: string;
  countyName?: string;
  cityId: string;
  cityName: string;
  liaisonName?: string;
  missingReason?: MissingLiaisonReason;
  status: PointStatus;
  submittedAt?: Date;
  amendments: number;
  counts: ItemCounts;
  answers?: MonthlyAnswers;
}

export interface Tally {
  points: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  /** Items of each kind over the answers. */
  totals: ItemCounts;
  /** Inspections the liaisons said were not on the approved plan; activities not on the whitelist. */
  notOnPlan: number;
  notOnWhitelist: number;
  /** Answers saying flexible working hours are NOT in place. */
  flexibleHoursNo: number;
  /** Organising / requesting units named most, most first (ties by name). */
  topUnits: Array<{ unit: string; count: number }>;
}

export interface CitySummary extends Tally {
  cityId: string;
  cityName: string;
  rows: PointReport[];
}

export interface MonitoringSummary {
  period: string;
  /** 'YYYY-MM-DD'. */
  deadline: string;
  questionnaire: { id: string; version: number };
  overall: Tally;
  cities: CitySummary[];
}

const ZERO: ItemCounts = { inspections: 0, activities: 0, forms: 0, secondments: 0 };

function tally(rows: readonly PointReport[], topN: number): Tally {
  const totals = { ...ZERO };
  const units = new Map<string, number>();
  let notOnPlan = 0;
  let notOnWhitelist = 0;
  let flexibleHoursNo = 0;
  for (const r of rows) {
    if (!r.answers) continue;
    for (const k of Object.keys(totals) as Array<keyof ItemCounts>) totals[k] += r.counts[k];
    notOnPlan += r.answers.inspections.filter((i) => i.onPlan === 'no').length;
    notOnWhitelist += r.answers.activities.filter((a) => a.onWhitelist === 'no').length;
    if (r.answers.flexibleHours === 'no') flexibleHoursNo += 1;
    for (const u of unitsOf(r.answers)) units.set(u, (units.get(u) ?? 0) + 1);
  }
  const topUnits = [...units.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, topN)
    .map(([unit, count]) => ({ unit, count }));
  const onTime = rows.filter((r) => r.status === 'on_time').length;
  const late = rows.filter((r) => r.status === 'late').length;
  return { points: rows.length, submitted: onTime + late, onTime, late, missing: rows.length - onTime - late, totals, notOnPlan, notOnWhitelist, flexibleHoursNo, topUnits };
}

export function summarise(
  input: { period: string; deadline: string; questionnaire: { id: string; version: number }; points: readonly PointInfo[]; answers: readonly MonthlyAnswerRow[] },
  topN = 5,
): MonitoringSummary {
  const byPoint = new Map(input.answers.map((a) => [a.pointId, a] as const));
  const report = (info: PointInfo): PointReport => {
    const a = byPoint.get(info.point._id);
    return {
      pointId: info.point._id,
      schoolId: info.point.schoolId,
      schoolName: info.schoolName,
      kind: info.kind,
      ...(info.countyName ? { countyName: info.countyName } : {}),
      cityId: info.city.id,
      cityName: info.city.name,
      ...(info.liaison ? { liaisonName: info.liaison.name } : {}),
      ...(info.missingReason ? { missingReason: info.missingReason } : {}),
      status: !a ? 'missing' : a.late ? 'late' : 'on_time',
      ...(a ? { submittedAt: a.submittedAt, answers: a.answers } : {}),
      amendments: a?.amendments.length ?? 0,
      counts: a ? countsOf(a.answers) : { ...ZERO },
    };
  };
  const cities = byCity(input.points).map(({ city, points }) => {
    const rows = points.map(report);
    return { cityId: city.id, cityName: city.name, ...tally(rows, topN), rows };
  });
  return {
    period: input.period,
    deadline: input.deadline,
    questionnaire: input.questionnaire,
    overall: tally(cities.flatMap((c) => c.rows), topN),
    cities,
  };
}
