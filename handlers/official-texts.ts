/**
 * How officials read cases in their chat: one case (查看) and the list (待办), from CaseDetail (the
 * official view of the report, never a raw row). An anonymous report shows "反映人：匿名" (a 举报: "举报人：匿名")
 * and nothing else about its reporter, in the header and in every history entry. 查看 cites every rule the
 * alert cites, as the alert does (citeRule), and comes in pages that each fit one chat message. Asked in a
 * group chat (a bureau's work group), it says nothing about the reporter at all, named or not.
 */
import type { HandlerContext } from '../src/core/handler';
import { citeRule, schoolOrArea, type CaseDetail } from '../src/domain/alerts';
import { msOfDayInZone, ymdInZone } from '../src/domain/calendar/time-zone';
import type { OfficialHistoryEntry } from '../src/domain/reports';
import { describeWhen } from '../src/domain/reports/describe-when';

const TZ = 'Asia/Shanghai';

export function localTime(d: Date | undefined): string | undefined {
  if (!d) return undefined;
  const min = Math.floor(msOfDayInZone(d, TZ) / 60_000);
  return `${ymdInZone(d, TZ)} ${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** In a group chat the answer is public: nothing about the reporter, even of a case filed under a name. */
const inGroup = (ctx: HandlerContext): boolean => ctx.inbound.chat.kind === 'group';

function actor(ctx: HandlerContext, h: OfficialHistoryEntry, label: string): string {
  const a = h.actor;
  if (a.kind === 'reporter') return a.name && !inGroup(ctx) ? ctx.t('officials.actor_reporter_named', { label, name: a.name }) : ctx.t('officials.actor_reporter', { label });
  if (a.kind === 'system') return ctx.t('officials.actor_system', { org: a.orgName });
  return ctx.t('officials.actor_official', { name: a.name ?? '', org: a.orgName });
}

function alertLine(ctx: HandlerContext, d: CaseDetail): string | undefined {
  const a = d.alert;
  if (!a) return undefined;
  const last = a.escalations.at(-1);
  let s = last ? ctx.t('officials.alert_level', { level: a.level, to: last.to }) : ctx.t('officials.alert_level_none');
  if (a.status === 'open' && a.claimDeadline) s += ctx.t('officials.alert_claim_by', { claimBy: localTime(a.claimDeadline) });
  if (a.resolveDeadline && (a.status === 'open' || a.status === 'claimed')) s += ctx.t('officials.alert_resolve_by', { resolveBy: localTime(a.resolveDeadline) });
  if (a.claimedBy) s += ctx.t('officials.alert_claimed_by', { name: a.claimedBy });
  return s;
}

/** A page of 查看 stays under one passive WeCom text (2048 bytes). */
export const DETAIL_PAGE_BYTES = 1900;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function ruleLines(ctx: HandlerContext, d: CaseDetail): string[] {
  // The alert's citations (依据/参照 as the group saw them); a case with no alert cites what it matched, as 参照.
  const rules = d.alert?.rules ?? (d.view.matchedRules ?? []).map((m) => ({ ...m, binding: false, ...(m.condition ? { byCondition: true } : {}) }));
  return rules.map((r) => citeRule(ctx.t, r));
}

/**
 * 查看 in pages: the first is the whole case with as many of its rules as fit and "另有 N 条"; the next pages
 * carry the other rules (查看 <case> 2, 3 …), so every rule the alert cites can be read.
 */
export function caseDetailPages(ctx: HandlerContext, d: CaseDetail): string[] {
  const lines = ruleLines(ctx, d);
  const caseNumber = d.view.caseNumber;
  const firstWith = (n: number) =>
    caseDetailText(ctx, d, n < lines.length ? [...lines.slice(0, n), ctx.t('officials.detail_more', { count: lines.length - n, caseNumber })] : lines);
  let shown = lines.length;
  while (shown > 1 && bytes(firstWith(shown)) > DETAIL_PAGE_BYTES) shown--;
  const chunks: string[][] = [];
  for (const line of lines.slice(shown)) {
    const last = chunks.at(-1);
    // Room for the heading and the "next page" line.
    if (last && bytes([...last, line].join('\n')) <= DETAIL_PAGE_BYTES - 300) last.push(line);
    else chunks.push([line]);
  }
  const pages = chunks.length + 1;
  return [
    firstWith(shown),
    ...chunks.map((c, i) => {
      const page = i + 2;
      const next = page < pages ? ctx.t('officials.detail_next', { caseNumber, next: page + 1 }) : undefined;
      return [ctx.t('officials.detail_continued', { caseNumber, page, pages }), ...c, ...(next ? [next] : [])].join('\n');
    }),
  ];
}

/** The case as one text, citing `rules` (default: all of them). */
export function caseDetailText(ctx: HandlerContext, d: CaseDetail, rules: string[] = ruleLines(ctx, d)): string {
  const v = d.view;
  // A 负担反映 has a 反映人, a 举报 a 举报人: the header and every history line say the same word.
  const reporterLabel = ctx.t(`cases.reporter_label_${v.kind}`);
  return ctx.t('officials.detail', {
    caseNumber: v.caseNumber,
    kind: ctx.t(`cases.kind_${v.kind}`),
    status: ctx.t(`cases.status_${v.status}`),
    category: d.category ?? ctx.t('alerts.category_unknown'),
    item: v.itemName,
    unit: v.organisingUnit,
    unitLabel: ctx.t(`alerts.unit_label_${v.kind}`),
    happenedOn: describeWhen(ctx.t, v),
    school: schoolOrArea(ctx.t, v, d.school),
    place: v.place,
    scope: v.scope,
    form: v.form,
    approved: v.approved ? ctx.t(`officials.approved_${v.approved}`) : undefined,
    content: v.content,
    evidence: v.evidence.length || undefined,
    reporterLabel,
    reporter: inGroup(ctx)
      ? ctx.t('officials.reporter_in_group')
      : v.anonymous
      ? ctx.t('officials.reporter_anonymous')
      : v.reporter?.name
        ? ctx.t('officials.reporter_named', { name: v.reporter.name })
        : ctx.t('officials.reporter_unknown'),
    bureau: d.bureau,
    rules: rules.length > 0 ? rules.join('\n') : undefined,
    alert: alertLine(ctx, d),
    history: v.history
      .map((h) => ctx.t('officials.history_item', { at: localTime(h.at), status: ctx.t(`cases.status_${h.status}`), by: actor(ctx, h, reporterLabel), note: h.note }))
      .join('\n'),
    response: v.response,
  });
}

export function todoText(ctx: HandlerContext, cases: readonly CaseDetail[], total: number): string {
  if (cases.length === 0) return ctx.t('officials.todo_none');
  const items = cases.map((d) =>
    ctx.t('officials.todo_item', {
      caseNumber: d.view.caseNumber,
      status: ctx.t(`cases.status_${d.view.status}`),
      category: d.category ?? ctx.t('alerts.category_unknown'),
      bureau: d.bureau ?? '',
      level: d.alert?.level || undefined,
      claimBy: d.alert?.status === 'open' ? localTime(d.alert.claimDeadline) : undefined,
    }),
  );
  const header = ctx.t('officials.todo_header', { total, ...(total > cases.length ? { more: true, shown: cases.length } : {}) });
  return [header, ...items, ctx.t('officials.todo_footer')].join('\n');
}
