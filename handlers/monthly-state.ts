/**
 * The monthly questionnaire's conversation state (plain JSON) and the pure moves over it. A list section is
 * a count ("how many?") and then that many items of several fields; the state keeps the count the liaison
 * said (`declared`) apart from the items given, so that a disagreement between them can be asked about
 * instead of being settled silently.
 */
import type { FlowField } from '../src/core/flow/flow-field';
import type { MonthlyAnswers } from '../src/store/monthly-answer.model';
import { LIST_KEYS, type ListKey, type ListSection, type Questionnaire, type ScalarKey, type ScalarSection, type Section } from '../src/domain/monitoring/questionnaire';
import { itemFlowField, scalarFlowField } from './monthly-fields';

export type Cursor =
  | { at: 'point' }
  | { at: 'count'; list: ListKey }
  | { at: 'item'; list: ListKey; index: number; field: string }
  /** The count said and the items given disagree: which is right? */
  | { at: 'mismatch'; list: ListKey }
  /** Fewer items are right than were given: which to remove? */
  | { at: 'remove'; list: ListKey }
  | { at: 'scalar'; key: ScalarKey }
  | { at: 'summary' };

export type Item = Record<string, unknown>;

export interface MonthlyState extends Record<string, unknown> {
  cursor: Cursor;
  /** The points offered when the liaison has several. */
  choices: Array<{ id: string; school: string; kind: string }>;
  pointId: string | null;
  school: string;
  kind: string;
  period: string;
  /** The period and the deadline as said to people ("2026年11月", "2026年11月30日（星期一）"). */
  periodLabel: string;
  deadlineLabel: string;
  declared: Partial<Record<ListKey, number>>;
  lists: Record<ListKey, Item[]>;
  /** flexibleHours: 'yes' | 'no'; other: text or null (nothing to add). */
  scalars: Partial<Record<ScalarKey, unknown>>;
  /** Answering one question from the summary: back to the summary after it. */
  editing: boolean;
  /** The point had already answered this period: submitting amends it. */
  amending: boolean;
  draftId: string;
}

/** The questionnaire with its fields built once: what every move needs. */
export interface Kit {
  q: Questionnaire;
  section(key: string): Section;
  list(key: ListKey): ListSection & { flow: FlowField[] };
  scalar(key: ScalarKey): ScalarSection & { flow: FlowField };
}

export function createKit(q: Questionnaire): Kit {
  const lists = new Map(q.sections.flatMap((s) => (s.kind === 'list' ? [[s.key, { ...s, flow: s.fields.map(itemFlowField) }] as const] : [])));
  const scalars = new Map(q.sections.flatMap((s) => (s.kind !== 'list' ? [[s.key, { ...s, flow: scalarFlowField(s) }] as const] : [])));
  return {
    q,
    section: (key) => q.sections.find((s) => s.key === key)!,
    list: (key) => lists.get(key)!,
    scalar: (key) => scalars.get(key)!,
  };
}

export const emptyLists = (): Record<ListKey, Item[]> => ({ inspections: [], activities: [], forms: [], secondments: [] });

export function isComplete(kit: Kit, list: ListKey, item: Item | undefined): boolean {
  return !!item && kit.list(list).fields.every((f) => item[f.key] !== undefined);
}

/** The items of a list that are complete (a half-given item is dropped when the list is left). */
export function completeItems(kit: Kit, s: MonthlyState, list: ListKey): Item[] {
  return s.lists[list].filter((i) => isComplete(kit, list, i));
}

/** The first item still to ask (by index, below the declared count) and its first missing field. */
export function firstMissing(kit: Kit, s: MonthlyState, list: ListKey): Cursor | undefined {
  const fields = kit.list(list).fields;
  for (let index = 0; index < (s.declared[list] ?? 0); index++) {
    const item = s.lists[list][index] ?? {};
    const field = fields.find((f) => item[f.key] === undefined);
    if (field) return { at: 'item', list, index, field: field.key };
  }
  return undefined;
}

/** The first list whose declared count disagrees with its items. */
export function mismatchedList(kit: Kit, s: MonthlyState): ListKey | undefined {
  return LIST_KEYS.find((k) => s.declared[k] !== undefined && s.declared[k] !== completeItems(kit, s, k).length);
}

export function firstCursorOf(section: Section): Cursor {
  return section.kind === 'list' ? { at: 'count', list: section.key } : { at: 'scalar', key: section.key };
}

function lastCursorOf(s: MonthlyState, section: Section): Cursor {
  if (section.kind !== 'list') return { at: 'scalar', key: section.key };
  const n = s.declared[section.key] ?? 0;
  const fields = section.fields;
  return n > 0 ? { at: 'item', list: section.key, index: n - 1, field: fields[fields.length - 1]!.key } : { at: 'count', list: section.key };
}

const sectionKeyOf = (c: Cursor): string | undefined => (c.at === 'scalar' ? c.key : c.at === 'point' || c.at === 'summary' ? undefined : c.list);

/** The section after the cursor's, or undefined after the last. */
export function nextSection(kit: Kit, c: Cursor): Section | undefined {
  const i = kit.q.sections.findIndex((s) => s.key === sectionKeyOf(c));
  return kit.q.sections[i + 1];
}

/** Where 返回 goes: the question before this one, or undefined at the first. */
export function previousCursor(kit: Kit, s: MonthlyState): Cursor | undefined {
  const c = s.cursor;
  if (c.at === 'summary') return lastCursorOf(s, kit.q.sections[kit.q.sections.length - 1]!);
  if (c.at === 'item') {
    const fields = kit.list(c.list).fields;
    const f = fields.findIndex((x) => x.key === c.field);
    if (f > 0) return { ...c, field: fields[f - 1]!.key };
    if (c.index > 0) return { ...c, index: c.index - 1, field: fields[fields.length - 1]!.key };
    return { at: 'count', list: c.list };
  }
  if (c.at === 'mismatch' || c.at === 'remove') return { at: 'count', list: c.list };
  const i = kit.q.sections.findIndex((x) => x.key === sectionKeyOf(c));
  return i > 0 ? lastCursorOf(s, kit.q.sections[i - 1]!) : undefined;
}

/** The answers to submit (complete items only; the summary has settled any disagreement). */
export function toAnswers(kit: Kit, s: MonthlyState): MonthlyAnswers {
  const pick = <T>(list: ListKey) => completeItems(kit, s, list) as unknown as T[];
  const other = s.scalars.other;
  return {
    inspections: pick('inspections'),
    activities: pick('activities'),
    forms: pick('forms'),
    secondments: pick('secondments'),
    flexibleHours: s.scalars.flexibleHours as 'yes' | 'no',
    ...(typeof other === 'string' && other !== '' ? { other } : {}),
  };
}

/** A stored answer back into state, for an amendment. */
export function fromAnswers(a: MonthlyAnswers): Pick<MonthlyState, 'declared' | 'lists' | 'scalars'> {
  const lists = { inspections: [...a.inspections], activities: [...a.activities], forms: [...a.forms], secondments: [...a.secondments] } as unknown as Record<ListKey, Item[]>;
  const declared = Object.fromEntries(LIST_KEYS.map((k) => [k, lists[k].length])) as Record<ListKey, number>;
  return { declared, lists, scalars: { flexibleHours: a.flexibleHours, other: a.other ?? null } };
}
