/**
 * What a description typed straight in says clearly: the unit that organised it, when, and where. Each is
 * found only where the text names exactly one; anything doubtful is left for the flow to ask.
 */
import { normalizeInput } from './normalize-input';
import { parseWhen, type When, type WhenOptions } from './parse-when';
import { alternation, charClass } from './vocabulary-pattern';
import {
  ZH_DATE_RANGE_SEPARATORS, ZH_DAY_WORDS, ZH_DESCRIPTION_SIGNALS, ZH_DIGITS, ZH_MONTH_WORD, ZH_ONLINE_PLACE, ZH_ONLINE_WORDS,
  ZH_PLACE_MARKERS, ZH_PLACE_SUFFIXES, ZH_RELATIVE_DAY_WORDS, ZH_RELATIVE_WEEK_PREFIXES, ZH_RELATIVE_YEARS, ZH_SMALL_UNITS,
  ZH_UNIT_ACTION_VERBS, ZH_UNIT_LEADING_NOISE, ZH_UNIT_LEFT_STOPS, ZH_UNIT_SUFFIXES, ZH_VAGUE_UNITS, ZH_WEEK_WORDS,
  ZH_WEEKDAY_CHARS, ZH_YEAR_WORD,
} from './zh-vocabulary';

export interface DescriptionFacts {
  organisingUnit?: string;
  when?: When;
  place?: string;
}

const CJK = '\\p{Script=Han}';
const NUM = `(?:\\d{1,2}|${charClass([...Object.keys(ZH_DIGITS), ...Object.keys(ZH_SMALL_UNITS)])}{1,3})`;
const DAY = alternation(ZH_DAY_WORDS);
const MONTH_DAY = `(?:(?:\\d{4}${ZH_YEAR_WORD}|${alternation(Object.keys(ZH_RELATIVE_YEARS))})?${NUM}${ZH_MONTH_WORD}${NUM}${DAY})`;
const WEEKDAY = `(?:${alternation(Object.keys(ZH_RELATIVE_WEEK_PREFIXES))}?${alternation(ZH_WEEK_WORDS)}${charClass(Object.keys(ZH_WEEKDAY_CHARS))})`;
const RANGE_TAIL = `(?:${alternation(ZH_DATE_RANGE_SEPARATORS)}(?:${NUM}${ZH_MONTH_WORD})?${NUM}${DAY})?`;
const WHEN_PHRASE = new RegExp(`${MONTH_DAY}${RANGE_TAIL}|${WEEKDAY}|${alternation(ZH_RELATIVE_DAY_WORDS)}`, 'gu');
const UNIT_END = new RegExp(`(${alternation(ZH_UNIT_SUFFIXES)})(?=${alternation(ZH_UNIT_ACTION_VERBS)})`, 'gu');
const HAN = new RegExp(`^${CJK}$`, 'u');
const LEFT_STOPS = new Set(ZH_UNIT_LEFT_STOPS);
const LEADING_NOISE = new RegExp(`^(?:${alternation(ZH_UNIT_LEADING_NOISE)})+`, 'u');
const PLACE = new RegExp(`${alternation(ZH_PLACE_MARKERS)}(${CJK}{1,14}?${alternation(ZH_PLACE_SUFFIXES)})`, 'gu');
const ONLINE = new RegExp(alternation(ZH_ONLINE_WORDS), 'u');
const SIGNAL = new RegExp(alternation(ZH_DESCRIPTION_SIGNALS), 'u');
const UNIT_MAX_CHARS = 14;

const distinct = (values: readonly string[]): string | undefined => (new Set(values).size === 1 ? values[0] : undefined);

/** Whether a message reads as something being described (a burden, a complaint), not a question to the bot. */
export function readsAsDescription(text: string, minChars: number): boolean {
  const t = normalizeInput(text);
  return [...t].length >= minChars && SIGNAL.test(t);
}

function findWhen(text: string, options: WhenOptions): When | undefined {
  const phrases = [...text.matchAll(WHEN_PHRASE)].map((m) => m[0]);
  const phrase = distinct(phrases);
  if (!phrase) return undefined;
  const r = parseWhen(phrase, options);
  return r.ok ? r.value : undefined;
}

/** The unit's name read leftwards from the suffix before an action verb (县教育局要求 → 县教育局). */
function findUnit(text: string): string | undefined {
  const names: string[] = [];
  for (const m of text.matchAll(UNIT_END)) {
    const end = m.index + m[0].length;
    let start = m.index;
    while (start > 0 && end - start < UNIT_MAX_CHARS) {
      const c = text[start - 1]!;
      if (!HAN.test(c) || LEFT_STOPS.has(c)) break;
      start -= 1;
    }
    const name = text.slice(start, end).replace(LEADING_NOISE, '');
    if ([...name].length >= 3 && !ZH_VAGUE_UNITS.includes(name)) names.push(name);
  }
  return distinct(names);
}

function findPlace(text: string): string | undefined {
  const places = [...text.matchAll(PLACE)].map((m) => m[1]!);
  if (places.length > 0) return distinct(places);
  return ONLINE.test(text) ? ZH_ONLINE_PLACE : undefined;
}

export function findDescriptionFacts(text: string, options: WhenOptions): DescriptionFacts {
  const t = normalizeInput(text);
  const when = findWhen(t, options);
  // The day is taken out first, so that 上周县教育局要求 does not read 上周 as part of the unit.
  const rest = t.replace(WHEN_PHRASE, ' ');
  const organisingUnit = findUnit(rest);
  const place = findPlace(rest);
  return { ...(organisingUnit ? { organisingUnit } : {}), ...(when ? { when } : {}), ...(place ? { place } : {}) };
}
