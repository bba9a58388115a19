/**
 * Calendar days without time or time zone. Report dates are calendar days in the school's time zone, so all
 * arithmetic here is on (year, month, day) and never on instants — which is what keeps "昨天" correct when the
 * server runs in UTC and it is already tomorrow in Shanghai.
 */

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

export interface CivilDateTime extends CivilDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (proleptic Gregorian). setUTCFullYear avoids Date.UTC's mapping of years 0-99 to 19xx. */
export function toDayNumber(d: CivilDate): number {
  const t = new Date(0);
  t.setUTCFullYear(d.year, d.month - 1, d.day);
  return Math.round(t.getTime() / MS_PER_DAY);
}

export function fromDayNumber(n: number): CivilDate {
  const t = new Date(n * MS_PER_DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function isValidCivilDate(year: number, month: number, day: number): boolean {
  if (![year, month, day].every(Number.isInteger)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

export function addDays(d: CivilDate, days: number): CivilDate {
  return fromDayNumber(toDayNumber(d) + days);
}

/** Shift by whole months, keeping the day; null when that day does not exist in the target month. */
export function addMonths(d: CivilDate, months: number): CivilDate | null {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isValidCivilDate(year, month, d.day) ? { year, month, day: d.day } : null;
}

/** ISO weekday: Monday 1 ... Sunday 7 (Chinese weeks start on Monday). */
export function isoWeekday(d: CivilDate): number {
  const js = new Date(toDayNumber(d) * MS_PER_DAY).getUTCDay();
  return js === 0 ? 7 : js;
}

export function compareCivilDates(a: CivilDate, b: CivilDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** 'YYYY-MM-DD'. */
export function formatYmd(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Strict 'YYYY-MM-DD' to a valid date, else null. */
export function parseYmd(text: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidCivilDate(year, month, day) ? { year, month, day } : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall clock in `timeZone` at `instant`. Throws RangeError for an unknown zone or an invalid Date:
 * both are programming errors, not user input.
 */
export function civilDateTimeIn(instant: Date, timeZone: string): CivilDateTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? NaN,
    month: parts.month ?? NaN,
    day: parts.day ?? NaN,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}
