/**
 * What the monthly questionnaire says: the question at a cursor, the items of a list, and the numbered
 * summary. Every word is a template (monthly.yaml, flow.yaml); this file only arranges them.
 */
import { MESSAGE_TEXT_MAX_BYTES } from '../src/core/message';
import type { FlowField } from '../src/core/flow/flow-field';
import type { HandlerContext, Turn } from '../src/core/handler';
import type { ListKey } from '../src/domain/monitoring/questionnaire';
import { completeItems, type Cursor, type Item, type Kit, type MonthlyState } from './monthly-state';

const INDENT = '  ';

const common = (s: MonthlyState) => ({ period: s.periodLabel, deadline: s.deadlineLabel, school: s.school, kind: s.kind });

export function shown(ctx: HandlerContext, field: FlowField, value: unknown): string {
  if (value === null || value === undefined) return ctx.t('flow.value_skipped');
  return field.show ? field.show(value, ctx) : String(value);
}

/** The list's complete items, numbered, one per line. */
export function itemsText(kit: Kit, ctx: HandlerContext, s: MonthlyState, list: ListKey): string {
  const section = kit.list(list);
  return completeItems(kit, s, list)
    .map((item: Item, i) => {
      const parts = section.flow.map((f) => ctx.t('monthly.item_part', { label: ctx.t(f.label), value: shown(ctx, f, item[f.key]) }));
      return INDENT + ctx.t('monthly.item_line', { n: i + 1, text: parts.join(ctx.t('monthly.item_sep')) });
    })
    .join('\n');
}

export function summaryText(kit: Kit, ctx: HandlerContext, s: MonthlyState): string {
  const lines = kit.q.sections.map((section, i) => {
    let value: string;
    let items = '';
    if (section.kind === 'list') {
      const n = completeItems(kit, s, section.key).length;
      value = n === 0 ? ctx.t('monthly.shown_none') : ctx.t(section.shownCount, { n });
      items = n > 0 ? `\n${itemsText(kit, ctx, s, section.key)}` : '';
    } else {
      value = shown(ctx, kit.scalar(section.key).flow, s.scalars[section.key]);
    }
    return ctx.t('monthly.summary_line', { n: i + 1, label: ctx.t(section.label), value }) + items;
  });
  return [ctx.t('monthly.summary_header', common(s)), ...lines, ctx.t('flow.summary_footer')].join('\n');
}

function fieldPrompt(ctx: HandlerContext, s: MonthlyState, field: FlowField, current: unknown): string {
  const vars = { ...(field.promptVars?.({ ...ctx, answers: {}, current }) ?? {}), ...common(s) };
  const now = current === undefined ? '' : `\n${ctx.t('monthly.current_value', { value: shown(ctx, field, current) })}`;
  const optional = field.optional ? `\n${ctx.t('flow.optional_note')}` : '';
  return ctx.t(field.prompt, vars) + optional + now;
}

export function promptFor(kit: Kit, ctx: HandlerContext, s: MonthlyState): string {
  const c = s.cursor;
  switch (c.at) {
    case 'point':
      return ctx.t('monthly.pick_point', { options: s.choices.map((c, i) => ({ n: i + 1, ...c })) });
    case 'count': {
      const section = kit.list(c.list);
      const ask = ctx.t(section.askCount, common(s));
      if (!s.editing) return ask;
      const listed = completeItems(kit, s, c.list).length;
      const editor = ctx.t('monthly.list_editor', { label: ctx.t(section.label), listed, items: itemsText(kit, ctx, s, c.list) });
      return `${editor}\n\n${ask}`;
    }
    case 'item': {
      const section = kit.list(c.list);
      const field = section.flow.find((f) => f.key === c.field)!;
      const head = ctx.t(section.item, { n: c.index + 1, total: s.declared[c.list] ?? c.index + 1 });
      return `${head}\n${fieldPrompt(ctx, s, field, s.lists[c.list][c.index]?.[c.field])}`;
    }
    case 'mismatch':
    case 'remove': {
      const label = ctx.t(kit.list(c.list).label);
      const listed = completeItems(kit, s, c.list).length;
      const declared = s.declared[c.list] ?? 0;
      const id = c.at === 'mismatch' ? 'monthly.mismatch' : 'monthly.remove_which';
      return ctx.t(id, { label, declared, listed, excess: listed - declared, items: itemsText(kit, ctx, s, c.list) });
    }
    case 'scalar': {
      const field = kit.scalar(c.key).flow;
      return fieldPrompt(ctx, s, field, s.scalars[c.key]);
    }
    case 'summary':
      return summaryText(kit, ctx, s);
  }
}

/**
 * Whole lines packed into messages of at most `maxBytes`: a summary of a busy month outgrows one WeCom text
 * message, and a passive reply is cut, not split, at that size.
 */
export function chunkLines(text: string, maxBytes = MESSAGE_TEXT_MAX_BYTES): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (current !== '' && Buffer.byteLength(joined, 'utf8') > maxBytes) {
      out.push(current);
      current = line;
    } else {
      current = joined;
    }
  }
  out.push(current);
  return out;
}

/** Says `before` (hints, confirmations), then the question at `cursor`. */
export function ask(kit: Kit, ctx: HandlerContext, s: MonthlyState, cursor: Cursor, before: string[] = []): Turn<MonthlyState> {
  const state = { ...s, cursor };
  const text = [...before, promptFor(kit, ctx, state)].join('\n\n');
  return { replies: chunkLines(text).map((t) => ({ kind: 'text' as const, text: t })), state };
}
