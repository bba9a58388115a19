/**
 * Following a rectification in progress (整改中) to its time limit, as of `at` (the `rectification` job):
 *
 * - at `remindAt` (some working days before the limit) the handling bureau's groups are reminded, once;
 * - at `overdueAt` (the limit has passed) the case escalates one level, once, with the reason `overdue`; a
 *   case that broke no listed rule has no alert, and gets one at level 1, as a contested answer does.
 *
 * A rectification whose case was closed or moved meanwhile is left alone (closing it records it as done).
 * Each step is marked on the row with a compare-and-set after its messages are queued under ids per (case,
 * time limit, step, robot), so a run repeated or taken over sends nothing twice.
 */
import { formatDateZh } from '../../core/parsers';
import type { RectificationRow } from '../../store/rectification.model';
import { workingDaysBetween } from '../calendar/working-days';
import { nearestGroups } from '../directory/directory-repo';
import { officeName, type AlertContext } from './alert-context';
import { announceAlert } from './announce-alert';
import { OPEN_STATUSES } from './case-actions';
import { escalateAlert } from './escalate-alert';
import { alertRules, currentAlert, openAlert } from './open-alert';

export interface RectificationCounts {
  reminded: number;
  escalated: number;
  /** Cases closed or moved since: nothing to follow any more. */
  skipped: number;
}

const BATCH = 200;

/** The case's rectification is still to be followed: the case is open and still with the same bureau. */
async function stillFollowed(ctx: AlertContext, row: RectificationRow): Promise<boolean> {
  const report = await ctx.reports.get(row._id);
  return report !== null && OPEN_STATUSES.includes(report.status) && (report.routedTo ?? row.orgId) === row.orgId;
}

async function remind(ctx: AlertContext, row: RectificationRow, at: Date): Promise<boolean> {
  const bureau = await ctx.directory.getOrg(row.orgId);
  const to = await nearestGroups(ctx.directory, row.orgId);
  const days = workingDaysBetween(at, row.deadline!, ctx.calendar, ctx.config.tz).days;
  const text = ctx.render('alerts.rectification_reminder', {
    caseNumber: row._id,
    bureau: bureau ? officeName(bureau) : row.orgId,
    deadline: formatDateZh(row.deadline!),
    days,
    measures: row.measures,
  });
  const messages = (to?.destinations ?? []).map((destination, i) => ({
    id: `rectification:${row._id}:${row.deadline}:remind:${i}`,
    destination,
    reply: { kind: 'text' as const, text },
  }));
  if (messages.length === 0) ctx.logger.warn({ caseNumber: row._id, orgId: row.orgId }, 'no group robot to remind of a rectification');
  await ctx.outbox.enqueue(messages, at);
  return (await ctx.rectifications.updateOne({ _id: row._id, state: 'in_progress', remindedAt: { $exists: false } }, { $set: { remindedAt: at } })).matched > 0;
}

async function escalate(ctx: AlertContext, row: RectificationRow, at: Date): Promise<boolean> {
  // Marked first: an escalation is one compare-and-set on the alert, and announcing it again is idempotent.
  const taken = await ctx.rectifications.updateOne({ _id: row._id, state: 'in_progress', escalatedAt: { $exists: false } }, { $set: { escalatedAt: at } });
  if (taken.matched === 0) return false;
  const alert = await currentAlert(ctx, row._id);
  if (alert && (alert.status === 'open' || alert.status === 'claimed')) return (await escalateAlert(ctx, alert, 'overdue', at)) !== null;
  const report = (await ctx.reports.get(row._id))!;
  const bureau = await ctx.directory.getOrg(row.orgId);
  const above = await ctx.directory.parentBureau(row.orgId);
  const rules = alertRules(ctx, report.matchedRules ?? [], bureau?.divisionCode);
  const opened = await openAlert(ctx, { caseNumber: row._id, orgId: row.orgId, rules, at, escalation: { at, level: 1, toOrgId: above?._id ?? row.orgId, reason: 'overdue' } });
  await ctx.alerts.updateOne({ _id: opened._id }, { $set: { status: 'claimed' }, $unset: { claimDeadline: true } });
  await announceAlert(ctx, (await ctx.alerts.findOne({ _id: opened._id }))!);
  return true;
}

export async function followRectifications(ctx: AlertContext, at: Date): Promise<RectificationCounts> {
  const counts: RectificationCounts = { reminded: 0, escalated: 0, skipped: 0 };
  const steps: Array<[keyof Omit<RectificationCounts, 'skipped'>, 'remindedAt' | 'escalatedAt', Record<string, unknown>, typeof remind]> = [
    ['reminded', 'remindedAt', { state: 'in_progress', remindAt: { $lte: at }, remindedAt: { $exists: false }, overdueAt: { $gt: at } }, remind],
    ['escalated', 'escalatedAt', { state: 'in_progress', overdueAt: { $lte: at }, escalatedAt: { $exists: false } }, escalate],
  ];
  for (const [count, marker, filter, step] of steps) {
    for (const row of await ctx.rectifications.find(filter, { sort: { updatedAt: 1 }, limit: BATCH })) {
      try {
        if (!(await stillFollowed(ctx, row))) {
          // Closed (rejected) or moved to another bureau: this step is moot; marked so that it is not looked at again.
          await ctx.rectifications.updateOne({ _id: row._id, [marker]: { $exists: false } }, { $set: { [marker]: at } });
          counts.skipped++;
          continue;
        }
        if (await step(ctx, row, at)) counts[count]++;
      } catch (e) {
        ctx.logger.error({ err: e, caseNumber: row._id }, 'following a rectification failed; the next run tries again');
      }
    }
  }
  return counts;
}
