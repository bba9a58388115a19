import { normalizeInput } from './normalize-input';
import { alternation } from './vocabulary-pattern';
import {
  ZH_COUNTERS,
  ZH_COUNT_PREFIXES,
  ZH_DIGITS,
  ZH_LARGE_UNITS,
  ZH_NEGATIVE_SIGNS,
  ZH_SMALL_UNITS,
  ZH_TRAILING_PARTICLES,
  ZH_ZERO_CHARS,
} from './zh-vocabulary';

/**
 * Chinese and mixed numerals to integers.
 *
 * Teachers write counts as 5, ５, 五, 十五, 一百零五, 两百, 3万, 共5项 or 五次; this reads all of them.
 * It deliberately returns null for forms that are not ONE exact integer (五六 = "five or six", 2.5, 十几),
 * so callers never store a guess; parseCount tells those cases apart to pick a useful hint.
 */

type Token =
  | { readonly kind: 'digit'; readonly value: number; readonly zh: boolean; readonly zero: boolean }
  | { readonly kind: 'small'; readonly value: number }
  | { readonly kind: 'large'; readonly value: number };

const ZERO_CHARS = new Set(ZH_ZERO_CHARS);
const NEGATIVE_PREFIX = new RegExp(`^(?:[-\\u2212]|${alternation(ZH_NEGATIVE_SIGNS)})`);
const THOUSANDS = /^\d{1,3}(?:,\d{3})+$/;

function tokenize(core: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < core.length) {
    const ch = core[i] as string;
    if (ch >= '0' && ch <= '9') {
      let j = i;
      while (j < core.length && (core[j] as string) >= '0' && (core[j] as string) <= '9') j++;
      // Very long digit runs cannot be a count; Number() would also lose precision.
      if (j - i > 15) return null;
      tokens.push({ kind: 'digit', value: Number(core.slice(i, j)), zh: false, zero: false });
      i = j;
      continue;
    }
    const digit = ZH_DIGITS[ch];
    if (digit !== undefined) {
      tokens.push({ kind: 'digit', value: digit, zh: true, zero: ZERO_CHARS.has(ch) });
    } else if (ZH_SMALL_UNITS[ch] !== undefined) {
      tokens.push({ kind: 'small', value: ZH_SMALL_UNITS[ch] as number });
    } else if (ZH_LARGE_UNITS[ch] !== undefined) {
      tokens.push({ kind: 'large', value: ZH_LARGE_UNITS[ch] as number });
    } else {
      return null;
    }
    i++;
  }
  return tokens;
}

/** Digit-by-digit reading (二〇二四 → 2024). Only used when a zero character shows it is not an estimate. */
function positional(tokens: Token[]): number | null {
  let value = 0;
  for (const t of tokens) {
    if (t.kind !== 'digit' || !t.zh) return null;
    value = value * 10 + t.value;
  }
  return value;
}

function unsignedNumeral(core: string): number | null {
  if (core.length === 0) return null;
  if (THOUSANDS.test(core)) core = core.replace(/,/g, '');
  const tokens = tokenize(core);
  if (!tokens || tokens.length === 0) return null;

  const onlyZhDigits = tokens.every((t) => t.kind === 'digit' && t.zh);
  if (onlyZhDigits && tokens.length > 1) {
    // 二〇二四 is a year read digit by digit; 五六 with no zero is an estimate ("five or six"), not 56.
    return tokens.some((t) => t.kind === 'digit' && t.zero) ? positional(tokens) : null;
  }

  let total = 0; // completed 万/亿 sections
  let section = 0; // value below the current large unit
  let pending: Token | null = null; // digit waiting for its unit
  let lastSmall = Infinity; // small units must descend inside a section (百 then 十)
  let lastLarge = Infinity; // large units must descend (亿 then 万)
  let lastUnit: number | null = null;
  let zeroSinceUnit = false;

  for (const t of tokens) {
    if (t.kind === 'digit') {
      if (pending && !(pending.kind === 'digit' && pending.zero)) return null; // two digits in a row: 五六
      pending = t;
      if (t.zero) zeroSinceUnit = true;
    } else if (t.kind === 'small') {
      let d: number;
      if (pending && pending.kind === 'digit' && !pending.zero) d = pending.value;
      else if (t.value === 10 && section === 0 && !pending) d = 1; // 十一, 十五: the leading 一 is usually dropped
      else if (t.value === 10 && pending?.zero) d = 1; // 一百零十 is unusual but unambiguous
      else return null;
      if (t.value >= lastSmall) return null;
      section += d * t.value;
      lastSmall = t.value;
      lastUnit = t.value;
      pending = null;
      zeroSinceUnit = false;
    } else {
      if (pending && !(pending.kind === 'digit' && pending.zero)) section += pending.value;
      pending = null;
      if (section === 0 || t.value >= lastLarge) return null;
      total += section * t.value;
      section = 0;
      lastSmall = Infinity;
      lastLarge = t.value;
      lastUnit = t.value;
      zeroSinceUnit = false;
    }
  }
  if (pending && !(pending.kind === 'digit' && pending.zero)) {
    if (pending.kind === 'digit' && pending.zh && !zeroSinceUnit && lastUnit !== null && lastUnit >= 100) {
      // Colloquial abbreviation: 一百五 = 150, 两万五 = 25000 (the trailing digit belongs to the next unit down).
      section += pending.value * (lastUnit / 10);
    } else {
      section += pending.value;
    }
  }
  const value = total + section;
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * A bare numeral (no counters or prefixes): ASCII digits, Chinese numerals, or both (3万), with an optional
 * sign (-3, 负三). Returns null when it is not exactly one integer.
 */
export function parseNumeral(core: string): number | null {
  const sign = NEGATIVE_PREFIX.exec(core);
  if (sign) {
    const value = unsignedNumeral(core.slice(sign[0].length));
    return value === null ? null : value === 0 ? 0 : -value;
  }
  return unsignedNumeral(core.startsWith('+') ? core.slice(1) : core);
}

const PREFIX = new RegExp(`^${alternation(ZH_COUNT_PREFIXES)}`);
const SUFFIX = new RegExp(`(?:${alternation(ZH_TRAILING_PARTICLES)}|${alternation(ZH_COUNTERS)})$`);
/** Punctuation around an answer (not a leading sign, and not the dot of a decimal). */
const EDGE_PUNCT = /^[^\p{L}\p{N}+\-\u2212]+|[^\p{L}\p{N}]+$/gu;

/**
 * Remove what surrounds a count without changing it: outer punctuation, spaces, 共/一共/有 in front,
 * particles and measure words behind (共5项 → 5, 五次了 → 五, 3个小时 → 3). `trimEdges: false` is for a second
 * pass over text that was already trimmed, so punctuation uncovered by removing a word stays ("3次/周" is a rate).
 */
export function stripCountAffixes(text: string, options: { trimEdges?: boolean } = {}): string {
  // Spaces go, except between two digits: "3 5" is two numbers, not 35.
  let s = text.replace(/(?<!\d)\s+|\s+(?!\d)/g, '');
  if (options.trimEdges !== false) s = s.replace(EDGE_PUNCT, '');
  // Punctuation is only trimmed at the outer edges: "3次/周" is a rate and must not shrink to "3".
  for (let guard = 0; guard < 4; guard++) {
    const before = s;
    s = s.replace(PREFIX, '').replace(SUFFIX, '');
    if (s === before) break;
  }
  return s;
}

/**
 * A Chinese, full-width, ASCII or mixed numeral, possibly wrapped in a prefix and a measure word
 * ("3个", "共5项", "五次", "一百零五"), as an integer; null when the text is not one exact integer.
 */
export function parseChineseNumber(text: string): number | null {
  const core = stripCountAffixes(normalizeInput(text));
  if (core.length === 0 || core.length > 40) return null;
  return parseNumeral(core);
}
