/**
 * 备注 of a case's row: its case number, its school, and, for a monthly finding, the table it came from. The
 * school is left out when the reporter asked that only the county see it (an anonymous report of a small
 * school would name its teachers); no reporter is ever named.
 */
import { orgModel } from '../../store/org.model';
import type { ReportRow } from '../../store/report.model';
import type { WorkbenchContext } from './workbench-cases';

/** Whether the case's school may be shown in a table. */
export function schoolShown(r: ReportRow): boolean {
  return !(r.anonymous && (r as ReportRow & { countyOnly?: boolean }).countyOnly === true);
}

export async function caseNote(ctx: WorkbenchContext, r: ReportRow): Promise<string> {
  let school: string | undefined;
  if (schoolShown(r)) {
    school = r.schoolId ? (await ctx.store.collection(orgModel).findOne({ _id: r.schoolId }))?.name : undefined;
    school ??= r.schoolName;
  }
  return ctx.layouts.render('note_case', {
    caseNumber: r.caseNumber,
    school,
    monitoring: r.origin?.kind === 'monitoring' ? { period: r.origin.period } : undefined,
  });
}
