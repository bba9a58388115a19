/**
 * What officials do with a case from their 1:1 chat: list, view, claim, transfer, resolve, reject. Every
 * action checks jurisdiction first (official-scope.ts) and fails the same way for "not yours" and "no such
 * case". The report's status moves through ReportService.changeStatus (history with who and when, the
 * transition rules, compare-and-set); the alert follows; the reporter is told through the outbox with the
 * office's name only. A closed case (resolved or rejected) asks the reporter "问题解决了吗？": their "没有"
 * is the way to contest a rejection too, and it reaches the level above (reporter-feedback.ts).
 */
import { isAppError } from '../../core/errors';
import type { ReportRow, ReportStatus } from '../../store/report.model';
import { DraftInvalidError, type ChangeStatusResult } from '../reports';
import { officeName, type AlertContext } from './alert-context';
import { announceAlert } from './announce-alert';
import { notifyReporter } from './notify-reporter';
import { alertRules, currentAlert, openAlert } from './open-alert';
import { authorise, caseDetail, findBureau, findOfficial, recusedOf, type CaseDetail, type Official, type Who } from './official-scope';

export type ActionFailure =
  | { ok: false; reason: 'refused' }
  | { ok: false; reason: 'conflict'; status: ReportStatus }
  | { ok: false; reason: 'unknown_org' }
  | { ok: false; reason: 'same_org' }
  /** The case accuses the bureau it was to be transferred to. */
  | { ok: false; reason: 'recused'; org: string }
  | { ok: false; reason: 'missing_text' }
  | { ok: false; reason: 'too_long'; max: number };

export type ActionResult<T> = { ok: true; value: T } | ActionFailure;

export const OPEN_STATUSES: readonly ReportStatus[] = ['submitted', 'routed', 'claimed', 'reopened'];
const LIST_LIMIT = 20;
const REFUSED: ActionFailure = { ok: false, reason: 'refused' };

type Change = (official: Official, report: ReportRow) => Promise<ChangeStatusResult>;

export function createCaseActions(ctx: AlertContext) {
  /** Authorises, changes, maps the report service's refusals; then `after` (alert, reporter). */
  async function act(who: Who, caseNumber: string, change: Change, after: (o: Official, r: ChangeStatusResult) => Promise<void>): Promise<ActionResult<CaseDetail>> {
    const auth = await authorise(ctx, who, caseNumber);
    if (!auth) return REFUSED;
    let result: ChangeStatusResult;
    try {
      result = await change(auth.official, auth.report);
    } catch (e) {
      if (e instanceof DraftInvalidError) return { ok: false, reason: 'too_long', max: e.limit ?? 0 };
      if (!isAppError(e, 'conflict')) throw e;
      const now = await ctx.reports.get(caseNumber);
      return { ok: false, reason: 'conflict', status: now?.status ?? auth.report.status };
    }
    await after(auth.official, result);
    return { ok: true, value: await caseDetail(ctx, result.report) };
  }

  async function close(who: Who, caseNumber: string, status: 'resolved' | 'rejected', text: string): Promise<ActionResult<CaseDetail>> {
    if (!text.trim()) return (await authorise(ctx, who, caseNumber)) ? { ok: false, reason: 'missing_text' } : REFUSED;
    return act(
      who,
      caseNumber,
      (o) => ctx.reports.changeStatus(caseNumber, status, o.actor, text, { response: text }),
      async (o, r) => {
        const at = ctx.now();
        const alert = await currentAlert(ctx, r.report.caseNumber);
        if (alert && alert.status !== status) {
          await ctx.alerts.updateOne({ _id: alert._id }, { $set: { status, updatedAt: at }, $unset: { claimDeadline: true, resolveDeadline: true } });
        }
        const until = new Date(at.getTime() + ctx.config.feedbackDays * 86_400_000);
        await ctx.feedback.updateOne({ _id: r.report.caseNumber }, { $set: { status: 'awaiting', askedAt: at, until }, $unset: { answeredAt: true } }, { upsert: true });
        const vars = { caseNumber: r.report.caseNumber, org: o.actor.orgName, response: r.report.response };
        await notifyReporter(ctx, r, `${ctx.render(`alerts.reporter_${status}`, vars)}\n${ctx.render('alerts.feedback_question', vars)}`);
      },
    );
  }

  return {
    /** Whether the account is an active official (to show usage help to officials only). */
    isOfficial: async (who: Who): Promise<boolean> => (await findOfficial(ctx, who)) !== null,

    async openCases(who: Who): Promise<ActionResult<{ cases: CaseDetail[]; total: number }>> {
      const official = await findOfficial(ctx, who);
      if (!official) return REFUSED;
      const bureaus = (await ctx.directory.orgsWithin(official.org._id)).filter((o) => o.bureauName).map((o) => o._id);
      const filter = { routedTo: { $in: bureaus }, status: { $in: [...OPEN_STATUSES] }, recusedOrgIds: { $nin: [official.org._id] } };
      const rows = await ctx.reportRows.find(filter, { sort: { createdAt: 1, _id: 1 }, limit: LIST_LIMIT });
      const cases: CaseDetail[] = [];
      for (const r of rows) cases.push(await caseDetail(ctx, r));
      return { ok: true, value: { cases, total: await ctx.reportRows.count(filter) } };
    },

    async view(who: Who, caseNumber: string): Promise<ActionResult<CaseDetail>> {
      const auth = await authorise(ctx, who, caseNumber);
      return auth ? { ok: true, value: await caseDetail(ctx, auth.report) } : REFUSED;
    },

    claim(who: Who, caseNumber: string): Promise<ActionResult<CaseDetail>> {
      return act(
        who,
        caseNumber,
        (o) => ctx.reports.changeStatus(caseNumber, 'claimed', o.actor),
        async (o, r) => {
          const alert = await currentAlert(ctx, r.report.caseNumber);
          if (alert && (alert.status === 'open' || alert.status === 'claimed')) {
            const claimedBy = { userKey: o.userKey, name: o.person.name, orgId: o.org._id };
            await ctx.alerts.updateOne({ _id: alert._id }, { $set: { status: 'claimed', claimedBy, updatedAt: ctx.now() }, $unset: { claimDeadline: true } });
          }
          await notifyReporter(ctx, r, ctx.render('alerts.reporter_claimed', { caseNumber: r.report.caseNumber, org: o.actor.orgName }));
        },
      );
    },

    async transfer(who: Who, caseNumber: string, target: string): Promise<ActionResult<CaseDetail>> {
      const auth = await authorise(ctx, who, caseNumber);
      if (!auth) return REFUSED;
      const bureau = await findBureau(ctx, target, auth.official.org);
      if (!bureau) return { ok: false, reason: 'unknown_org' };
      if (bureau._id === auth.report.routedTo) return { ok: false, reason: 'same_org' };
      if ((await recusedOf(ctx, auth.report)).includes(bureau._id)) return { ok: false, reason: 'recused', org: officeName(bureau) };
      const note = ctx.render('alerts.note_transferred', { org: officeName(bureau) });
      return act(
        who,
        caseNumber,
        (o) => ctx.reports.changeStatus(caseNumber, 'routed', o.actor, note, { routedTo: bureau._id }),
        async (_o, r) => {
          const at = ctx.now();
          const old = await currentAlert(ctx, r.report.caseNumber);
          if (old) await ctx.alerts.updateOne({ _id: old._id }, { $set: { status: 'transferred', updatedAt: at }, $unset: { claimDeadline: true, resolveDeadline: true } });
          // A case that broke no rule moves without an alert, as it came.
          const rules = old?.rules ?? alertRules(ctx, r.report.matchedRules ?? [], bureau.divisionCode);
          if (old || rules.length > 0) await announceAlert(ctx, await openAlert(ctx, { caseNumber: r.report.caseNumber, orgId: bureau._id, rules, at }));
          await notifyReporter(ctx, r, ctx.render('alerts.reporter_transferred', { caseNumber: r.report.caseNumber, org: officeName(bureau) }));
        },
      );
    },

    resolve: (who: Who, caseNumber: string, note: string) => close(who, caseNumber, 'resolved', note),
    reject: (who: Who, caseNumber: string, reason: string) => close(who, caseNumber, 'rejected', reason),
  };
}

export type CaseActions = ReturnType<typeof createCaseActions>;
