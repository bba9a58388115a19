/**
 * The reporter's answer to "问题解决了吗？", asked when an official closes a case: "解决了" / "没有", or
 * with the case number when several closed cases wait ("没有 NX-2026-000123"). The waiting question is in
 * the store (AlertService.answerFeedback), so this handler keeps no state. When nothing of this account
 * waits for an answer, the words were meant otherwise and the menu answers, as it would have anyway.
 */
import { defineHandler, say, type HandlerContext } from '../src/core/handler';
import type { AlertService, FeedbackAnswer } from '../src/domain/alerts';
import { parseCaseNumber } from '../src/domain/case-ids';
import { createHelpHandler, type HelpServices } from './help';

export interface ReporterFeedbackServices extends HelpServices {
  alerts: AlertService;
}

const IDS = ['feedback_solved', 'feedback_unsolved'] as const;

function parse(ctx: HandlerContext): { answer: FeedbackAnswer; caseText?: string } | undefined {
  if (ctx.inbound.kind !== 'text') return undefined;
  const m = ctx.commands.matchWithArgument(ctx.inbound.text, IDS);
  if (!m || (m.arg !== '' && !parseCaseNumber(m.arg))) return undefined;
  return { answer: m.id === 'feedback_solved' ? 'solved' : 'unsolved', ...(m.arg ? { caseText: m.arg } : {}) };
}

export function createReporterFeedbackHandler(services: ReporterFeedbackServices) {
  const help = createHelpHandler(services);
  async function answer(ctx: HandlerContext) {
    const p = parse(ctx)!;
    const who = { channel: ctx.inbound.channel, userId: ctx.inbound.userId };
    const r = await services.alerts.answerFeedback(who, p.answer, p.caseText);
    switch (r.kind) {
      case 'none':
        return help.start(ctx);
      case 'choose':
        return say(ctx.t('alerts.feedback_which', { cases: r.cases, answer: ctx.inbound.kind === 'text' ? ctx.inbound.text.trim() : '', example: r.cases[0] }));
      case 'unknown_case':
        return say(ctx.t('alerts.feedback_unknown_case'));
      case 'solved':
        return say(ctx.t('alerts.feedback_thanks', { caseNumber: r.caseNumber }));
      case 'reopened':
        return say(ctx.t('alerts.feedback_reopened', { caseNumber: r.caseNumber, org: r.org, to: r.to }));
    }
  }

  return defineHandler<Record<string, never>>({
    id: 'reporter-feedback',
    version: 1,
    idleMs: 0,
    inGroups: 'private',
    matches: (ctx) => parse(ctx) !== undefined,
    start: answer,
    step: (_state, ctx) => answer(ctx),
  });
}
