/**
 * Following a case: "我的反映" lists the account's cases (anonymous ones too, found by the keyed hash);
 * "查询 <case number or receipt code>" shows the status history and the bureau's answer.
 */
import { defineHandler, say, type HandlerContext } from '../src/core/handler';
import { findReceiptCode, formatCaseNumber, isReceiptCodeLike, parseCaseNumber } from '../src/domain/case-ids';
import type { ReportView } from '../src/domain/reports';
import { ymdInZone } from '../src/domain/calendar/time-zone';
import type { HandlerServices } from './handler-services';

const day = (d: Date) => ymdInZone(d, 'Asia/Shanghai');

function describe(ctx: HandlerContext, view: ReportView): string {
  const lines = [
    ctx.t('cases.detail_header', { caseNumber: view.caseNumber, kind: ctx.t(`cases.kind_${view.kind}`), status: ctx.t(`cases.status_${view.status}`) }),
    ...view.history.map((h) =>
      ctx.t('cases.detail_history_item', {
        date: day(h.at),
        status: ctx.t(`cases.status_${h.status}`),
        by: h.actor.orgName ?? (h.actor.kind === 'reporter' ? ctx.t('cases.actor_reporter') : ''),
      }),
    ),
  ];
  if (view.response) lines.push(ctx.t('cases.detail_response', { response: view.response }));
  return lines.join('\n');
}

export function createMyCases(services: HandlerServices) {
  const queryOf = (ctx: HandlerContext) => (ctx.inbound.kind === 'text' ? ctx.commands.matchWithArgument(ctx.inbound.text, ['query']) : undefined);

  async function answer(ctx: HandlerContext) {
    const { channel, userId } = ctx.inbound;
    if (ctx.command === 'my_cases') {
      const mine = await services.reports.listMine(channel, userId, { limit: 10 });
      if (mine.length === 0) return say(ctx.t('cases.none'));
      const items = mine.map((r) =>
        ctx.t('cases.list_item', { caseNumber: r.caseNumber, kind: ctx.t(`cases.kind_${r.kind}`), status: ctx.t(`cases.status_${r.status}`), date: day(r.createdAt) }),
      );
      return say([ctx.t('cases.list_header', { count: mine.length }), ...items, ctx.t('cases.list_footer')].join('\n'));
    }
    const arg = queryOf(ctx)?.arg ?? '';
    const caseNo = parseCaseNumber(arg);
    const receipt = findReceiptCode(arg);
    // Shaped like a receipt code but failing its check character: a typo, said as "not found".
    if (!caseNo && !receipt) return say(ctx.t(isReceiptCodeLike(arg) ? 'cases.not_found' : 'cases.query_how'));
    const view = caseNo
      ? await services.reports.findByCaseNumber(formatCaseNumber(caseNo.region, caseNo.year, caseNo.seq), { channel, userId })
      : await services.reports.findByReceipt(receipt!);
    return say(view ? describe(ctx, view) : ctx.t('cases.not_found'));
  }

  return defineHandler<Record<string, never>>({
    id: 'my-cases',
    interruptsAs: 'core.name_my_cases',
    version: 1,
    idleMs: 0,
    inGroups: 'private',
    matches: (ctx) => ctx.command === 'my_cases' || queryOf(ctx) !== undefined,
    start: answer,
    step: (_state, ctx) => answer(ctx),
  });
}
