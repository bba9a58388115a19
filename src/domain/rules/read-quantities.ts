/**
 * Numbers and durations as people write them (lexicon.yaml `quantities`): "八个月", "十五个月", "半年多",
 * "两年", "去年九月" (a start: months until now), "80学时", "九十多课时". Pure; `today` is 'YYYY-MM'.
 */
import type { QuantityLexicon } from './rule';

export interface Quantity {
  value: number;
  /** The words it was read from, as written (normalised). */
  surface: string;
  start: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alt = (words: readonly string[]) => words.map(escape).join('|');

/** Regex source of a number: digits, or Chinese numerals (with 十/百/千); `twoOrMore` leaves out 0 and 1. */
export function numberSource(q: QuantityLexicon | undefined, twoOrMore = false): string {
  const ascii = twoOrMore ? '(?:[2-9]|[1-9][0-9]+)' : '[0-9]+';
  if (!q) return ascii;
  const digits = Object.keys(q.digits).map(escape).join('');
  const above1 = Object.entries(q.digits).filter(([, v]) => v >= 2).map(([k]) => escape(k)).join('');
  const mult = Object.keys(q.multipliers).map(escape).join('');
  const chinese = twoOrMore ? `(?:[${above1}${mult}][${digits}${mult}]*|[${digits}][${mult}][${digits}${mult}]*)` : `[${digits}${mult}]+`;
  return `(?:${ascii}|${chinese})`;
}

/** "15", "十五", "一百二十", "两" → number; undefined when it is not one. */
export function parseNumber(s: string, q: QuantityLexicon): number | undefined {
  if (/^[0-9]+$/.test(s)) return Number(s);
  let total = 0;
  let current = -1;
  for (const ch of s) {
    const d = q.digits[ch];
    const m = q.multipliers[ch];
    if (d !== undefined) current = d;
    else if (m !== undefined) {
      total += (current < 0 ? 1 : current) * m;
      current = -1;
    } else return undefined;
  }
  return total + (current < 0 ? 0 : current);
}

interface Compiled {
  months: RegExp;
  years: RegExp;
  spans: RegExp;
  since: RegExp;
  hours: RegExp;
}
const compiled = new WeakMap<QuantityLexicon, Compiled>();

function regexes(q: QuantityLexicon): Compiled {
  let c = compiled.get(q);
  if (!c) {
    const n = `(${numberSource(q)})(?:${alt(q.more)})?`;
    c = {
      months: new RegExp(`${n}(?:${alt(q.monthUnits)})`, 'gu'),
      // A year count, not a year ("2024年") nor a grade (notYearAfter).
      years: new RegExp(`(?<![0-9])${n}(?:${alt(q.yearUnits)})${q.notYearAfter.length > 0 ? `(?!${alt(q.notYearAfter)})` : ''}`, 'gu'),
      spans: new RegExp(q.spans.map(([w]) => escape(w)).join('|'), 'gu'),
      since: new RegExp(`(${alt(Object.keys(q.relativeYears))}|[0-9]{4}${escape(q.yearSuffix)})(${numberSource(q)})(?:${alt(q.monthSuffix)})`, 'gu'),
      hours: new RegExp(`${n}(?:${alt(q.hourUnits)})`, 'gu'),
    };
    compiled.set(q, c);
  }
  return c;
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) yield m;
}

/** Durations in months: "八个月" 8, "两年" 24, "半年多" 7, "去年九月" (until `today`). */
export function readDurations(text: string, q: QuantityLexicon, today: string): Quantity[] {
  const r = regexes(q);
  const out: Quantity[] = [];
  const spanBefore = (i: number) => i > 0 && q.notSpanBefore.includes(text[i - 1]!);
  for (const m of matches(r.months, text)) {
    const v = parseNumber(m[1]!, q);
    if (v !== undefined && v > 0 && !spanBefore(m.index)) out.push({ value: v, surface: m[0], start: m.index });
  }
  for (const m of matches(r.years, text)) {
    const v = parseNumber(m[1]!, q);
    if (v !== undefined && v > 0 && v < 100 && !spanBefore(m.index)) out.push({ value: v * 12, surface: m[0], start: m.index });
  }
  const spans = new Map(q.spans);
  for (const m of matches(r.spans, text)) out.push({ value: spans.get(m[0])!, surface: m[0], start: m.index });
  const [ty, tm] = today.split('-').map(Number) as [number, number];
  for (const m of matches(r.since, text)) {
    const rel = q.relativeYears[m[1]!];
    const year = rel !== undefined ? ty + rel : Number(m[1]!.slice(0, 4));
    const month = parseNumber(m[2]!, q);
    if (month === undefined || month < 1 || month > 12) continue;
    const months = ty * 12 + tm - (year * 12 + month);
    if (months > 0) out.push({ value: months, surface: m[0], start: m.index });
  }
  return out;
}

/** Hours of training: "80学时", "一百二十个学时", "九十多课时". */
export function readHours(text: string, q: QuantityLexicon): Quantity[] {
  const out: Quantity[] = [];
  for (const m of matches(regexes(q).hours, text)) {
    const v = parseNumber(m[1]!, q);
    if (v !== undefined && v > 0) out.push({ value: v, surface: m[0], start: m.index });
  }
  return out;
}
