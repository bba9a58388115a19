import { isMediaPlaceholder } from './is-media-placeholder';
import { normalizeInput } from './normalize-input';
import { parseNumeral, stripCountAffixes } from './parse-chinese-number';
import { fail, ok, type ParseFailure, type ParseOk } from './parse-result';
import { alternation, charClass, escapeRegExp } from './vocabulary-pattern';
import {
  ZH_COUNTERS,
  ZH_DIGITS,
  ZH_BOUND_PREFIXES,
  ZH_BOUND_SUFFIXES,
  ZH_FRACTION_MARKERS,
  ZH_GENERIC_COUNTER,
  ZH_HALF,
  ZH_HEDGE_PREFIXES,
  ZH_HEDGE_SUFFIXES,
  ZH_INEXACT_MARKERS,
  ZH_LARGE_UNITS,
  ZH_NEGATIVE_SIGNS,
  ZH_RANGE_SEPARATORS,
  ZH_SMALL_UNITS,
  ZH_TRAILING_PARTICLES,
  ZH_ZERO_WORDS,
} from './zh-vocabulary';

/**
 * "How many times ...?" answers: a non-negative integer.
 *
 * Accepts 5, ５, 五, 5次, 共5项, 大概5次 (an honest estimate is still the answer), 没有/无/零 (→ 0).
 * Refuses, with a hint that lets the re-ask be specific: ranges, bounds and vague amounts (3-5次, 10次以上,
 * 十几次 → 'not_exact'), fractions (2.5 → 'not_a_whole_number'), negatives, and numbers outside [min, max].
 * Rates (每周3次, 3次/周) are 'not_a_number': the question already fixes the period.
 */

export interface CountOptions {
  /** Smallest accepted value; default 0. */
  readonly min?: number;
  /** Largest accepted value; default 10 000 (no workload count in a report is larger, a typo often is). */
  readonly max?: number;
}

export type CountHint = 'empty' | 'not_text' | 'not_a_number' | 'negative' | 'not_a_whole_number' | 'not_exact';

export type CountResult =
  | ParseOk<number>
  | ParseFailure<CountHint>
  | ParseFailure<'out_of_range', { min: number; max: number }>;

export const DEFAULT_MAX_COUNT = 10_000;

/** English zero answers (people switch keyboards); Chinese ones live in the vocabulary. */
const EN_ZERO_WORDS = ['none', 'zero', 'no', 'nil', 'nothing'];
const ZERO_WORDS = new Set([...ZH_ZERO_WORDS, ...EN_ZERO_WORDS]);

const NUM_CHARS = charClass([
  ...'0123456789',
  ...Object.keys(ZH_DIGITS),
  ...Object.keys(ZH_SMALL_UNITS),
  ...Object.keys(ZH_LARGE_UNITS),
]);
const NUM = `${NUM_CHARS}+`;
const PARTICLE_SUFFIX = new RegExp(`${alternation(ZH_TRAILING_PARTICLES)}+$`);
const HEDGE_PREFIX = new RegExp(`^${alternation(ZH_HEDGE_PREFIXES)}`);
const HEDGE_SUFFIX = new RegExp(`${alternation(ZH_HEDGE_SUFFIXES)}$`);
const COUNTER = `${alternation(ZH_COUNTERS)}?`;
const RANGE = new RegExp(
  `^${NUM}${COUNTER}\\s*(?:[-~\\u2013\\u2014\\u301C]|${alternation(ZH_RANGE_SEPARATORS)})\\s*${NUM}$`,
);
const BOUND = new RegExp(
  `^(?:${alternation(ZH_BOUND_PREFIXES)}${NUM}${COUNTER}|${NUM}${COUNTER}${alternation(ZH_BOUND_SUFFIXES)}${COUNTER})$`,
);
const INEXACT = new RegExp(`^(?:${NUM})?${alternation(ZH_INEXACT_MARKERS)}(?:${NUM})?$`);
/** 三四, 五六十, 七八百: two neighbouring digits are an estimate ("three or four"). */
const NEIGHBOUR_DIGITS = new RegExp(`^${charClass(Object.keys(ZH_DIGITS))}{2}${charClass(Object.keys(ZH_SMALL_UNITS))}?$`);
const DECIMAL = /^[-+]?(\d*)[.](\d+)$/;
const FRACTION = new RegExp(
  `^(?:[-+]?\\d+/\\d+|(?:${NUM})?${alternation(ZH_FRACTION_MARKERS)}(?:${NUM})?|${NUM}${escapeRegExp(ZH_GENERIC_COUNTER)}?${escapeRegExp(ZH_HALF)})$`,
);
const NEGATIVE = new RegExp(`^(?:[-\\u2212]|${alternation(ZH_NEGATIVE_SIGNS)})`);

function stripHedges(s: string): string {
  for (let guard = 0; guard < 3; guard++) {
    const before = s;
    s = s.replace(HEDGE_PREFIX, '').replace(HEDGE_SUFFIX, '').replace(PARTICLE_SUFFIX, '');
    if (s === before) break;
  }
  return s;
}

export function parseCount(text: string, options: CountOptions = {}): CountResult {
  const min = options.min ?? 0;
  const max = options.max ?? DEFAULT_MAX_COUNT;
  const clean = normalizeInput(text);
  if (clean.length === 0) return fail('empty');
  if (isMediaPlaceholder(clean)) return fail('not_text');
  if (clean.length > 40) return fail('not_a_number');

  const bounded = (n: number): CountResult =>
    n < min || n > max ? { ok: false, hint: 'out_of_range', min, max } : ok(n);

  const lowered = clean.toLowerCase();
  const bare = stripCountAffixes(lowered).replace(PARTICLE_SUFFIX, '');
  if (ZERO_WORDS.has(bare) || ZERO_WORDS.has(lowered.replace(/[^\p{L}\p{N}]/gu, ''))) return bounded(0);

  const core = stripCountAffixes(stripHedges(stripCountAffixes(lowered)), { trimEdges: false });
  if (ZERO_WORDS.has(core)) return bounded(0);

  const decimal = DECIMAL.exec(core);
  if (decimal) {
    // 3.0 is a whole number typed by someone used to spreadsheets; 3.5 is not.
    if (/^0+$/.test(decimal[2] as string)) {
      const whole = parseNumeral(core.slice(0, core.indexOf('.')) || '0');
      if (whole !== null) return whole < 0 && min >= 0 ? fail('negative') : bounded(whole);
    }
    return core.startsWith('-') && min >= 0 ? fail('negative') : fail('not_a_whole_number');
  }

  const unsigned = core.replace(NEGATIVE, '');
  if (RANGE.test(unsigned) || INEXACT.test(unsigned) || NEIGHBOUR_DIGITS.test(unsigned) || BOUND.test(unsigned)) {
    return fail('not_exact');
  }
  if (FRACTION.test(unsigned)) return fail('not_a_whole_number');

  const n = parseNumeral(core);
  if (n === null) return fail('not_a_number');
  if (n < 0 && min >= 0) return fail('negative');
  return bounded(n);
}
