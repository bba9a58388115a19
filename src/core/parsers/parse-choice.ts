import { isMediaPlaceholder } from './is-media-placeholder';
import { normalizeInput } from './normalize-input';
import { parseNumeral } from './parse-chinese-number';
import { fail, ok, type ParseFailure, type ParseOk } from './parse-result';
import { alternation, charClass, escapeRegExp } from './vocabulary-pattern';
import {
  ZH_CHOICE_PREFIXES,
  ZH_CHOICE_SUFFIXES,
  ZH_DIGITS,
  ZH_ENUMERATION_COMMA,
  ZH_NEGATION_MARKERS,
  ZH_ORDINAL_PREFIX,
  ZH_SMALL_UNITS,
  ZH_TRAILING_PARTICLES,
} from './zh-vocabulary';

/**
 * Picking one option from a list the bot showed.
 *
 * Order of precedence, and why:
 * 1. An exact label ("3-5次" when that is a label) — the most specific signal, and it must beat 2 so that
 *    labels which happen to be numbers still work.
 * 2. A position, 1-based, because the list is shown numbered: 2, ２, 二, 第2个, 2., (2), 2、, ②, 选2.
 *    A position outside the list is 'out_of_range' (the re-ask can say "1 to n").
 * 3. A word: a unique option whose label contains the input (typed as a prefix, or at least two characters),
 *    or whose label the input contains ("我选数学"). A label found next to a negation ("不是数学") is not taken
 *    as a choice: the answer is 'ambiguous' and the bot asks again.
 */

export interface ChoiceOption {
  /** What the conversation stores. Never matched against the input: it is an identifier, not vocabulary. */
  readonly value: string;
  /** What people may type for this option; the first is usually the one shown. */
  readonly labels: readonly string[];
}

export type ChoiceResult =
  | ParseOk<string>
  | ParseFailure<'empty' | 'not_text' | 'not_a_choice' | 'ambiguous'>
  | ParseFailure<'out_of_range', { min: number; max: number }>;

const PARTICLES = new RegExp(`${alternation(ZH_TRAILING_PARTICLES)}+$`);
const NEGATION = new RegExp(alternation(ZH_NEGATION_MARKERS));
const NUMBER_CHARS = charClass([...'0123456789', ...Object.keys(ZH_DIGITS), ...Object.keys(ZH_SMALL_UNITS)]);
const POSITION = new RegExp(
  `^(?:${alternation(ZH_CHOICE_PREFIXES)})?(?:no\\.?|#)?${escapeRegExp(ZH_ORDINAL_PREFIX)}?` +
    `[(\\[]?(${NUMBER_CHARS}{1,4})[)\\]]?` +
    `(?:${alternation(ZH_CHOICE_SUFFIXES)})?[.:)${escapeRegExp(ZH_ENUMERATION_COMMA)}]?$`,
  'i',
);

/** The comparable form of an input or label: case-folded, without spaces, punctuation or trailing particles. */
function matchKey(text: string): string {
  return normalizeInput(text)
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, '')
    .replace(PARTICLES, '');
}

function uniqueValues(options: readonly ChoiceOption[]): string[] {
  return [...new Set(options.map((o) => o.value))];
}

export function parseChoice(text: string, options: readonly ChoiceOption[]): ChoiceResult {
  const clean = normalizeInput(text);
  if (clean.length === 0) return fail('empty');
  if (isMediaPlaceholder(clean)) return fail('not_text');
  if (options.length === 0) return fail('not_a_choice');

  const input = matchKey(clean);
  if (input.length === 0) return fail('not_a_choice');
  const keyed = options.map((o) => ({ option: o, keys: o.labels.map(matchKey).filter((k) => k.length > 0) }));

  // 1. Exact label.
  const exact = keyed.filter((k) => k.keys.includes(input)).map((k) => k.option);
  if (exact.length > 0) {
    const values = uniqueValues(exact);
    return values.length === 1 ? ok(values[0] as string) : fail('ambiguous');
  }

  // 2. Position in the list.
  const position = POSITION.exec(clean.replace(/\s+/g, '').replace(PARTICLES, ''));
  if (position) {
    const n = parseNumeral(position[1] as string);
    if (n !== null) {
      const chosen = options[n - 1];
      return n >= 1 && chosen ? ok(chosen.value) : { ok: false, hint: 'out_of_range', min: 1, max: options.length };
    }
  }

  // 3. Words. Labels inside the input, dropping a label that only matched as part of a longer matched label
  //    of another option (so "我觉得不是" picks 不是 over 是).
  const contained: Array<{ option: ChoiceOption; key: string }> = [];
  for (const k of keyed) for (const key of k.keys) if (input.includes(key)) contained.push({ option: k.option, key });
  const inInput = contained.filter(
    (m) => !contained.some((o) => o.option.value !== m.option.value && o.key.length > m.key.length && o.key.includes(m.key)),
  );
  const inLabel = keyed
    .filter((k) => k.keys.some((key) => key.includes(input) && (key.startsWith(input) || [...input].length >= 2)))
    .map((k) => k.option);

  const values = uniqueValues([...inInput.map((m) => m.option), ...inLabel]);
  if (values.length === 0) return fail('not_a_choice');
  if (values.length > 1) return fail('ambiguous');

  const match = inInput
    .filter((m) => m.option.value === values[0])
    .sort((a, b) => b.key.length - a.key.length)[0];
  if (match) {
    const rest = input.replace(match.key, ' ');
    if (NEGATION.test(rest)) return fail('ambiguous');
  }
  return ok(values[0] as string);
}
