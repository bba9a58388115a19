import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  addDaysYmd,
  addMonthsYmd,
  endOfDayInZone,
  weekdayOfYmd,
  ymdInZone,
  zonedInstant,
} from '../../../src/domain/calendar/time-zone';
import {
  addWorkingDays,
  CalendarError,
  describeDay,
  isWorkingDay,
  loadCalendar,
  monthlyDeadline,
  monthlyDeadlineEnd,
  workingDaysBetween,
} from '../../../src/domain/calendar/working-days';

const cal = loadCalendar(readFileSync(join(__dirname, '../../../templates/calendar/cn-holidays.yaml'), 'utf8'));
const sh = (iso: string) => new Date(`${iso}+08:00`);
/** Expected days and holiday lengths (zh-CN holiday names are data: fixtures/days.yaml). */
const F = parse(readFileSync(join(__dirname, 'fixtures/days.yaml'), 'utf8')) as {
  days: Array<[string, boolean, string | null]>;
  lengths: Array<[string, string, number]>;
};

describe('cn-holidays.yaml', () => {
  it('covers 2025 and 2026', () => {
    expect([...cal.years].sort()).toEqual([2025, 2026]);
  });

  it.each(F.days)('%s working=%p holiday=%p', (ymd, working, holiday) => {
    const d = describeDay(ymd, cal);
    expect(d.working).toBe(working);
    expect(d.holiday).toBe(holiday ?? undefined);
    expect(d.fallback).toBe(false);
    expect(isWorkingDay(ymd, cal)).toBe(working);
  });

  it('2025-09-28 is a Sunday and a working day; 2025-10-08 is a holiday', () => {
    expect(weekdayOfYmd('2025-09-28')).toBe(0);
    expect(isWorkingDay('2025-09-28', cal)).toBe(true);
    expect(isWorkingDay('2025-10-08', cal)).toBe(false);
  });

  it('every make-up working day is a weekend day', () => {
    for (const d of cal.workdays) expect([0, 6]).toContain(weekdayOfYmd(d));
  });

  it.each(F.lengths)('%s %s lasts %p days', (name, year, days) => {
    expect([...cal.holidays].filter(([d, n]) => n === name && d.startsWith(year))).toHaveLength(days);
  });

  it('falls back to Monday–Friday outside the covered years and says so', () => {
    expect(describeDay('2027-01-01', cal)).toMatchObject({ working: true, fallback: true }); // a Friday; the real New Year holiday is unknown
    expect(describeDay('2027-01-02', cal)).toMatchObject({ working: false, fallback: true });
    expect(addWorkingDays(sh('2026-12-30T10:00:00'), 3, cal).fallback).toBe(true);
    expect(addWorkingDays(sh('2026-12-01T10:00:00'), 3, cal).fallback).toBe(false);
  });
});

describe('loadCalendar validation', () => {
  it.each([
    ['a make-up day on a weekday', 'years:\n  2025:\n    holidays: []\n    workdays: ["2025-01-02"]\n', /weekend/],
    ['from after to', 'years:\n  2025:\n    holidays: [{ name: x, from: "2025-01-03", to: "2025-01-01" }]\n    workdays: []\n', /from is after to/],
    ['an impossible date', 'years:\n  2025:\n    holidays: [{ name: x, from: "2025-02-30", to: "2025-02-30" }]\n    workdays: []\n', /calendar date/],
    ['a holiday in another year', 'years:\n  2025:\n    holidays: [{ name: x, from: "2024-05-01", to: "2024-05-02" }]\n    workdays: []\n', /not in year 2025/],
    ['invalid YAML', 'years: [\n', /invalid YAML/],
  ])('rejects %s', (_n, yaml, msg) => {
    expect(() => loadCalendar(yaml, 'test.yaml')).toThrow(CalendarError);
    expect(() => loadCalendar(yaml, 'test.yaml')).toThrow(msg);
  });
});

describe('addWorkingDays', () => {
  it.each([
    // start (Shanghai)          n  deadline (Shanghai)
    ['2025-09-30T10:00:00', 1, '2025-10-09T10:00:00'], // across the 2025 National Day holiday
    ['2025-09-30T10:00:00', 3, '2025-10-11T10:00:00'], // 10/11 is a Saturday make-up day
    ['2025-09-26T17:30:00', 1, '2025-09-28T17:30:00'], // Friday → the Sunday make-up day
    ['2025-09-26T17:30:00', 2, '2025-09-29T17:30:00'],
    ['2026-02-13T09:00:00', 1, '2026-02-14T09:00:00'], // Saturday make-up day before the 2026 Spring Festival
    ['2026-02-13T09:00:00', 2, '2026-02-24T09:00:00'], // across the 2026 Spring Festival
    ['2026-02-13T09:00:00', 5, '2026-02-27T09:00:00'],
    ['2026-02-13T09:00:00', 6, '2026-02-28T09:00:00'], // Saturday make-up day after it
    ['2025-10-04T12:00:00', 1, '2025-10-09T12:00:00'], // starting on a holiday
    ['2025-11-07T23:30:00', 1, '2025-11-10T23:30:00'], // late Friday evening → Monday
    ['2025-11-10T08:00:00', 0, '2025-11-10T08:00:00'],
  ])('%s + %p working days → %s', (start, n, expected) => {
    const r = addWorkingDays(sh(start), n, cal);
    expect(r.deadline.toISOString()).toBe(sh(expected).toISOString());
    expect(r.ymd).toBe(expected.slice(0, 10));
    expect(r.fallback).toBe(false);
  });

  it('uses the Shanghai date of the start, not the UTC date', () => {
    // 2025-09-30 17:00 UTC is 2025-10-01 01:00 in Shanghai: day 1 is 10-09, not 10-01's UTC neighbour.
    const r = addWorkingDays(new Date('2025-09-30T17:00:00Z'), 1, cal);
    expect(r.ymd).toBe('2025-10-09');
    expect(r.deadline.toISOString()).toBe('2025-10-08T17:00:00.000Z');
  });

  it('rejects negative or fractional counts', () => {
    expect(() => addWorkingDays(new Date(), -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(), 1.5, cal)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2025-09-30', '2025-10-09', 1],
    ['2025-09-30', '2025-10-11', 3],
    ['2025-09-26', '2025-10-10', 5], // 9/28 (Sunday make-up), 9/29, 9/30, then 10/9, 10/10
    ['2026-02-13', '2026-02-28', 6],
    ['2025-11-10', '2025-11-10', 0],
    ['2025-10-11', '2025-09-30', -3],
  ])('%s → %s = %p', (a, b, n) => {
    expect(workingDaysBetween(a, b, cal).days).toBe(n);
  });

  it('is the inverse of addWorkingDays on working days', () => {
    const start = sh('2026-02-10T15:00:00');
    for (const n of [1, 2, 3, 4, 8, 15]) {
      const r = addWorkingDays(start, n, cal);
      expect(workingDaysBetween(start, r.deadline, cal).days).toBe(n);
    }
  });
});

describe('monthlyDeadline', () => {
  it.each([
    ['2025-11', 30, '2025-11-30'],
    ['2025-12', 30, '2025-12-30'],
    ['2026-02', 30, '2026-02-28'],
    ['2028-02', 30, '2028-02-29'],
    ['2026-04', 31, '2026-04-30'],
    ['2026-04', 25, '2026-04-25'],
  ])('%s day %p → %s', (period, day, expected) => {
    expect(monthlyDeadline(period, day)).toBe(expected);
  });

  it('defaults to the 30th', () => {
    expect(monthlyDeadline('2026-02')).toBe('2026-02-28');
    expect(monthlyDeadline('2028-02')).toBe('2028-02-29');
    expect(monthlyDeadline('2025-09')).toBe('2025-09-30');
  });

  it('passes at the end of the due date in Shanghai', () => {
    expect(monthlyDeadlineEnd('2025-09').toISOString()).toBe('2025-09-30T16:00:00.000Z');
  });

  it.each(['2025-13', '2025-1', '25-01', 'x'])('rejects period %p', (p) => {
    expect(() => monthlyDeadline(p)).toThrow(RangeError);
  });
});

describe('time-zone helpers', () => {
  it('round-trips wall-clock time in Shanghai', () => {
    const d = zonedInstant('2026-02-14', (9 * 3600 + 30 * 60) * 1000, 'Asia/Shanghai');
    expect(d.toISOString()).toBe('2026-02-14T01:30:00.000Z');
    expect(ymdInZone(d)).toBe('2026-02-14');
    expect(endOfDayInZone('2026-02-14').toISOString()).toBe('2026-02-14T16:00:00.000Z');
  });

  it('handles a zone with DST', () => {
    const d = zonedInstant('2025-07-01', 12 * 3600 * 1000, 'Europe/Berlin');
    expect(d.toISOString()).toBe('2025-07-01T10:00:00.000Z');
  });

  it('does month and day arithmetic on calendar dates', () => {
    expect(addMonthsYmd('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonthsYmd('2024-08-31', 6)).toBe('2025-02-28');
    expect(addDaysYmd('2024-12-31', 1)).toBe('2025-01-01');
  });
});
