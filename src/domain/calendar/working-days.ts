/**
 * Working days in the PRC calendar: public holidays and 调休 make-up working days as published each year
 * by the State Council (data: templates/calendar/cn-holidays.yaml). Pure: the caller reads the file.
 *
 * Conventions
 * - A date is a 'YYYY-MM-DD' calendar date in the time zone given (Asia/Shanghai by default).
 * - A day is a working day if it is a listed make-up working day, or a Monday–Friday that is not inside a
 *   listed holiday. For a year the data does not cover, that is simply Monday–Friday: results say so with
 *   `fallback: true`, so a caller can log or show that the holiday table needs the next year's notice.
 * - addWorkingDays(start, n): the deadline "within n working days". Day 1 is the first working day strictly
 *   after the start's local date (the day of receipt is not counted, even when it is itself a working day);
 *   the result is the n-th working day at the same local time of day as the start. n = 0 returns the start.
 * - workingDaysBetween(a, b): the number of working days d with date(a) < d ≤ date(b), so that
 *   addWorkingDays(a, workingDaysBetween(a, b)) falls on date(b) when date(b) is a working day;
 *   negative when b is before a.
 * - monthlyDeadline(period): the monthly monitoring table is due "于每月30日前" (宁教办函〔2023〕95号);
 *   the day is clamped to the month's length (February → 28/29) and is not moved off weekends or holidays,
 *   because the document does not say so.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  addDaysYmd,
  daysInMonth,
  DEFAULT_TZ,
  diffDaysYmd,
  endOfDayInZone,
  formatYmd,
  isValidYmd,
  msOfDayInZone,
  weekdayOfYmd,
  ymdInZone,
  zonedInstant,
} from './time-zone';

export interface HolidayCalendar {
  /** Years the data covers. */
  years: ReadonlySet<number>;
  /** Holiday date → holiday name. */
  holidays: ReadonlyMap<string, string>;
  /** Weekend dates that are working days (调休上班). */
  workdays: ReadonlySet<string>;
}

export interface DayInfo {
  ymd: string;
  working: boolean;
  holiday?: string;
  makeUpWorkday: boolean;
  /** The year is not in the data: Monday–Friday was assumed. */
  fallback: boolean;
}

export interface WorkingDayDeadline {
  deadline: Date;
  /** Local date of the deadline. */
  ymd: string;
  /** Some day counted lies in a year the data does not cover. */
  fallback: boolean;
}

const ymdString = z.string().refine(isValidYmd, 'must be a calendar date YYYY-MM-DD');

const calendarSchema = z
  .object({
    years: z.record(
      z.string().regex(/^\d{4}$/, 'year keys are four digits'),
      z
        .object({
          source: z.string().optional(),
          holidays: z.array(z.object({ name: z.string().min(1), from: ymdString, to: ymdString }).strict()),
          workdays: z.array(ymdString),
        })
        .strict(),
    ),
  })
  .strict();

export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}

export function loadCalendar(yamlText: string, source = 'cn-holidays.yaml'): HolidayCalendar {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (e) {
    throw new CalendarError(`${source}: invalid YAML: ${(e as Error).message}`);
  }
  const parsed = calendarSchema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CalendarError(`${source}: ${msg}`);
  }
  const years = new Set<number>();
  const holidays = new Map<string, string>();
  const workdays = new Set<string>();
  for (const [key, year] of Object.entries(parsed.data.years)) {
    const y = Number(key);
    years.add(y);
    for (const h of year.holidays) {
      const where = `${source}: years.${key}: holiday ${h.name} ${h.from}..${h.to}`;
      if (h.from > h.to) throw new CalendarError(`${where}: from is after to`);
      if (!h.from.startsWith(key) && !h.to.startsWith(key)) throw new CalendarError(`${where}: not in year ${key}`);
      for (let d = h.from; d <= h.to; d = addDaysYmd(d, 1)) {
        if (holidays.has(d)) throw new CalendarError(`${where}: ${d} is already a holiday (${holidays.get(d)})`);
        holidays.set(d, h.name);
      }
    }
    for (const d of year.workdays) {
      const where = `${source}: years.${key}: workday ${d}`;
      if (!d.startsWith(key)) throw new CalendarError(`${where}: not in year ${key}`);
      const wd = weekdayOfYmd(d);
      if (wd !== 0 && wd !== 6) throw new CalendarError(`${where}: make-up working days are weekend days`);
      if (workdays.has(d)) throw new CalendarError(`${where}: listed twice`);
      workdays.add(d);
    }
  }
  for (const d of workdays) {
    if (holidays.has(d)) throw new CalendarError(`${source}: ${d} is both a holiday and a make-up working day`);
  }
  return { years, holidays, workdays };
}

export function isCovered(ymd: string, cal: HolidayCalendar): boolean {
  return cal.years.has(Number(ymd.slice(0, 4)));
}

export function describeDay(ymd: string, cal: HolidayCalendar): DayInfo {
  if (!isValidYmd(ymd)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(ymd)}`);
  const weekday = weekdayOfYmd(ymd);
  const weekend = weekday === 0 || weekday === 6;
  const holiday = cal.holidays.get(ymd);
  const makeUpWorkday = cal.workdays.has(ymd);
  const working = makeUpWorkday || (!weekend && holiday === undefined);
  return { ymd, working, ...(holiday !== undefined ? { holiday } : {}), makeUpWorkday, fallback: !isCovered(ymd, cal) };
}

export function isWorkingDay(ymd: string, cal: HolidayCalendar): boolean {
  return describeDay(ymd, cal).working;
}

export function addWorkingDays(start: Date, n: number, cal: HolidayCalendar, tz: string = DEFAULT_TZ): WorkingDayDeadline {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0, got ${n}`);
  const startYmd = ymdInZone(start, tz);
  if (n === 0) return { deadline: new Date(start.getTime()), ymd: startYmd, fallback: !isCovered(startYmd, cal) };
  let d = startYmd;
  let counted = 0;
  let fallback = false;
  while (counted < n) {
    d = addDaysYmd(d, 1);
    if (!isCovered(d, cal)) fallback = true;
    if (isWorkingDay(d, cal)) counted++;
  }
  return { deadline: zonedInstant(d, msOfDayInZone(start, tz), tz), ymd: d, fallback };
}

function toYmd(x: Date | string, tz: string): string {
  if (typeof x === 'string') {
    if (!isValidYmd(x)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(x)}`);
    return x;
  }
  return ymdInZone(x, tz);
}

export function workingDaysBetween(
  a: Date | string,
  b: Date | string,
  cal: HolidayCalendar,
  tz: string = DEFAULT_TZ,
): { days: number; fallback: boolean } {
  const from = toYmd(a, tz);
  const to = toYmd(b, tz);
  const sign = from <= to ? 1 : -1;
  const [lo, hi] = sign === 1 ? [from, to] : [to, from];
  let days = 0;
  let fallback = false;
  const span = diffDaysYmd(lo, hi);
  for (let i = 1; i <= span; i++) {
    const d = addDaysYmd(lo, i);
    if (!isCovered(d, cal)) fallback = true;
    if (isWorkingDay(d, cal)) days++;
  }
  return { days: sign * days, fallback };
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The due date of a monthly report for period 'YYYY-MM': day `dayOfMonth` clamped to the month's length. */
export function monthlyDeadline(period: string, dayOfMonth = 30): string {
  const p = PERIOD.exec(period);
  if (!p) throw new RangeError(`period must be YYYY-MM, got ${JSON.stringify(period)}`);
  if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31) {
    throw new RangeError(`dayOfMonth must be 1..31, got ${dayOfMonth}`);
  }
  const y = Number(p[1]);
  const m = Number(p[2]);
  return formatYmd({ y, m, d: Math.min(dayOfMonth, daysInMonth(y, m)) });
}

/** The instant the monthly deadline passes: the end of the due date (local midnight after it) in `tz`. */
export function monthlyDeadlineEnd(period: string, dayOfMonth = 30, tz: string = DEFAULT_TZ): Date {
  return endOfDayInZone(monthlyDeadline(period, dayOfMonth), tz);
}
