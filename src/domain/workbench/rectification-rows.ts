/**
 * 专项整治问题整改清单 (新教领秘〔2024〕2号 附件3): the same cases as the 摸排清单, each with what was done about
 * it: 整改依据 are the clauses the case was found to break, 整改措施 / 整改时限 / 完成情况 come from its
 * rectification (办结). A case not rectified yet says so; one in progress past its time limit says it is late.
 */
import type { RectificationRow } from '../../store/rectification.model';
import type { ReportRow } from '../../store/report.model';
import { ymdInZone } from '../calendar/time-zone';
import { caseNote, casesPerSchool } from './case-note';
import { categoryText, dateText, type WorkbenchContext } from './workbench-cases';

export interface RectificationTableRow {
  n: number;
  category: string;
  itemName: string;
  unit: string;
  basis: string;
  measures: string;
  deadline: string;
  state: string;
  note: string;
}

function stateText(ctx: WorkbenchContext, rect: RectificationRow | undefined, today: string): string {
  if (!rect) return ctx.render('rectification.state_none');
  if (rect.state === 'done') return ctx.render('rectification.state_done');
  return ctx.render(rect.deadline && rect.deadline < today ? 'rectification.state_overdue' : 'rectification.state_in_progress');
}

export async function rectificationRows(ctx: WorkbenchContext, cases: readonly ReportRow[], rectifications: ReadonlyMap<string, RectificationRow>): Promise<RectificationTableRow[]> {
  const today = ymdInZone(ctx.now(), ctx.tz);
  const rows: RectificationTableRow[] = [];
  const perSchool = casesPerSchool(cases);
  for (const [i, r] of cases.entries()) {
    const rect = rectifications.get(r.caseNumber);
    const clauses = [...new Set((r.matchedRules ?? []).map((m) => m.clause))];
    // The time limit set; for a case put right at once, the day it was done.
    const deadline = rect?.deadline ?? (rect?.completedAt ? ymdInZone(rect.completedAt, ctx.tz) : undefined);
    rows.push({
      n: i + 1,
      category: categoryText(ctx, r),
      itemName: r.itemName ?? '',
      unit: r.organisingUnit ?? '',
      basis: clauses.join(ctx.layouts.categorySeparator),
      measures: rect?.measures ?? '',
      deadline: dateText(ctx, deadline),
      state: stateText(ctx, rect, today),
      note: await caseNote(ctx, r, perSchool),
    });
  }
  return rows;
}
