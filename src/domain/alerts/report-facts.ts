/**
 * What officials read of a report besides its view: the school's name in the directory when the view names
 * the school (never when the reporter shows only the county), and the category. The alert, 查看 and the
 * reporter's preview take them from here, so that they say the same.
 */
import type { OfficialReportView } from '../reports';
import type { AlertContext } from './alert-context';
import type { ReportFacts } from './compose-alert';

export async function reportFacts(ctx: Pick<AlertContext, 'directory' | 'ruleBook'>, view: OfficialReportView): Promise<ReportFacts> {
  const school = view.schoolId ? await ctx.directory.getOrg(view.schoolId) : null;
  // A complaint has no category of its own: the category of the rule it breaks most surely.
  const category = ctx.ruleBook.categories.find((c) => c.code === (view.category ?? view.matchedRules?.[0]?.category))?.name;
  return { view, ...(school ? { school: school.name } : {}), ...(category ? { category } : {}) };
}
