/**
 * The reporter's answer to "问题解决了吗？" (asked when an official closes the case, case-actions.ts).
 *
 * The question waits in the store (`case_feedback`, per case), not in a conversation: an answer can come
 * at any time, on any instance, while the reporter does something else. The account's cases are found by
 * ReportService.listMine (keyed hash), so nothing about the reporter is stored here, anonymous or not.
 * "没有" reopens the case as the reporter (history: only "举报人" for anonymous ones) and escalates its
 * alert one level (a case that had none, because it broke no listed rule, gets one at level 1: the reporter
 * contests the answer, and the level above should see it). Up means up: never to a bureau the case accuses.
 */
import { isAppError } from '../../core/errors';
import { formatCaseNumber, parseCaseNumber } from '../case-ids';
import { officeName, type AlertContext } from './alert-context';
import { announceAlert } from './announce-alert';
import { bureauAbove } from './bureau-above';
import { escalateAlert } from './escalate-alert';
import { alertRules, currentAlert, openAlert } from './open-alert';
import type { Who } from './official-scope';

export type FeedbackAnswer = 'solved' | 'unsolved';

export type FeedbackOutcome =
  /** Nothing of this account awaits an answer (the message was something else). */
  | { kind: 'none' }
  /** Several cases await one: the reporter must say which. */
  | { kind: 'choose'; cases: string[] }
  /** The case named does not await this account's answer. */
  | { kind: 'unknown_case' }
  | { kind: 'solved'; caseNumber: string }
  | { kind: 'reopened'; caseNumber: string; org: string; to: string };

const canonical = (text: string): string | null => {
  const p = parseCaseNumber(text);
  return p ? formatCaseNumber(p.region, p.year, p.seq) : null;
};

export async function answerFeedback(ctx: AlertContext, who: Who, answer: FeedbackAnswer, caseText?: string): Promise<FeedbackOutcome> {
  const now = ctx.now();
  const mine = await ctx.reports.listMine(who.channel, who.userId, { limit: 200 });
  const closed = mine.filter((s) => s.status === 'resolved' || s.status === 'rejected').map((s) => s.caseNumber);
  const waiting = closed.length === 0 ? [] : await ctx.feedback.find({ _id: { $in: closed }, status: 'awaiting', until: { $gt: now } }, { sort: { askedAt: -1 } });
  if (waiting.length === 0) return { kind: 'none' };
  const named = caseText ? canonical(caseText) : null;
  if (caseText && !named) return { kind: 'unknown_case' };
  if (!named && waiting.length > 1) return { kind: 'choose', cases: waiting.map((w) => w._id) };
  const caseNumber = named ?? waiting[0]!._id;
  if (!waiting.some((w) => w._id === caseNumber)) return { kind: 'unknown_case' };

  const taken = await ctx.feedback.updateOne({ _id: caseNumber, status: 'awaiting' }, { $set: { status: answer, answeredAt: now } });
  if (taken.matched === 0) return { kind: 'none' }; // answered meanwhile (a second message)
  if (answer === 'solved') return { kind: 'solved', caseNumber };

  let report;
  try {
    ({ report } = await ctx.reports.changeStatus(caseNumber, 'reopened', { kind: 'reporter' }));
  } catch (e) {
    if (!isAppError(e, 'conflict')) throw e;
    return { kind: 'none' };
  }
  const bureauId = report.routedTo ?? '';
  const bureau = await ctx.directory.getOrg(bureauId);
  const alert = await currentAlert(ctx, caseNumber);
  let toOrgId: string | undefined;
  if (alert) {
    toOrgId = (await escalateAlert(ctx, alert, 'reopened', now))?.escalations.at(-1)?.toOrgId;
  } else if (bureau) {
    const above = await bureauAbove(ctx.directory, bureau._id, report.recusedOrgIds ?? []);
    toOrgId = above?._id ?? bureau._id;
    const rules = alertRules(ctx, report.matchedRules ?? [], bureau.divisionCode);
    const opened = await openAlert(ctx, { caseNumber, orgId: bureau._id, rules, at: now, escalation: { at: now, level: 1, toOrgId, reason: 'reopened' } });
    await announceAlert(ctx, opened);
  }
  const to = toOrgId ? await ctx.directory.getOrg(toOrgId) : null;
  return { kind: 'reopened', caseNumber, org: bureau ? officeName(bureau) : '', to: to ? officeName(to) : '' };
}
