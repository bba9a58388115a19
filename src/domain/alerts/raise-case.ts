/**
 * A submitted report: routed to the bureau with jurisdiction (route-case.ts), checked against its region's
 * published lists (matchRules on the report's rule subject), and, when it breaks rules, given an alert
 * that goes to the bureau's groups. See alert-service.ts for why a report that breaks nothing is routed
 * all the same, and for the idempotency this relies on.
 */
import { isAppError } from '../../core/errors';
import { zonedInstant } from '../calendar/time-zone';
import { matchRules } from '../rules/match-rules';
import { catalogsForRegion } from '../rules/regions';
import { officeName, type AlertContext } from './alert-context';
import { announceAlert } from './announce-alert';
import { alertRules, openAlert } from './open-alert';
import type { CaseRoute } from './route-case';

export type RaiseOutcome =
  | { kind: 'unknown' }
  /** Routed and checked before (by an earlier call). */
  | { kind: 'already' }
  /** No bureau in the directory for it: it stays 'submitted'. */
  | { kind: 'unroutable' }
  | { kind: 'routed'; bureauId: string; alerted: boolean; rules: number };

export async function raiseCase(ctx: AlertContext, caseNumber: string): Promise<RaiseOutcome> {
  const report = await ctx.reports.get(caseNumber);
  if (!report) return { kind: 'unknown' };
  if (report.status !== 'submitted') {
    // An earlier call may have died between routing and its group messages.
    const first = await ctx.alerts.findOne({ _id: `${report.caseNumber}:1` });
    if (first?.announcePending) await announceAlert(ctx, first);
    return { kind: 'already' };
  }
  const route = await ctx.router.route(report);
  if (!route) {
    ctx.logger.warn({ caseNumber: report.caseNumber, region: report.region }, 'no bureau in the directory for a report; it stays submitted');
    return { kind: 'unroutable' };
  }
  const { bureau } = route;
  const note = routeNote(ctx, route);
  const now = ctx.now();
  const { catalogs } = catalogsForRegion(ctx.ruleBook, bureau.divisionCode);
  // The list of the year the item happened in (a December activity reported in January is a December one).
  const listAt = report.happenedOn ? zonedInstant(report.happenedOn, 12 * 3_600_000, ctx.config.tz) : now;
  const lists = ctx.lists ? await ctx.lists(report.region, listAt) : {};
  const matches = matchRules(ctx.reports.toRuleSubject(report), catalogs, { now, tz: ctx.config.tz, ...lists });

  // The one write to a report outside ReportService: only `matchedRules`, only once, and without touching
  // `updatedAt`, so it never races changeStatus's compare-and-set.
  await ctx.reportRows.updateOne(
    { _id: report._id, matchedRules: { $exists: false } },
    { $set: { matchedRules: matches.map((m) => ({ ...m, matchedAt: now })) } },
  );
  const alert = matches.length > 0
    ? await openAlert(ctx, { caseNumber: report.caseNumber, orgId: bureau._id, rules: alertRules(ctx, matches, bureau.divisionCode), at: now, first: true })
    : null;
  try {
    await ctx.reports.changeStatus(report.caseNumber, 'routed', { kind: 'system', orgId: bureau._id, orgName: officeName(bureau) }, note, { routedTo: bureau._id, recusedOrgIds: route.recused });
  } catch (e) {
    if (!isAppError(e, 'conflict')) throw e; // a concurrent call routed it
  }
  if (alert?.announcePending) await announceAlert(ctx, alert);
  ctx.logger.info({ caseNumber: report.caseNumber, bureauId: bureau._id, basis: route.basis, recused: route.recused, rules: matches.length }, 'report routed');
  return { kind: 'routed', bureauId: bureau._id, alerted: alert !== null, rules: matches.length };
}

/** Why the case went past the bureau it would have gone to (the history says it; officials read it in 查看). */
function routeNote(ctx: AlertContext, route: CaseRoute): string | undefined {
  const from = route.passedOver;
  if (!from) return undefined;
  return ctx.render(from.noneAbove ? 'alerts.note_recused_top' : 'alerts.note_recused', { accused: officeName(from.bureau), org: officeName(route.bureau) });
}
