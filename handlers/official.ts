/**
 * Officials act on cases in their 1:1 chat: 待办, 认领 <case>, 转办 <case> <org>, 驳回 <case> <理由>,
 * 查看 <case> [页] (words in templates/commands.yaml). Stateless: one message, one answer. 办结 <case> <说明> asks
 * for the rectification and is a conversation of its own (official-resolve.ts).
 *
 * Someone without the official role is told these commands are for bureau staff and what they can do
 * instead. An official outside the case's jurisdiction, or naming a case that does not exist, gets the same
 * single refusal and nothing else, so the answer never tells whether a case exists.
 * A message only starts this conversation when the command word is followed by nothing or by a case
 * number ("查看进度" from a teacher is not a command here and goes to the menu).
 */
import { defineHandler, say, type HandlerContext } from '../src/core/handler';
import type { ActionResult, AlertService, CaseDetail } from '../src/domain/alerts';
import { formatCaseNumber, parseCaseNumber } from '../src/domain/case-ids';
import { caseDetailPages, localTime, todoText } from './official-texts';

export interface OfficialHandlerServices {
  alerts: AlertService;
}

const CASE_COMMANDS = ['case_claim', 'case_transfer', 'case_reject', 'case_view'] as const;
type CaseCommand = (typeof CASE_COMMANDS)[number];

export interface ParsedCaseCommand<C extends string = CaseCommand> {
  id: C | 'case_todo';
  caseNumber?: string;
  rest: string;
}
type Parsed = ParsedCaseCommand;

/** "<command> [<case> [<text>]]" among `among`; undefined when the text is not that (a teacher's "查看进度"). */
export function parseCaseCommand<C extends string>(ctx: HandlerContext, among: readonly C[]): ParsedCaseCommand<C> | undefined {
  if (ctx.inbound.kind !== 'text') return undefined;
  const m = ctx.commands.matchWithArgument(ctx.inbound.text, among);
  if (!m) return undefined;
  const id = m.id as C;
  if (m.arg === '') return { id, rest: '' };
  const [first = '', ...more] = m.arg.split(/\s+/);
  const c = parseCaseNumber(first);
  if (!c) return undefined;
  // The note as typed: matchWithArgument's argument is NFKC ("，" became ","); the same last words of the
  // original text keep the official's punctuation for the reporter.
  const original = ctx.inbound.text.trim().split(/\s+/);
  const sameWords = original.length === ctx.inbound.text.normalize('NFKC').trim().split(/\s+/).length;
  const typed = more.length === 0 ? '' : sameWords ? original.slice(-more.length).join(' ') : more.join(' ');
  return { id, caseNumber: formatCaseNumber(c.region, c.year, c.seq), rest: typed };
}

function parse(ctx: HandlerContext): Parsed | undefined {
  return ctx.command === 'case_todo' ? { id: 'case_todo', rest: '' } : parseCaseCommand(ctx, CASE_COMMANDS);
}

const USAGE: Record<CaseCommand, string> = {
  case_claim: 'officials.usage_claim',
  case_transfer: 'officials.usage_transfer',
  case_reject: 'officials.usage_reject',
  case_view: 'officials.usage_view',
};

export function createOfficialHandler(services: OfficialHandlerServices) {
  const { alerts } = services;

  function failure(ctx: HandlerContext, r: Exclude<ActionResult<unknown>, { ok: true }>, p: Parsed): string {
    const caseNumber = p.caseNumber;
    switch (r.reason) {
      case 'refused':
        return ctx.t('officials.refused');
      case 'conflict':
        return ctx.t('officials.conflict', { caseNumber, status: ctx.t(`cases.status_${r.status}`) });
      case 'unknown_org':
        return ctx.t('officials.unknown_org', { caseNumber, target: p.rest });
      case 'same_org':
        return ctx.t('officials.same_org', { caseNumber, org: p.rest });
      case 'recused':
        return ctx.t('officials.recused', { caseNumber, org: r.org });
      case 'missing_text':
        return ctx.t(USAGE[p.id as CaseCommand]);
      case 'too_long':
        return ctx.t('officials.too_long', { max: r.max });
    }
  }

  async function answer(ctx: HandlerContext) {
    const p = parse(ctx)!;
    const who = { channel: ctx.inbound.channel, userId: ctx.inbound.userId };
    // Whether the person is staff says nothing about any case: someone else is told what they can do instead.
    if (!(await alerts.isOfficial(who))) return say(ctx.t('officials.not_staff'));
    if (p.id === 'case_todo') {
      const r = await alerts.openCases(who);
      return say(r.ok ? todoText(ctx, r.value.cases, r.value.total) : ctx.t('officials.refused'));
    }
    if (!p.caseNumber) {
      return say(ctx.t(USAGE[p.id]));
    }
    const c = p.caseNumber;
    if (p.id === 'case_transfer' && !p.rest) {
      const r = await alerts.view(who, c);
      return say(ctx.t(r.ok ? USAGE[p.id] : 'officials.refused'));
    }
    const done = (r: ActionResult<CaseDetail>, text: (d: CaseDetail) => string) => say(r.ok ? text(r.value) : failure(ctx, r, p));
    switch (p.id) {
      case 'case_view':
        return done(await alerts.view(who, c), (d) => {
          // 查看 <case> 2: the second page of a long case.
          const pages = caseDetailPages(ctx, d);
          const n = /^\d{1,3}$/.test(p.rest) ? Number(p.rest) : 1;
          return n >= 1 && n <= pages.length ? pages[n - 1]! : ctx.t('officials.no_page', { caseNumber: c, pages: pages.length });
        });
      case 'case_claim':
        return done(await alerts.claim(who, c), (d) => ctx.t('officials.claimed', { caseNumber: c, resolveBy: localTime(d.alert?.resolveDeadline) }));
      case 'case_transfer':
        return done(await alerts.transfer(who, c, p.rest), (d) => ctx.t('officials.transferred', { caseNumber: c, org: d.bureau }));
      case 'case_reject':
        return done(await alerts.reject(who, c, p.rest), () => ctx.t('officials.rejected', { caseNumber: c }));
    }
  }

  return defineHandler<Record<string, never>>({
    id: 'official',
    interruptsAs: 'core.name_official',
    version: 1,
    idleMs: 0,
    inGroups: 'public',
    matches: (ctx) => parse(ctx) !== undefined,
    start: answer,
    step: (_state, ctx) => answer(ctx),
  });
}
