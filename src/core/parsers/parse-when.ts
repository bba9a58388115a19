import { civilDateTimeIn, compareCivilDates, parseYmd } from './civil-date';
import { normalizeInput } from './normalize-input';
import { parseChineseNumber } from './parse-chinese-number';
import { DEFAULT_TIMEZONE, parseDate, type DateHint, type DateOptions } from './parse-date';
import { fail, ok, type ParseFailure, type ParseOk } from './parse-result';
import { ZH_DAY_WORDS, ZH_DIGITS, ZH_MONTH_SUFFIXES, ZH_MONTH_WORD, ZH_DATE_RANGE_SEPARATORS, ZH_RELATIVE_YEARS, ZH_SMALL_UNITS, ZH_YEAR_WORD } from './zh-vocabulary';
import { alternation, charClass, escapeRegExp } from './vocabulary-pattern';

/**
 * When something happened, as people write it: one day (6月5日, 上周三), a range kept as a range
 * (11月20日到11月30日, 11月20日至30日), an announced activity still to come (下周五: accepted as planned), and,
 * where the day does not matter (`monthOk`, e.g. the start of a secondment), a month (去年9月, 2025年9月份).
 */
export interface When {
  /** 'YYYY-MM-DD'; for a month, its first day. */
  from: string;
  /** The last day of a range. */
  to?: string;
  /** Only the month is known. */
  month?: true;
  /** It has not happened yet (announced for a later day). */
  planned?: true;
}

export interface WhenOptions extends Omit<DateOptions, 'allowFuture'> {
  monthOk?: boolean;
}

export type WhenResult = ParseOk<When> | ParseFailure<DateHint | 'date_range_reversed'>;

const NUMERAL = `(?:\\d{1,2}|${charClass([...Object.keys(ZH_DIGITS), ...Object.keys(ZH_SMALL_UNITS)])}{1,3})`;
const DAY = `(?:${alternation(ZH_DAY_WORDS)})`;
const RANGE = new RegExp(`^(.+?)\\s*(?:${alternation([...ZH_DATE_RANGE_SEPARATORS].sort((a, b) => b.length - a.length))})\\s*(.+)$`, 'u');
const BARE_DAY = new RegExp(`^(${NUMERAL})\\s*${DAY}?$`, 'u');
const MONTH_ONLY = new RegExp(
  `^(?:(${alternation(Object.keys(ZH_RELATIVE_YEARS))})|(\\d{4})\\s*${escapeRegExp(ZH_YEAR_WORD)})?\\s*(${NUMERAL})\\s*${escapeRegExp(ZH_MONTH_WORD)}(?:${alternation(ZH_MONTH_SUFFIXES)})?$`,
  'u',
);

/** One day, planned when it lies after today. */
function oneDay(text: string, options: DateOptions): ParseOk<When> | ParseFailure<DateHint> {
  const past = parseDate(text, { ...options, allowFuture: false });
  if (past.ok) return ok({ from: past.value.date });
  if (past.hint !== 'date_in_future') return past;
  const ahead = parseDate(text, { ...options, allowFuture: true });
  return ahead.ok ? ok({ from: ahead.value.date, planned: true }) : ahead;
}

function monthOf(text: string, now: Date, timezone: string | undefined): When | null {
  const m = MONTH_ONLY.exec(text);
  if (!m) return null;
  const month = /^\d+$/.test(m[3]!) ? Number(m[3]) : parseChineseNumber(m[3]!);
  if (month === null || month < 1 || month > 12) return null;
  const today = civilDateTimeIn(now, timezone ?? DEFAULT_TIMEZONE);
  let year = m[2] ? Number(m[2]) : today.year + (m[1] ? ZH_RELATIVE_YEARS[m[1]]! : 0);
  const thisMonth = today.month;
  // A month without a year that is still to come this year is last year's, as for days.
  if (!m[1] && !m[2] && month > thisMonth) year -= 1;
  return { from: `${year}-${String(month).padStart(2, '0')}-01`, month: true };
}

/** The last day of a range, the earliest reading of `text` that is not before `from`. */
function endOf(text: string, from: string, options: DateOptions): WhenResult {
  const past = parseDate(text, { ...options, allowFuture: false });
  if (past.ok && past.value.date >= from) return ok({ from: past.value.date });
  const ahead = parseDate(text, { ...options, allowFuture: true });
  if (ahead.ok && ahead.value.date >= from) return ok({ from: ahead.value.date });
  return past.ok ? ok({ from: past.value.date }) : ahead.ok ? ok({ from: ahead.value.date }) : past;
}

export function parseWhen(text: string, options: WhenOptions): WhenResult {
  const clean = normalizeInput(text);
  const { monthOk, ...dateOptions } = options;
  // A range first: a date reader would take its first day and drop the rest.
  const range = RANGE.exec(clean);
  if (range) {
    const start = oneDay(range[1]!, dateOptions);
    if (start.ok) {
      // "11月20日到30日": the end may give only the day, in the start's month.
      const bare = BARE_DAY.exec(range[2]!);
      const endText = bare ? `${start.value.from.slice(0, 8)}${String(parseChineseNumber(bare[1]!) ?? '').padStart(2, '0')}` : range[2]!;
      // The end is read as on or after the start: 11月20日到11月30日 written on the 23rd ends this year.
      const end: WhenResult = /^\d{4}-\d{2}-\d{2}$/.test(endText) ? (parseYmd(endText) ? ok({ from: endText }) : fail('date_invalid')) : endOf(endText, start.value.from, dateOptions);
      if (end.ok) {
        if (compareCivilDates(parseYmd(end.value.from)!, parseYmd(start.value.from)!) < 0) return fail('date_range_reversed');
        return ok({ from: start.value.from, to: end.value.from, ...(start.value.planned ? { planned: true as const } : {}) });
      }
    }
  }
  const single = oneDay(clean, dateOptions);
  if (single.ok) return single;
  if (monthOk) {
    const month = monthOf(clean, options.now, options.timezone);
    if (month) return ok(month);
  }
  return single;
}
