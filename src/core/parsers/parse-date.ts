import * as chrono from 'chrono-node';
import {
  addDays,
  addMonths,
  civilDateTimeIn,
  compareCivilDates,
  daysInMonth,
  formatYmd,
  isoWeekday,
  isValidCivilDate,
  parseYmd,
  type CivilDate,
  type CivilDateTime,
} from './civil-date';
import { isMediaPlaceholder } from './is-media-placeholder';
import { normalizeInput } from './normalize-input';
import { parseNumeral } from './parse-chinese-number';
import { fail, ok, type ParseFailure, type ParseOk } from './parse-result';
import { alternation, charClass, escapeRegExp } from './vocabulary-pattern';
import {
  ZH_AGO_CALENDAR_UNITS,
  ZH_AGO_DAY_UNITS,
  ZH_AGO_WORDS,
  ZH_DAY_WORDS,
  ZH_DIGITS,
  ZH_MONTH_WORD,
  ZH_OF,
  ZH_PERIOD_MEASURE,
  ZH_RELATIVE_MONTH_PREFIXES,
  ZH_RELATIVE_WEEK_PREFIXES,
  ZH_RELATIVE_YEARS,
  ZH_SMALL_UNITS,
  ZH_TIME_OF_DAY_WORDS,
  ZH_VAGUE_AMOUNTS,
  ZH_WEEKDAY_CHARS,
  ZH_WEEK_WORDS,
  ZH_YEAR_WORD,
} from './zh-vocabulary';

export { formatDateZh } from './format-date-zh';

/**
 * "Which day did it happen?" answers, as a calendar day in the school's time zone.
 *
 * Relative words are computed from the calendar day in `timezone` at `now`, never from the server's clock:
 * at 2026-06-05T20:00Z it is already 6月6日 in Shanghai, so 昨天 is 2026-06-05.
 *
 * chrono-node (zh.hans) reads the written forms it knows well: 2024年6月5日, 二〇二四年六月五日, 6月5日/6月5号,
 * 今天/昨天/前天/大前天, 2024-06-05. The rest is filled in here, each for a reason given at its finder: numeric
 * dates with / and . (2024/6/5, 6.5), weeks that start on Monday (上周三, 本周一, 上上周三), 上个月5号, bare 5号,
 * 去年6月5日, N周前 / N天以前, and the errors (2月30日 is 'date_invalid', 6月 or 上周 is 'date_incomplete').
 *
 * People report past events, so a date written without a year that would fall after today is taken from last
 * year (and a bare weekday or day of month from the previous week or month) unless `allowFuture`; the value
 * then says `rolledBack` so the bot can confirm with formatDateZh.
 */

export interface DateOptions {
  /** The instant "today" is taken from (inject the clock; tests pass fixed values). */
  readonly now: Date;
  /** IANA time zone whose calendar the answer is about. Default 'Asia/Shanghai'. */
  readonly timezone?: string;
  /** Accept dates after today. Default false: a report is about something that happened. */
  readonly allowFuture?: boolean;
  /** Reject dates before this 'YYYY-MM-DD' with 'date_too_old'. */
  readonly earliest?: string;
}

export interface ParsedDay {
  /** 'YYYY-MM-DD' in the configured time zone's calendar. */
  readonly date: string;
  /** Set when a missing year / month / week was assumed to be an earlier one than the current (see above). */
  readonly rolledBack?: 'year' | 'month' | 'week';
}

export type DateHint =
  | 'empty'
  | 'not_text'
  | 'date_unrecognised'
  | 'date_invalid'
  | 'date_incomplete'
  | 'date_in_future'
  | 'date_too_old';

export type DateResult = ParseOk<ParsedDay> | ParseFailure<DateHint>;

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** A date answer longer than this is a story, not a date; say so instead of fishing a date out of it. */
const MAX_DATE_INPUT = 100;

type Found =
  | { readonly kind: 'date'; readonly date: CivilDate; readonly rolledBack?: ParsedDay['rolledBack'] }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'incomplete' };

interface Context {
  readonly today: CivilDate;
  readonly clock: CivilDateTime;
  readonly allowFuture: boolean;
}

type Finder = (text: string, ctx: Context) => Found | null;

const INVALID: Found = { kind: 'invalid' };
const INCOMPLETE: Found = { kind: 'incomplete' };

// ---------------------------------------------------------------------------------------------
// Pattern pieces, all built from the vocabulary
// ---------------------------------------------------------------------------------------------

const ZH_NUMERAL_CHARS = [...Object.keys(ZH_DIGITS), ...Object.keys(ZH_SMALL_UNITS)];
const NUMERAL_CLASS = charClass(ZH_NUMERAL_CHARS);
const NOT_AFTER_NUMERAL = `(?<![0-9${NUMERAL_CLASS.slice(1, -1)}])`;
/** A month or day number: 1-2 digits or up to three Chinese numeral characters (三十一). */
const MD_NUM = `(\\d{1,2}|${NUMERAL_CLASS}{1,3})`;
const YEAR_NUM = `(\\d{4}|\\d{2}|${charClass(Object.keys(ZH_DIGITS))}{2,4})`;
const YEAR = escapeRegExp(ZH_YEAR_WORD);
const MONTH = escapeRegExp(ZH_MONTH_WORD);
const DAY = alternation(ZH_DAY_WORDS);
const OF = `(?:${escapeRegExp(ZH_OF)})?`;
const MEASURE = `(?:${escapeRegExp(ZH_PERIOD_MEASURE)})?`;
const WEEK = alternation(ZH_WEEK_WORDS);
const WEEKDAY = `(${charClass(Object.keys(ZH_WEEKDAY_CHARS))}|[1-7])`;
const WEEK_PREFIX = `(${alternation(Object.keys(ZH_RELATIVE_WEEK_PREFIXES))})`;
const MONTH_PREFIX = `(${alternation(Object.keys(ZH_RELATIVE_MONTH_PREFIXES))})`;
const RELATIVE_YEAR = `(${alternation(Object.keys(ZH_RELATIVE_YEARS))})`;

/** 2024, 24 (→ 2024), 二〇二四, 二四 (→ 2024): years are read digit by digit. */
function yearOf(raw: string): number | null {
  let digits = raw;
  if (!/^\d+$/.test(raw)) {
    digits = '';
    for (const ch of raw) {
      const d = ZH_DIGITS[ch];
      if (d === undefined) return null;
      digits += String(d);
    }
  }
  const n = Number(digits);
  return digits.length === 2 ? 2000 + n : digits.length === 4 ? n : null;
}

function exact(year: number, month: number, day: number): Found {
  return isValidCivilDate(year, month, day) ? { kind: 'date', date: { year, month, day } } : INVALID;
}

/**
 * A month and day without a year: this year, or the latest earlier year in which the day exists and is not in
 * the future (so 2月29日 finds the last leap year, and 12月1日 written in November means last December).
 */
function withoutYear(month: number, day: number, ctx: Context): Found {
  for (let back = 0; back <= 8; back++) {
    const year = ctx.today.year - back;
    if (!isValidCivilDate(year, month, day)) continue;
    const date = { year, month, day };
    if (!ctx.allowFuture && compareCivilDates(date, ctx.today) > 0) continue;
    return back === 0 ? { kind: 'date', date } : { kind: 'date', date, rolledBack: 'year' };
  }
  return INVALID;
}

// ---------------------------------------------------------------------------------------------
// Finders, tried in order; the first that recognises something decides
// ---------------------------------------------------------------------------------------------

const YMD_NUMERIC = /(?<![\d.])(\d{4}|\d{2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d])/;
const YMD_COMPACT = /(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/;
const MD_NUMERIC = /(?<![\d./-])(\d{1,2})\s*[/.]\s*(\d{1,2})(?![\d./-])/;

/** Gap in chrono zh: no slash or dot dates (2024/6/5, 2024.6.5, 6/5, 6.5) and no 20240605. */
const numericDate: Finder = (text, ctx) => {
  const ymd = YMD_NUMERIC.exec(text) ?? YMD_COMPACT.exec(text);
  if (ymd) {
    const year = yearOf(ymd[1] as string);
    const [month, day] = ymd.length === 5 ? [ymd[3], ymd[4]] : [ymd[2], ymd[3]];
    return year === null ? INVALID : exact(year, Number(month), Number(day));
  }
  const md = MD_NUMERIC.exec(text);
  return md ? withoutYear(Number(md[1]), Number(md[2]), ctx) : null;
};

const RELATIVE_YEAR_DATE = new RegExp(`${RELATIVE_YEAR}${OF}\\s*${MD_NUM}\\s*${MONTH}\\s*${MD_NUM}`);

/** Gap in chrono zh: 去年6月5日 is read as 6月5日 of THIS year (去 is dropped). */
const relativeYearDate: Finder = (text, ctx) => {
  const m = RELATIVE_YEAR_DATE.exec(text);
  if (!m) return null;
  const offset = ZH_RELATIVE_YEARS[m[1] as string] ?? 0;
  const month = parseNumeral(m[2] as string);
  const day = parseNumeral(m[3] as string);
  return month === null || day === null ? INVALID : exact(ctx.today.year + offset, month, day);
};

const AGO = new RegExp(
  `(?<![\\d.${MONTH}])(\\d{1,4}|${NUMERAL_CLASS}{1,4}|${alternation(ZH_VAGUE_AMOUNTS)})\\s*${MEASURE}\\s*` +
    `(${alternation([...Object.keys(ZH_AGO_DAY_UNITS), ...ZH_AGO_CALENDAR_UNITS])})\\s*${alternation(ZH_AGO_WORDS)}`,
);

/**
 * N天前, N周前, N个月前, N年前. Gaps in chrono zh: no 周 unit (一周前), no 以前, 几天前 silently becomes 3 days,
 * and months overflow (3月31日 minus one month is 3月3日). Here months clamp to the month's last day and vague
 * amounts are 'date_incomplete'.
 */
const agoDate: Finder = (text, ctx) => {
  const m = AGO.exec(text);
  if (!m) return null;
  const n = parseNumeral(m[1] as string);
  if (n === null) return INCOMPLETE;
  const unit = m[2] as string;
  const perDay = ZH_AGO_DAY_UNITS[unit];
  if (perDay !== undefined) return { kind: 'date', date: addDays(ctx.today, -n * perDay) };
  const months = unit.endsWith(ZH_MONTH_WORD) ? n : n * 12;
  return { kind: 'date', date: shiftMonthsClamped(ctx.today, -months) };
};

function shiftMonthsClamped(d: CivilDate, months: number): CivilDate {
  const first = addMonths({ ...d, day: 1 }, months) as CivilDate;
  return { ...first, day: Math.min(d.day, daysInMonth(first.year, first.month)) };
}

const WEEKDAY_EXPRESSION = new RegExp(`${WEEK_PREFIX}?${MEASURE}${WEEK}${WEEKDAY}`);
const TIME_OF_DAY_ONLY = new RegExp(`^${alternation(ZH_TIME_OF_DAY_WORDS)}$`);

/**
 * chrono-node zh.hans, for 年月日 forms and casual days. Its relative parsers read the reference with the host's
 * local getters (getDate, getDay) and ignore the `timezone` option (which, besides, only knows abbreviations:
 * 'Asia/Shanghai' is silently dropped and 'CST' means US Central). So it gets a "floating" reference: a local
 * Date whose wall clock is the Shanghai wall clock, and only the y/m/d components of its result are read.
 */
const chronoDate: Finder = (text, ctx) => {
  const c = ctx.clock;
  const floating = new Date(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  let results: chrono.ParsedResult[];
  try {
    results = chrono.zh.hans.parse(text, floating);
  } catch {
    return null; // third-party code must not end a conversation; the own finders still run
  }
  for (const r of results) {
    // Weekdays are the weekday finder's (chrono counts weeks from Sunday); a lone 上午 is not a day.
    if (WEEKDAY_EXPRESSION.test(r.text) && !r.text.includes(ZH_MONTH_WORD)) continue;
    if (TIME_OF_DAY_ONLY.test(r.text)) continue;
    const s = r.start;
    if (!s.isCertain('day')) {
      if (s.isCertain('month')) return INCOMPLETE; // 6月
      continue; // a time only: 3点
    }
    const month = s.get('month');
    const day = s.get('day');
    let year = s.get('year');
    if (month === null || day === null || year === null) continue;
    if (!s.isCertain('year')) return withoutYear(month, day, ctx);
    if (year < 100) year += 2000; // 24年6月5日 is 2024 (chrono keeps 24)
    return exact(year, month, day);
  }
  return null;
};

/**
 * 上周三, 本周一, 这个星期五, 上上周三, 周3. Gap in chrono zh: weeks start on Sunday there, so on a Monday
 * 上周日 is 8 days back and 这周日 is yesterday; in China the week runs Monday to Sunday. 本/上上 are unknown to it.
 * A weekday without 上/本/下 means this week's, or last week's if that is still ahead (unless allowFuture).
 */
const weekdayDate: Finder = (text, ctx) => {
  const m = WEEKDAY_EXPRESSION.exec(text);
  if (!m) return null;
  const prefix = m[1];
  const raw = m[2] as string;
  const weekday = ZH_WEEKDAY_CHARS[raw] ?? Number(raw);
  const weeks = prefix === undefined ? 0 : (ZH_RELATIVE_WEEK_PREFIXES[prefix] ?? 0);
  const monday = addDays(ctx.today, 1 - isoWeekday(ctx.today));
  const date = addDays(monday, weeks * 7 + weekday - 1);
  if (prefix === undefined && !ctx.allowFuture && compareCivilDates(date, ctx.today) > 0) {
    return { kind: 'date', date: addDays(date, -7), rolledBack: 'week' };
  }
  return { kind: 'date', date };
};

const RELATIVE_MONTH_DAY = new RegExp(`${MONTH_PREFIX}${MEASURE}${MONTH}${OF}\\s*${MD_NUM}\\s*${DAY}?`);

/** Gap in chrono zh: 上个月5号, 本月3日 are not recognised. */
const relativeMonthDay: Finder = (text, ctx) => {
  const m = RELATIVE_MONTH_DAY.exec(text);
  if (!m) return null;
  const months = ZH_RELATIVE_MONTH_PREFIXES[m[1] as string] ?? 0;
  const day = parseNumeral(m[2] as string);
  const first = addMonths({ ...ctx.today, day: 1 }, months) as CivilDate;
  return day === null ? INVALID : exact(first.year, first.month, day);
};

const MONTH_DAY = new RegExp(
  `${NOT_AFTER_NUMERAL}(?:${YEAR_NUM}\\s*${YEAR}\\s*)?${MD_NUM}\\s*${MONTH}\\s*${MD_NUM}`,
);

/**
 * 年月日 forms chrono refused: impossible days (2月30日, 13月5日, 11月31日 → 'date_invalid' rather than
 * "unrecognised", so the re-ask can say the day does not exist) and 2月29日 without a year, which chrono checks
 * against the current year only.
 */
const monthDay: Finder = (text, ctx) => {
  const m = MONTH_DAY.exec(text);
  if (!m) return null;
  const month = parseNumeral(m[2] as string);
  const day = parseNumeral(m[3] as string);
  if (month === null || day === null) return INVALID;
  if (m[1] === undefined) return withoutYear(month, day, ctx);
  const year = yearOf(m[1]);
  return year === null ? INVALID : exact(year, month, day);
};

const BARE_DAY = new RegExp(`${NOT_AFTER_NUMERAL}(?<!${MONTH})${MD_NUM}\\s*${DAY}`);

/** Gap in chrono zh: "5号" alone. This month's, or the previous month's if still ahead or missing (31号). */
const bareDay: Finder = (text, ctx) => {
  const m = BARE_DAY.exec(text);
  if (!m) return null;
  const day = parseNumeral(m[1] as string);
  if (day === null || day < 1 || day > 31) return INVALID;
  for (let back = 0; back <= 2; back++) {
    const first = addMonths({ ...ctx.today, day: 1 }, -back) as CivilDate;
    if (!isValidCivilDate(first.year, first.month, day)) continue;
    const date = { year: first.year, month: first.month, day };
    if (!ctx.allowFuture && compareCivilDates(date, ctx.today) > 0) continue;
    return back === 0 ? { kind: 'date', date } : { kind: 'date', date, rolledBack: 'month' };
  }
  return INVALID;
};

const PERIODS: readonly RegExp[] = [
  new RegExp(`${WEEK_PREFIX}${MEASURE}${WEEK}`), // 上周, 这个星期
  new RegExp(`${MONTH_PREFIX}${MEASURE}${MONTH}`), // 上个月
  new RegExp(RELATIVE_YEAR), // 去年
  new RegExp(`${NOT_AFTER_NUMERAL}${MD_NUM}\\s*${MONTH}`), // 6月, 六月份 (份 needs no pattern of its own)
  new RegExp(`${YEAR_NUM}\\s*${YEAR}`), // 2024年
  /(?<!\d)\d{4}\s*[-/.]\s*\d{1,2}(?![\d./-])/, // 2024-6
];

/** A period instead of a day: ask for the day rather than say "not a date". */
const period: Finder = (text) => (PERIODS.some((p) => p.test(text)) ? INCOMPLETE : null);

const FINDERS: readonly Finder[] = [
  numericDate,
  relativeYearDate,
  agoDate,
  chronoDate,
  weekdayDate,
  relativeMonthDay,
  monthDay,
  bareDay,
  period,
];

export function parseDate(text: string, options: DateOptions): DateResult {
  const clean = normalizeInput(text);
  if (clean.length === 0) return fail('empty');
  if (isMediaPlaceholder(clean)) return fail('not_text');
  if (clean.length > MAX_DATE_INPUT) return fail('date_unrecognised');

  const clock = civilDateTimeIn(options.now, options.timezone ?? DEFAULT_TIMEZONE);
  const today: CivilDate = { year: clock.year, month: clock.month, day: clock.day };
  const ctx: Context = { today, clock, allowFuture: options.allowFuture ?? false };
  const earliest = options.earliest === undefined ? null : parseYmd(options.earliest);
  if (options.earliest !== undefined && !earliest) {
    throw new RangeError(`parseDate: earliest must be YYYY-MM-DD, got ${JSON.stringify(options.earliest)}`);
  }

  let found: Found | null = null;
  for (const finder of FINDERS) {
    found = finder(clean, ctx);
    if (found) break;
  }
  if (!found) return fail('date_unrecognised');
  if (found.kind === 'invalid') return fail('date_invalid');
  if (found.kind === 'incomplete') return fail('date_incomplete');
  if (!ctx.allowFuture && compareCivilDates(found.date, today) > 0) return fail('date_in_future');
  if (earliest && compareCivilDates(found.date, earliest) < 0) return fail('date_too_old');
  const date = formatYmd(found.date);
  return ok(found.rolledBack ? { date, rolledBack: found.rolledBack } : { date });
}
