/**
 * Puts an alert before the groups that must see it at its level: the handling bureau's groups, and from
 * level 1 on also the groups of the bureau the last escalation reached. Derived from the row alone, so the
 * escalation job can repeat an announcement that a crash interrupted (`announcePending`); the poster's ids
 * per (alert, level, robot) make the repeat queue nothing twice.
 */
import type { AlertRow } from '../../store/alert.model';
import type { ReportRow } from '../../store/report.model';
import { nearestGroups } from '../directory/directory-repo';
import { toOfficialReportView } from '../reports';
import { officeName, type AlertContext } from './alert-context';
import type { AlertPostRequest } from './alert-poster';
import { composeAlert } from './compose-alert';
import { reportFacts } from './report-facts';

/** The line that says why a level-1+ alert comes again, or undefined at level 0. */
async function escalationLine(ctx: AlertContext, alert: AlertRow, bureau: string): Promise<string | undefined> {
  const last = alert.escalations.at(-1);
  if (alert.level === 0 || !last) return undefined;
  const to = await ctx.directory.getOrg(last.toOrgId);
  const toName = to ? officeName(to) : last.toOrgId;
  const before = alert.escalations.at(-2)?.toOrgId ?? alert.orgId;
  // Nothing above the bureau told last time: the same bureau is reminded, not "reported to".
  const again = last.toOrgId === before;
  if (last.reason === 'reopened') return ctx.render('alerts.escalated_reopened', { to: toName });
  const days = last.reason === 'unclaimed' ? ctx.config.claimDays : ctx.config.resolveDays;
  const id = again ? `alerts.reminder_${last.reason}` : `alerts.escalated_${last.reason}`;
  return ctx.render(id, { bureau, to: toName, days });
}

/**
 * `flush: false` leaves the robots' flush to the caller (the escalation job flushes once after its sweep);
 * `report` is the alert's case when the caller has just read it.
 */
export async function announceAlert(ctx: AlertContext, alert: AlertRow, opts: { flush?: boolean; report?: ReportRow | null } = {}): Promise<number> {
  const report = opts.report !== undefined ? opts.report : await ctx.reports.get(alert.caseNumber);
  const handling = await ctx.directory.getOrg(alert.orgId);
  if (!report || !handling) {
    ctx.logger.warn({ alertId: alert._id }, 'alert names an unknown case or bureau; not announced');
    return 0;
  }
  const bureau = officeName(handling);
  const { reply, digest } = composeAlert(ctx.render, {
    ...(await reportFacts(ctx, toOfficialReportView(report))),
    alert,
    bureau,
    escalation: await escalationLine(ctx, alert, bureau),
    tz: ctx.config.tz,
  });
  const targets = [...new Set([alert.orgId, ...(alert.level > 0 && alert.escalations.length > 0 ? [alert.escalations.at(-1)!.toOrgId] : [])])];
  const requests: AlertPostRequest[] = [];
  const robots = new Set<string>();
  for (const id of targets) {
    // A bureau without a group robot: its nearest bureau above with one is told instead (never an accused one).
    for (const destination of (await nearestGroups(ctx.directory, id, report.recusedOrgIds))?.destinations ?? []) {
      if (robots.has(destination.robotKey)) continue;
      robots.add(destination.robotKey);
      requests.push({ alertId: alert._id, level: alert.level, caseNumber: alert.caseNumber, destination, reply, digest });
    }
  }
  if (requests.length === 0) ctx.logger.warn({ alertId: alert._id, orgIds: targets }, 'no group robot to tell about an alert');
  await ctx.poster.post(requests);
  await ctx.alerts.updateOne({ _id: alert._id, level: alert.level, announcePending: true }, { $unset: { announcePending: true } });
  if (opts.flush !== false) await ctx.poster.flush().catch((e) => ctx.logger.warn({ err: e }, 'alert flush failed; the next flush sends them'));
  return requests.length;
}
