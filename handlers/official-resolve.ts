/**
 * 办结 <case> <办理结果>: a short exchange in the official's 1:1 chat that records the rectification
 * (新教领秘〔2024〕2号 附件3) before the case is closed:
 *
 *   整改措施 (typed; "同上" keeps the measures recorded before) → 完成情况 (1 已完成 / 2 整改中)
 *   → 整改时限 (整改中 only: a date after today, within a year) → 意见建议 for the 摸排清单 (清理/保留/优化, or 跳过)
 *
 * Then AlertService.rectify: 已完成 closes the case and asks the reporter "问题解决了吗？"; 整改中 keeps it open
 * and the rectification job follows it. "取消" leaves the case as it was. Anyone who may not act on the case
 * gets the officials' single refusal at the first message, before any question.
 */
import { defineHandler, say, type HandlerContext, type Turn } from '../src/core/handler';
import { formatDateZh, parseChoice, parseDate, parseText } from '../src/core/parsers';
import type { AlertService, RectificationInput, RectifyResult } from '../src/domain/alerts';
import { deadlineAcceptable, MAX_DEADLINE_DAYS, OPEN_STATUSES } from '../src/domain/alerts';
import { ymdInZone } from '../src/domain/calendar/time-zone';
import { OPINIONS, type Opinion, type RectificationState } from '../src/store/rectification.model';
import { parseCaseCommand } from './official';

export interface OfficialResolveServices {
  alerts: AlertService;
  idleMs: number;
}

type Step = 'measures' | 'state' | 'deadline' | 'opinion';

interface ResolveState extends Record<string, unknown> {
  caseNumber: string;
  response: string;
  step: Step;
  previous?: string;
  measures?: string;
  state?: RectificationState;
  deadline?: string;
}

const MEASURES_MAX = 500;
/** Words that start another official command: typed mid-exchange they are not an answer. */
const OTHER_COMMANDS = ['case_todo', 'case_claim', 'case_transfer', 'case_resolve', 'case_reject', 'case_view'];

const STATE_OPTIONS = (ctx: HandlerContext) => [
  { value: 'done', labels: [ctx.t('rectification.state_done')] },
  { value: 'in_progress', labels: [ctx.t('rectification.state_in_progress'), ctx.t('rectification.state_in_progress_alt')] },
];
const OPINION_OPTIONS = (ctx: HandlerContext) => OPINIONS.map((o) => ({ value: o, labels: [ctx.t(`rectification.opinion_${o}`)] }));

export function createOfficialResolveHandler(services: OfficialResolveServices) {
  const { alerts } = services;
  const tz = alerts.config.tz;

  const ask = (ctx: HandlerContext, s: ResolveState): string => {
    if (s.step === 'measures') return ctx.t('officials.resolve_ask_measures', { caseNumber: s.caseNumber, max: MEASURES_MAX, previous: s.previous });
    if (s.step === 'state') return ctx.t('officials.resolve_ask_state');
    if (s.step === 'deadline') return ctx.t('officials.resolve_ask_deadline', { days: MAX_DEADLINE_DAYS });
    return ctx.t('officials.resolve_ask_opinion');
  };
  const next = (ctx: HandlerContext, s: ResolveState, ...before: string[]): Turn<ResolveState> => ({
    replies: [...before, ask(ctx, s)].map((text) => ({ kind: 'text', text })),
    state: s,
  });

  function failure(ctx: HandlerContext, r: Exclude<RectifyResult, { ok: true }>, caseNumber: string): string {
    switch (r.reason) {
      case 'conflict':
        return ctx.t('officials.conflict', { caseNumber, status: ctx.t(`cases.status_${r.status}`) });
      case 'missing_text':
        return ctx.t('officials.usage_resolve');
      case 'too_long':
        return ctx.t('officials.too_long', { max: r.max });
      case 'bad_deadline':
        return ctx.t('officials.resolve_bad_deadline', { days: MAX_DEADLINE_DAYS });
      default:
        return ctx.t('officials.refused');
    }
  }

  async function finish(ctx: HandlerContext, s: ResolveState, opinion: Opinion | undefined): Promise<Turn<ResolveState>> {
    const who = { channel: ctx.inbound.channel, userId: ctx.inbound.userId };
    const input: RectificationInput = {
      response: s.response,
      measures: s.measures!,
      state: s.state!,
      ...(s.deadline ? { deadline: s.deadline } : {}),
      ...(opinion ? { opinion } : {}),
    };
    const r = await alerts.rectify(who, s.caseNumber, input);
    if (!r.ok) {
      // A time limit that turned stale while the exchange waited is asked again; anything else ends it.
      if (r.reason === 'bad_deadline') return next(ctx, { ...s, step: 'deadline' }, failure(ctx, r, s.caseNumber));
      return say(failure(ctx, r, s.caseNumber));
    }
    if (s.state === 'done') return say(ctx.t('officials.resolved', { caseNumber: s.caseNumber }));
    const remindAt = r.value.rectification.remindAt;
    return say(
      ctx.t('officials.rectifying', {
        caseNumber: s.caseNumber,
        deadline: formatDateZh(s.deadline!),
        remindOn: remindAt ? formatDateZh(ymdInZone(remindAt, tz)) : undefined,
      }),
    );
  }

  async function start(ctx: HandlerContext): Promise<Turn<ResolveState>> {
    const p = parseCaseCommand(ctx, ['case_resolve'] as const)!;
    const who = { channel: ctx.inbound.channel, userId: ctx.inbound.userId };
    if (!p.caseNumber) return say(ctx.t((await alerts.isOfficial(who)) ? 'officials.usage_resolve' : 'officials.refused'));
    const view = await alerts.view(who, p.caseNumber);
    if (!view.ok) return say(ctx.t('officials.refused'));
    const status = view.value.view.status;
    if (!OPEN_STATUSES.includes(status)) return say(ctx.t('officials.conflict', { caseNumber: p.caseNumber, status: ctx.t(`cases.status_${status}`) }));
    if (!p.rest.trim()) return say(ctx.t('officials.usage_resolve'));
    const recorded = await alerts.rectificationOf(who, p.caseNumber);
    const previous = recorded.ok ? recorded.value?.measures : undefined;
    return next(ctx, { caseNumber: p.caseNumber, response: p.rest, step: 'measures', ...(previous ? { previous } : {}) });
  }

  async function step(s: ResolveState, ctx: HandlerContext): Promise<Turn<ResolveState>> {
    if (ctx.command === 'cancel') return say(ctx.t('officials.resolve_cancelled', { caseNumber: s.caseNumber }));
    if (ctx.command === 'help') return next(ctx, s);
    const text = ctx.inbound.kind === 'text' ? ctx.inbound.text : '';
    if (ctx.command === 'case_todo' || ctx.commands.matchWithArgument(text, OTHER_COMMANDS)) {
      return next(ctx, s, ctx.t('officials.resolve_busy', { caseNumber: s.caseNumber }));
    }
    switch (s.step) {
      case 'measures': {
        if (ctx.command === 'same') return s.previous ? next(ctx, { ...s, measures: s.previous, step: 'state' }) : next(ctx, s, ctx.t('officials.resolve_need_text'));
        const r = parseText(text, { maxChars: MEASURES_MAX });
        if (!r.ok) return next(ctx, s, r.hint === 'too_long' ? ctx.t('officials.too_long', { max: MEASURES_MAX }) : ctx.t('officials.resolve_need_text'));
        return next(ctx, { ...s, measures: r.value, step: 'state' });
      }
      case 'state': {
        const r = parseChoice(text, STATE_OPTIONS(ctx));
        if (!r.ok) return next(ctx, s, ctx.t('officials.resolve_not_choice'));
        const state = r.value as RectificationState;
        return next(ctx, { ...s, state, step: state === 'in_progress' ? 'deadline' : 'opinion' });
      }
      case 'deadline': {
        const r = parseDate(text, { now: ctx.now, timezone: tz, allowFuture: true });
        if (!r.ok || !deadlineAcceptable(r.value.date, ymdInZone(ctx.now, tz))) return next(ctx, s, ctx.t('officials.resolve_bad_deadline', { days: MAX_DEADLINE_DAYS }));
        return next(ctx, { ...s, deadline: r.value.date, step: 'opinion' });
      }
      case 'opinion': {
        if (ctx.command === 'skip') return finish(ctx, s, undefined);
        const r = parseChoice(text, OPINION_OPTIONS(ctx));
        if (!r.ok) return next(ctx, s, ctx.t('officials.resolve_not_choice'));
        return finish(ctx, s, r.value as Opinion);
      }
    }
  }

  return defineHandler<ResolveState>({
    id: 'official-resolve',
    version: 1,
    idleMs: services.idleMs,
    inGroups: 'public',
    matches: (ctx) => parseCaseCommand(ctx, ['case_resolve'] as const) !== undefined,
    start,
    step,
  });
}
