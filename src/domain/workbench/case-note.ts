/**
 * 备注 of a case's row: its case number, its school, and, for a monthly finding, the table it came from. No
 * reporter is ever named. The school of an anonymous case is shown only where the table holds at least
 * MIN_CELL cases of that school: at a small school one anonymous report names its teacher, and no export shows
 * a school with fewer than 3 reports. (A report whose reporter chose to show only the county has no school to
 * show here: schoolShown honours that choice, `areaOnly`.)
 */
import { orgModel } from '../../store/org.model';
import type { ReportRow } from '../../store/report.model';
import type { WorkbenchContext } from './workbench-cases';

export const MIN_CELL = 3;

const schoolKey = (r: ReportRow): string | undefined => r.schoolId ?? r.schoolName;

/** How many of the table's cases come from each school. */
export function casesPerSchool(cases: readonly ReportRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of cases) {
    const k = schoolKey(r);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Whether the case's school may be shown in a table of `perSchool` cases. */
export function schoolShown(r: ReportRow, perSchool: ReadonlyMap<string, number>): boolean {
  const k = schoolKey(r);
  if (r.areaOnly) return false;
  return k !== undefined && (!r.anonymous || (perSchool.get(k) ?? 0) >= MIN_CELL);
}

export async function caseNote(ctx: WorkbenchContext, r: ReportRow, perSchool: ReadonlyMap<string, number>): Promise<string> {
  let school: string | undefined;
  if (schoolShown(r, perSchool)) {
    school = r.schoolId ? (await ctx.store.collection(orgModel).findOne({ _id: r.schoolId }))?.name : undefined;
    school ??= r.schoolName;
  }
  return ctx.layouts.render('note_case', {
    caseNumber: r.caseNumber,
    school,
    monitoring: r.origin?.kind === 'monitoring' ? { period: r.origin.period } : undefined,
  });
}
