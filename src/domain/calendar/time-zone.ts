/**
 * Calendar dates ('YYYY-MM-DD') and wall-clock time in a named IANA time zone, with Intl only.
 * Asia/Shanghai has had no DST since 1991, but nothing here assumes a fixed offset.
 */

export const DEFAULT_TZ = 'Asia/Shanghai';

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function isValidYmd(s: string): boolean {
  const p = YMD.exec(s);
  if (!p) return false;
  const y = Number(p[1]);
  const m = Number(p[2]);
  const d = Number(p[3]);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function parseYmd(s: string): Ymd {
  if (!isValidYmd(s)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(s)}`);
  const p = YMD.exec(s)!;
  return { y: Number(p[1]), m: Number(p[2]), d: Number(p[3]) };
}

export function formatYmd({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Day number since 1970-01-01 of a calendar date (time-zone free arithmetic). */
function dayNumber(s: string): number {
  const { y, m, d } = parseYmd(s);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function fromDayNumber(n: number): string {
  const t = new Date(n * DAY_MS);
  return formatYmd({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

export function addDaysYmd(s: string, n: number): string {
  return fromDayNumber(dayNumber(s) + n);
}

/** b − a in calendar days. */
export function diffDaysYmd(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfYmd(s: string): number {
  return new Date(dayNumber(s) * DAY_MS).getUTCDay();
}

/** Same day n months later, clamped to the month's length (01-31 + 1 month → 02-28/29). */
export function addMonthsYmd(s: string, n: number): string {
  const { y, m, d } = parseYmd(s);
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return formatYmd({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface WallClock extends Ymd {
  /** Milliseconds since local midnight. */
  ms: number;
}

function wallClock(date: Date, tz: string): WallClock {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date');
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const ms = (parts.hour! * 3600 + parts.minute! * 60 + parts.second!) * 1000 + date.getUTCMilliseconds();
  return { y: parts.year!, m: parts.month!, d: parts.day!, ms };
}

/** The calendar date of an instant in a time zone. */
export function ymdInZone(date: Date, tz: string = DEFAULT_TZ): string {
  return formatYmd(wallClock(date, tz));
}

/** Milliseconds since local midnight of an instant in a time zone. */
export function msOfDayInZone(date: Date, tz: string = DEFAULT_TZ): number {
  return wallClock(date, tz).ms;
}

/** The instant at which the wall clock in `tz` shows date `ymd` plus `msOfDay`. */
export function zonedInstant(ymd: string, msOfDay: number, tz: string = DEFAULT_TZ): Date {
  const { y, m, d } = parseYmd(ymd);
  const target = Date.UTC(y, m - 1, d) + msOfDay;
  // Guess with offset 0, then correct by the zone's offset at the guess; twice covers offset changes.
  let t = target;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(t), tz);
    const shown = Date.UTC(w.y, w.m - 1, w.d) + w.ms;
    t += target - shown;
  }
  return new Date(t);
}

/** The first instant after the end of `ymd` in `tz` (local midnight of the next day). */
export function endOfDayInZone(ymd: string, tz: string = DEFAULT_TZ): Date {
  return zonedInstant(addDaysYmd(ymd, 1), 0, tz);
}
