/**
 * The dates of a region's schedule, pure: a period's reminder, follow-ups, deadline and missing-list times as
 * instants in the schedule's time zone, and the cron expressions of the three jobs.
 *
 * Periods: 'YYYY-MM' (monthly) or 'YYYY' (yearly). A follow-up run is its own period `<period>@<key>`
 * (`2026-11@28`, `2026-11@30`; yearly `2026@11-18`), so each is claimed once.
 *
 * Crons may tick on days when nothing is due (the deadline day is clamped, so the deadline-day follow-up
 * ticks on the 28th-30th and the missing list on the 1st and the 31st): a job's periodOf(at) is the latest
 * slot due at or before `at`, so an extra tick names a period already claimed and does nothing.
 */
import { monthlyDeadline } from '../calendar/working-days';
import { addDaysYmd, addMonthsYmd, DEFAULT_TZ, endOfDayInZone, ymdInZone, zonedInstant } from '../calendar/time-zone';
import type { RegionSchedule } from './monitoring-schedule';

export interface FollowupSlot {
  /** `<period>@<key>`. */
  period: string;
  ymd: string;
  dueAt: Date;
  /** The follow-up on the deadline day itself. */
  lastDay: boolean;
}

export interface MonitoringCalendar {
  readonly schedule: RegionSchedule;
  readonly tz: string;
  isPeriod(p: string): boolean;
  /** The period the local date of `at` falls in. */
  periodAt(at: Date): string;
  shift(period: string, n: number): string;
  deadlineYmd(period: string): string;
  /** The deadline passes at the end of its day: an answer from this instant on is late. */
  deadlineEnd(period: string): Date;
  reminderAt(period: string): Date;
  followups(period: string): FollowupSlot[];
  /** When the list of points that did not answer goes out: the day after the deadline. */
  missingReportAt(period: string): Date;
  /** The school year ("2026-2027") whose observation points answer this period. */
  schoolYearOf(period: string): string;
  /** For texts: the year, and the month of a monthly period. */
  label(period: string): { year: number; month?: number };
  crons(): { reminder: string; followup: string; deadline: string };
}

const pad = (n: number) => String(n).padStart(2, '0');
const msOf = (hhmm: string) => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000;
const cronAt = (hhmm: string) => `${Number(hhmm.slice(3, 5))} ${Number(hhmm.slice(0, 2))}`;
const list = (ns: Iterable<number>) => [...new Set(ns)].sort((a, b) => a - b).join(',');
const MONTH_LENGTHS = [28, 29, 30, 31];

export function createMonitoringCalendar(schedule: RegionSchedule, tz: string = DEFAULT_TZ): MonitoringCalendar {
  const monthly = schedule.cycle === 'monthly';
  const at = (ymd: string, hhmm: string) => zonedInstant(ymd, msOf(hhmm), tz);
  const check = (p: string) => {
    if (!cal.isPeriod(p)) throw new RangeError(`not a ${schedule.cycle} period: ${JSON.stringify(p)}`);
    return p;
  };

  const deadlineYmd = (p: string) =>
    schedule.cycle === 'monthly' ? monthlyDeadline(check(p), schedule.deadlineDay) : `${check(p)}-${schedule.deadlineDate}`;

  const cal: MonitoringCalendar = {
    schedule,
    tz,
    isPeriod: (p) => (monthly ? /^\d{4}-(0[1-9]|1[0-2])$/ : /^\d{4}$/).test(p),
    periodAt: (instant) => {
      const ymd = ymdInZone(instant, tz);
      return monthly ? ymd.slice(0, 7) : ymd.slice(0, 4);
    },
    shift: (p, n) => (monthly ? addMonthsYmd(`${check(p)}-01`, n).slice(0, 7) : String(Number(check(p)) + n)),
    deadlineYmd,
    deadlineEnd: (p) => endOfDayInZone(deadlineYmd(p), tz),
    reminderAt: (p) =>
      at(schedule.cycle === 'monthly' ? `${check(p)}-${pad(schedule.reminderDay)}` : `${check(p)}-${schedule.reminderDate}`, schedule.reminderAt),
    followups(p) {
      const deadline = deadlineYmd(p);
      const days = schedule.cycle === 'monthly'
        ? schedule.followupDays.map((d) => (d === 'deadline' ? deadline : `${p}-${pad(d)}`))
        : schedule.followupDates.map((d) => (d === 'deadline' ? deadline : `${p}-${d}`));
      // In February the 28th can be the deadline day too: one follow-up, not two.
      return [...new Set(days)].sort().map((ymd) => ({
        period: `${p}@${monthly ? ymd.slice(8) : ymd.slice(5)}`,
        ymd,
        dueAt: at(ymd, schedule.followupAt),
        lastDay: ymd === deadline,
      }));
    },
    missingReportAt: (p) => at(addDaysYmd(deadlineYmd(p), 1), schedule.missingReportAt),
    schoolYearOf(p) {
      const month = schedule.cycle === 'monthly' ? Number(check(p).slice(5)) : Number(schedule.deadlineDate.slice(0, 2));
      const year = Number(check(p).slice(0, 4));
      const start = month >= schedule.schoolYearStarts ? year : year - 1;
      return `${start}-${start + 1}`;
    },
    label: (p) => (monthly ? { year: Number(check(p).slice(0, 4)), month: Number(p.slice(5)) } : { year: Number(check(p)) }),
    crons() {
      if (schedule.cycle === 'monthly') {
        const D = schedule.deadlineDay;
        // The deadline day clamped to each month length, and the day after it (the 1st when it ends the month).
        const deadlineDays = MONTH_LENGTHS.map((L) => Math.min(D, L));
        const afterDays = MONTH_LENGTHS.map((L) => (Math.min(D, L) < L ? Math.min(D, L) + 1 : 1));
        const followDays = schedule.followupDays.flatMap((d) => (d === 'deadline' ? deadlineDays : [d]));
        return {
          reminder: `${cronAt(schedule.reminderAt)} ${schedule.reminderDay} * *`,
          followup: `${cronAt(schedule.followupAt)} ${list(followDays)} * *`,
          deadline: `${cronAt(schedule.missingReportAt)} ${list(afterDays)} * *`,
        };
      }
      const md = (s: string) => ({ m: Number(s.slice(0, 2)), d: Number(s.slice(3, 5)) });
      const follow = schedule.followupDates.map((d) => md(d === 'deadline' ? schedule.deadlineDate : d));
      const after = md(addDaysYmd(`2001-${schedule.deadlineDate}`, 1).slice(5));
      const r = md(schedule.reminderDate);
      // Days x months may name a few extra dates; their ticks find their period already claimed.
      return {
        reminder: `${cronAt(schedule.reminderAt)} ${r.d} ${r.m} *`,
        followup: `${cronAt(schedule.followupAt)} ${list(follow.map((f) => f.d))} ${list(follow.map((f) => f.m))} *`,
        deadline: `${cronAt(schedule.missingReportAt)} ${after.d} ${after.m} *`,
      };
    },
  };
  return cal;
}

/** Splits `2026-11@28` into its period and slot key; a plain period has no key. */
export function splitSlot(slot: string): { period: string; key?: string } {
  const i = slot.indexOf('@');
  return i < 0 ? { period: slot } : { period: slot.slice(0, i), key: slot.slice(i + 1) };
}
