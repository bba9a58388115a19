/**
 * Escalation: an alert goes again to its bureau and up one level, to the bureau above the one told last.
 *
 * - unclaimed past `claimDeadline` → level + 1, a new claim deadline (claimDays working days from now);
 * - unresolved past `resolveDeadline` → level + 1, a new resolve deadline (resolveDays from now);
 * - reopened by the reporter ("没有") → level + 1, open again, both deadlines anew.
 * A bureau the case accuses is passed over (bureau-above.ts).
 * At the top (no bureau above) the top is told again once and that deadline is dropped: reminders do not
 * repeat forever. Every step is a compare-and-set on (level, status), so two runs never climb twice, and the
 * group messages are per (alert, level), so repeating an interrupted step never sends twice.
 */
import type { AlertRow, EscalationReason } from '../../store/alert.model';
import type { ReportRow } from '../../store/report.model';
import { addWorkingDays } from '../calendar/working-days';
import type { AlertContext } from './alert-context';
import { announceAlert } from './announce-alert';
import { bureauAbove } from './bureau-above';
import { deadlinesFrom } from './open-alert';
import { inParallel } from '../../core/in-parallel';

export interface EscalationCounts {
  unclaimed: number;
  unresolved: number;
  /** Alerts brought in line with their case (claimed or closed while the alert was not updated). */
  synced: number;
  /** Interrupted announcements repeated. */
  announced: number;
}

/** `opts.report`: the alert's case, when the caller has just read it. */
export async function escalateAlert(
  ctx: AlertContext,
  alert: AlertRow,
  reason: EscalationReason,
  at: Date,
  opts: { flush?: boolean; report?: ReportRow | null } = {},
): Promise<AlertRow | null> {
  const told = alert.escalations.at(-1)?.toOrgId ?? alert.orgId;
  const report = opts.report !== undefined ? opts.report : await ctx.reports.get(alert.caseNumber);
  // Up past any bureau the case accuses: it is never told of it.
  const next = await bureauAbove(ctx.directory, told, report?.recusedOrgIds ?? []);
  const level = alert.level + 1;
  const set: Record<string, unknown> = { level, updatedAt: at, announcePending: true };
  const unset: Record<string, true> = {};
  const { claimDays, resolveDays, tz } = ctx.config;
  if (reason === 'reopened') {
    Object.assign(set, deadlinesFrom(ctx, at), { status: 'open' });
    unset.claimedBy = true;
  } else if (reason === 'unclaimed') {
    if (next) set.claimDeadline = addWorkingDays(at, claimDays, ctx.calendar, tz).deadline;
    else unset.claimDeadline = true;
  } else if (next) {
    set.resolveDeadline = addWorkingDays(at, resolveDays, ctx.calendar, tz).deadline;
  } else {
    unset.resolveDeadline = true;
  }
  const res = await ctx.alerts.updateOne(
    { _id: alert._id, level: alert.level, status: alert.status },
    { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}), $push: { escalations: { at, level, toOrgId: next?._id ?? told, reason } } },
  );
  if (res.matched === 0) return null; // another run or an official moved it first
  const updated = (await ctx.alerts.findOne({ _id: alert._id }))!;
  await announceAlert(ctx, updated, { flush: opts.flush, report });
  return updated;
}

/**
 * An alert whose case moved without it (a crash between the report's change and the alert's): follow the
 * case instead of escalating. True when the alert was changed or is not this bureau's any more.
 */
async function followCase(ctx: AlertContext, alert: AlertRow, report: ReportRow | null, at: Date): Promise<boolean> {
  if (!report) return true;
  if (report.status === 'resolved' || report.status === 'rejected') {
    await ctx.alerts.updateOne({ _id: alert._id, status: alert.status }, { $set: { status: report.status, updatedAt: at }, $unset: { claimDeadline: true, resolveDeadline: true } });
    return true;
  }
  if (report.routedTo !== undefined && report.routedTo !== alert.orgId) return true;
  if (report.status === 'claimed' && alert.status === 'open') {
    await ctx.alerts.updateOne({ _id: alert._id, status: 'open' }, { $set: { status: 'claimed', updatedAt: at }, $unset: { claimDeadline: true } });
    return true;
  }
  return false;
}

/** Alerts read per page, alerts escalated at once, and the most one sweep takes (the next run takes the rest). */
const PAGE = 200;
const PARALLEL = 8;
const MAX_PER_SWEEP = 20_000;

/**
 * Every due alert, page by page (keyset on createdAt, _id), with at most PARALLEL at a time. Two instances
 * running it at once escalate nothing twice: each step is a compare-and-set in the store. Robots are flushed
 * once by the job afterwards, not per alert.
 */
export async function escalateDue(ctx: AlertContext, at: Date): Promise<EscalationCounts> {
  const counts: EscalationCounts = { unclaimed: 0, unresolved: 0, synced: 0, announced: 0 };
  await inParallel(await ctx.alerts.find({ announcePending: true }, { limit: PAGE }), PARALLEL, async (alert) => {
    await announceAlert(ctx, alert, { flush: false });
    counts.announced++;
  });
  const done = new Set<string>();
  const sweeps: ['unclaimed' | 'unresolved', Record<string, unknown>][] = [
    ['unclaimed', { status: 'open', claimDeadline: { $lte: at } }],
    ['unresolved', { status: { $in: ['open', 'claimed'] }, resolveDeadline: { $lte: at } }],
  ];
  for (const [reason, filter] of sweeps) {
    let after: { createdAt: Date; _id: string } | undefined;
    for (let seen = 0; seen < MAX_PER_SWEEP; ) {
      const page = await ctx.alerts.find(
        after ? { $and: [filter, { $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, _id: { $gt: after._id } }] }] } : filter,
        { sort: { createdAt: 1, _id: 1 }, limit: PAGE },
      );
      if (page.length === 0) break;
      seen += page.length;
      after = { createdAt: page.at(-1)!.createdAt, _id: page.at(-1)!._id };
      await inParallel(
        page.filter((a) => !done.has(a._id) && (done.add(a._id), true)),
        PARALLEL,
        async (alert) => {
          try {
            const report = await ctx.reports.get(alert.caseNumber);
            if (await followCase(ctx, alert, report, at)) {
              counts.synced++;
              return;
            }
            if (await escalateAlert(ctx, alert, reason, at, { flush: false, report })) counts[reason]++;
          } catch (e) {
            ctx.logger.error({ err: e, alertId: alert._id }, 'escalation failed for an alert; the next run tries again');
          }
        },
      );
    }
  }
  return counts;
}
