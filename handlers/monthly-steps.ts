/**
 * One answer of the monthly questionnaire at each kind of question. Lists: the count first ("没有" or 0
 * skips the list), then each item field by field; "完成" while listing stops early. Whenever the count said
 * and the items given disagree (stopped early, or items removed from the summary), the liaison is asked
 * which is right: the items (the count follows), or the count (the missing items are asked, or the extra
 * ones removed). Nothing is ever dropped or added silently.
 */
import type { HandlerContext, Turn } from '../src/core/handler';
import { parseChoice, parseCount } from '../src/core/parsers';
import type { ListKey, ScalarKey } from '../src/domain/monitoring/questionnaire';
import { ask } from './monthly-render';
import { completeItems, firstCursorOf, firstMissing, mismatchedList, nextSection, type Kit, type MonthlyState } from './monthly-state';

type T = Turn<MonthlyState>;

/** More items than this in one month is a typo, not a school's month. */
export const MAX_ITEMS = 200;

const textOf = (ctx: HandlerContext) => (ctx.inbound.kind === 'text' ? ctx.inbound.text : undefined);
const hint = (ctx: HandlerContext, key: string, vars?: Record<string, unknown>) => ctx.t(key.includes('.') ? key : `hints.${key}`, vars);
/** 没有 / 无 / 0: parseCount's words for zero. */
const saysNothing = (text: string) => {
  const r = parseCount(text);
  return r.ok && r.value === 0;
};
const reask = (kit: Kit, ctx: HandlerContext, s: MonthlyState, key: string, vars?: Record<string, unknown>) => ask(kit, ctx, s, s.cursor, [hint(ctx, key, vars)]);

/** Every section answered and every count agreeing: the summary. Otherwise the first thing to settle. */
export function toSummary(kit: Kit, ctx: HandlerContext, s: MonthlyState, said: string[] = []): T {
  const lists = { ...s.lists };
  for (const k of Object.keys(lists) as ListKey[]) lists[k] = completeItems(kit, s, k);
  const next = { ...s, lists, editing: false };
  const bad = mismatchedList(kit, next);
  if (bad) return ask(kit, ctx, { ...next, editing: true }, { at: 'mismatch', list: bad }, said);
  const open = kit.q.sections.find((x) => (x.kind === 'list' ? next.declared[x.key] === undefined : !(x.key in next.scalars)));
  if (open) return ask(kit, ctx, next, firstCursorOf(open), said);
  return ask(kit, ctx, next, { at: 'summary' }, said);
}

/** A list is done: the next section, or the summary when editing from it. */
function afterList(kit: Kit, ctx: HandlerContext, s: MonthlyState, list: ListKey, said: string[]): T {
  const next = s.editing ? undefined : nextSection(kit, { at: 'count', list });
  return next ? ask(kit, ctx, s, firstCursorOf(next), said) : toSummary(kit, ctx, s, said);
}

/**
 * The count is now `n`: ask the items still missing, or which is right when fewer than the items given.
 * "没有" (0) is unambiguous: the list is emptied (the list editor says so).
 */
function setCount(kit: Kit, ctx: HandlerContext, s: MonthlyState, list: ListKey, n: number, from: 'count' | 'mismatch'): T {
  const items = n === 0 ? [] : completeItems(kit, s, list);
  const next = { ...s, declared: { ...s.declared, [list]: n }, lists: { ...s.lists, [list]: items } };
  if (n > items.length) return ask(kit, ctx, next, { at: 'item', list, index: items.length, field: kit.list(list).fields[0]!.key });
  if (n < items.length) return ask(kit, ctx, next, from === 'count' ? { at: 'mismatch', list } : { at: 'remove', list });
  return afterList(kit, ctx, next, list, []);
}

/** Which item "2", "第二个", "②" or its name points at (1-based), or null. */
function pickItem(kit: Kit, s: MonthlyState, list: ListKey, arg: string): number | null {
  const first = kit.list(list).fields[0]!.key;
  const options = completeItems(kit, s, list).map((item, i) => ({ value: String(i + 1), labels: [String(item[first])] }));
  const r = parseChoice(arg, options);
  return r.ok ? Number(r.value) : null;
}

function withoutItem(kit: Kit, s: MonthlyState, list: ListKey, n: number): MonthlyState {
  const items = completeItems(kit, s, list).filter((_, i) => i !== n - 1);
  return { ...s, lists: { ...s.lists, [list]: items } };
}

/** "How many?" — in the list editor (editing from the summary) also "删 2", "改 2" and "完成". */
export function atCount(kit: Kit, ctx: HandlerContext, s: MonthlyState, list: ListKey): T {
  const text = textOf(ctx);
  if (text === undefined) return reask(kit, ctx, s, 'not_text');
  if (s.editing) {
    const listed = completeItems(kit, s, list).length;
    const remove = ctx.commands.matchWithArgument(text, ['remove']);
    const edit = ctx.commands.matchWithArgument(text, ['edit']);
    if (remove || edit) {
      const n = pickItem(kit, s, list, (remove ?? edit)!.arg);
      if (n === null) return reask(kit, ctx, s, 'monthly.item_which', { max: listed });
      if (edit) return ask(kit, ctx, s, { at: 'item', list, index: n - 1, field: kit.list(list).fields[0]!.key });
      const next = withoutItem(kit, s, list, n);
      const said = [ctx.t('monthly.removed', { n })];
      return mismatchedList(kit, next) === list ? ask(kit, ctx, next, { at: 'mismatch', list }, said) : ask(kit, ctx, next, s.cursor, said);
    }
    if (ctx.command === 'done') return toSummary(kit, ctx, s);
  }
  const r = parseCount(text, { max: MAX_ITEMS });
  if (!r.ok) return reask(kit, ctx, s, r.hint, r.hint === 'out_of_range' ? { min: r.min, max: r.max } : undefined);
  return setCount(kit, ctx, s, list, r.value, 'count');
}

export async function atItem(kit: Kit, ctx: HandlerContext, s: MonthlyState, list: ListKey, index: number, key: string): Promise<T> {
  if (ctx.command === 'done') {
    const items = completeItems(kit, s, list);
    const next = { ...s, lists: { ...s.lists, [list]: items } };
    return items.length === s.declared[list] ? afterList(kit, ctx, next, list, []) : ask(kit, ctx, next, { at: 'mismatch', list });
  }
  if (ctx.command === 'skip') return reask(kit, ctx, s, 'flow.not_optional');
  const fields = kit.list(list).flow;
  const at = fields.findIndex((f) => f.key === key);
  const field = fields[at]!;
  const outcome = await field.parse({ ...ctx, answers: {}, current: s.lists[list][index]?.[key] });
  if (outcome.ok === false) return reask(kit, ctx, s, outcome.hint, outcome.vars);
  const items = [...s.lists[list]];
  items[index] = { ...(items[index] ?? {}), [key]: outcome.value };
  const next = { ...s, lists: { ...s.lists, [list]: items } };
  const confirmed = field.confirm?.(outcome.value, ctx);
  const said = confirmed ? [confirmed] : [];
  if (at + 1 < fields.length) return ask(kit, ctx, next, { at: 'item', list, index, field: fields[at + 1]!.key }, said);
  const missing = firstMissing(kit, next, list);
  return missing ? ask(kit, ctx, next, missing, said) : afterList(kit, ctx, next, list, said);
}

/** "You said 3 but gave 2: which is right?" — answered with the right count. */
export function atMismatch(kit: Kit, ctx: HandlerContext, s: MonthlyState, list: ListKey): T {
  const text = textOf(ctx);
  if (text === undefined) return reask(kit, ctx, s, 'not_text');
  const r = parseCount(text, { max: MAX_ITEMS });
  if (!r.ok) return reask(kit, ctx, s, r.hint, r.hint === 'out_of_range' ? { min: r.min, max: r.max } : undefined);
  return setCount(kit, ctx, s, list, r.value, 'mismatch');
}

/** Fewer items are right: which one goes ("2" or "删 2"), until the items match the count. */
export function atRemove(kit: Kit, ctx: HandlerContext, s: MonthlyState, list: ListKey): T {
  const text = textOf(ctx);
  const listed = completeItems(kit, s, list).length;
  const arg = text === undefined ? '' : (ctx.commands.matchWithArgument(text, ['remove'])?.arg ?? text);
  const n = pickItem(kit, s, list, arg);
  if (n === null) return reask(kit, ctx, s, 'monthly.item_which', { max: listed });
  const next = withoutItem(kit, s, list, n);
  const said = [ctx.t('monthly.removed', { n })];
  if (completeItems(kit, next, list).length > (s.declared[list] ?? 0)) return ask(kit, ctx, next, s.cursor, said);
  return afterList(kit, ctx, next, list, said);
}

export async function atScalar(kit: Kit, ctx: HandlerContext, s: MonthlyState, key: ScalarKey): Promise<T> {
  const section = kit.scalar(key);
  const text = textOf(ctx);
  let value: unknown;
  if (ctx.command === 'skip') {
    if (!section.optional) return reask(kit, ctx, s, 'flow.not_optional');
    value = null;
  } else if (section.kind === 'text' && section.optional && text !== undefined && saysNothing(text)) {
    // "没有" / "无" to "anything else?" is nothing to add, not a remark.
    value = null;
  } else {
    const outcome = await section.flow.parse({ ...ctx, answers: {}, current: s.scalars[key] });
    if (outcome.ok === false) return reask(kit, ctx, s, outcome.hint, outcome.vars);
    value = outcome.value;
  }
  const next = { ...s, scalars: { ...s.scalars, [key]: value } };
  if (s.editing) return toSummary(kit, ctx, next);
  const following = nextSection(kit, { at: 'scalar', key });
  return following ? ask(kit, ctx, next, firstCursorOf(following)) : toSummary(kit, ctx, next);
}
