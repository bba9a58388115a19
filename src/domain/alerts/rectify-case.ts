/**
 * 办结 with its rectification (新教领秘〔2024〕2号 附件3): the measures taken and their state.
 *
 * - 已完成 (done): the rectification is recorded, then the case is resolved as before (case-actions.ts): the
 *   reporter gets the answer and "问题解决了吗？".
 * - 整改中 (in progress, with a time limit): the case stays open, claimed by the official; its alert's own
 *   deadlines are dropped (the time limit replaces them), the reporter is told that the problem is being put
 *   right and by when, and the `rectification` job follows it (follow-rectification.ts). Closing it later is
 *   办结 again, with 已完成.
 *
 * The rectification is written before the case moves, and only when the case is open: a repeated message (a
 * redelivery after a crash) finds the case still open and does the same again, never twice.
 */
import { isAppError } from '../../core/errors';
import { formatDateZh } from '../../core/parsers';
import type { Opinion, RectificationRow } from '../../store/rectification.model';
import { addDaysYmd, endOfDayInZone, isValidYmd, ymdInZone, zonedInstant } from '../calendar/time-zone';
import { isWorkingDay } from '../calendar/working-days';
import { DraftInvalidError } from '../reports';
import type { AlertContext } from './alert-context';
import { OPEN_STATUSES, type ActionResult, type CaseActions } from './case-actions';
import { notifyReporter } from './notify-reporter';
import { currentAlert } from './open-alert';
import { authorise, caseDetail, type CaseDetail, type Who } from './official-scope';

export interface RectificationInput {
  /** 办理结果: what the reporter is told. */
  response: string;
  /** 整改措施. */
  measures: string;
  state: RectificationRow['state'];
  /** 整改时限 'YYYY-MM-DD', required when in progress: after today, within a year. */
  deadline?: string;
  opinion?: Opinion;
}

export type RectifyResult =
  | ActionResult<{ detail: CaseDetail; rectification: RectificationRow }>
  | { ok: false; reason: 'bad_deadline' };

/** The longest time limit accepted, in days. */
export const MAX_DEADLINE_DAYS = 366;
const MEASURES_MAX = 500;

/** The working day `n` working days before `ymd` (ymd itself not counted). */
function workingDaysBefore(ymd: string, n: number, ctx: AlertContext): string {
  let d = ymd;
  for (let counted = 0; counted < n; ) {
    d = addDaysYmd(d, -1);
    if (isWorkingDay(d, ctx.calendar)) counted++;
  }
  return d;
}

/** Whether `deadline` is a time limit one may set today: after today, at most a year ahead. */
export function deadlineAcceptable(deadline: string, today: string): boolean {
  return isValidYmd(deadline) && deadline > today && deadline <= addDaysYmd(today, MAX_DEADLINE_DAYS);
}

export function createRectifyActions(ctx: AlertContext, actions: Pick<CaseActions, 'resolve'>) {
  const tz = ctx.config.tz;

  /** When to remind (none when that day is today or past) and when the case is overdue (the next morning). */
  function followUp(deadline: string, today: string): { remindAt?: Date; overdueAt: Date } {
    const remindOn = workingDaysBefore(deadline, ctx.config.rectificationRemindDays, ctx);
    return { ...(remindOn > today ? { remindAt: zonedInstant(remindOn, 0, tz) } : {}), overdueAt: endOfDayInZone(deadline, tz) };
  }

  return {
    /** The case's rectification as recorded, for its official (null: none yet). */
    async rectificationOf(who: Who, caseNumber: string): Promise<ActionResult<RectificationRow | null>> {
      const auth = await authorise(ctx, who, caseNumber);
      if (!auth) return { ok: false, reason: 'refused' };
      return { ok: true, value: await ctx.rectifications.findOne({ _id: auth.report.caseNumber }) };
    },

    async rectify(who: Who, caseNumber: string, input: RectificationInput): Promise<RectifyResult> {
      const auth = await authorise(ctx, who, caseNumber);
      if (!auth) return { ok: false, reason: 'refused' };
      const { official, report } = auth;
      if (!OPEN_STATUSES.includes(report.status)) return { ok: false, reason: 'conflict', status: report.status };
      const measures = input.measures.trim();
      if (!measures || !input.response.trim()) return { ok: false, reason: 'missing_text' };
      if ([...measures].length > MEASURES_MAX) return { ok: false, reason: 'too_long', max: MEASURES_MAX };
      const at = ctx.now();
      const today = ymdInZone(at, tz);
      const progress = input.state === 'in_progress';
      if (progress && !(input.deadline && deadlineAcceptable(input.deadline, today))) return { ok: false, reason: 'bad_deadline' };

      const id = report.caseNumber;
      const before = await ctx.rectifications.findOne({ _id: id });
      const deadline = progress ? input.deadline : before?.deadline;
      const follow = progress ? followUp(input.deadline!, today) : undefined;
      const set: Record<string, unknown> = {
        orgId: report.routedTo ?? official.org._id,
        measures,
        state: input.state,
        recordedBy: { name: official.person.name, orgId: official.org._id },
        updatedAt: at,
        ...(deadline ? { deadline } : {}),
        ...(follow?.remindAt ? { remindAt: follow.remindAt } : {}),
        ...(follow ? { overdueAt: follow.overdueAt } : { completedAt: at }),
        ...(input.opinion ? { opinion: input.opinion } : {}),
      };
      const unset: Record<string, true> = { remindedAt: true, escalatedAt: true };
      if (!follow?.remindAt) unset.remindAt = true;
      if (!follow) unset.overdueAt = true;
      else unset.completedAt = true;
      await ctx.rectifications.updateOne({ _id: id }, { $set: set, $unset: unset, $setOnInsert: { createdAt: at } }, { upsert: true });

      if (!progress) {
        const r = await actions.resolve(who, id, input.response);
        return r.ok ? { ok: true, value: { detail: r.value, rectification: (await ctx.rectifications.findOne({ _id: id }))! } } : r;
      }

      const note = ctx.render('alerts.note_rectifying', { measures, deadline });
      let changed;
      try {
        changed = await ctx.reports.changeStatus(id, 'claimed', official.actor, note, { response: input.response });
      } catch (e) {
        if (e instanceof DraftInvalidError) return { ok: false, reason: 'too_long', max: e.limit ?? 0 };
        if (!isAppError(e, 'conflict')) throw e;
        return { ok: false, reason: 'conflict', status: (await ctx.reports.get(id))?.status ?? report.status };
      }
      const alert = await currentAlert(ctx, id);
      if (alert && (alert.status === 'open' || alert.status === 'claimed')) {
        const claimedBy = alert.claimedBy ?? { userKey: official.userKey, name: official.person.name, orgId: official.org._id };
        await ctx.alerts.updateOne(
          { _id: alert._id },
          { $set: { status: 'claimed', claimedBy, updatedAt: at }, $unset: { claimDeadline: true, resolveDeadline: true } },
        );
      }
      const vars = { caseNumber: id, org: official.actor.orgName, response: changed.report.response, deadline: formatDateZh(deadline!) };
      await notifyReporter(ctx, changed, ctx.render('alerts.reporter_rectifying', vars));
      return { ok: true, value: { detail: await caseDetail(ctx, changed.report), rectification: (await ctx.rectifications.findOne({ _id: id }))! } };
    },
  };
}

export type RectifyActions = ReturnType<typeof createRectifyActions>;
