/**
 * The `rectification` job: every working day at 09:00 (the calendar's zone) it follows the cases left 整改中
 * (follow-rectification.ts): reminds the handling bureau's groups before a time limit, escalates a case whose
 * limit has passed. Weekends and holidays are skipped (working days from templates/calendar), so a limit that
 * ends on a Friday escalates on Monday morning.
 *
 * Period: the day, "2026-11-23"; due at 09:00, late until the day's end (a missed day is covered by the next:
 * the sweeps compare with `at`). The scheduler claims each (job, day) once in the store; the sweeps are
 * idempotent besides (a compare-and-set per step, outbox ids per case, time limit, step and robot).
 */
import type { JobDefinition, JobResult } from './job';
import { addDaysYmd, endOfDayInZone, msOfDayInZone, ymdInZone, zonedInstant } from '../domain/calendar/time-zone';
import { isWorkingDay, type HolidayCalendar } from '../domain/calendar/working-days';
import type { AlertService } from '../domain/alerts/alert-service';

export interface RectificationJobDeps {
  alerts: Pick<AlertService, 'followRectifications' | 'flush'>;
  calendar: HolidayCalendar;
  tz: string;
}

const DUE_MS = 9 * 3_600_000;
const PERIOD = /^\d{4}-\d{2}-\d{2}$/;

export function createRectificationJob(deps: RectificationJobDeps): JobDefinition {
  const { tz } = deps;
  const dueAt = (period: string): Date => {
    if (!PERIOD.test(period)) throw new RangeError(`rectification period must be YYYY-MM-DD, got ${JSON.stringify(period)}`);
    return zonedInstant(period, DUE_MS, tz);
  };
  return {
    name: 'rectification',
    cron: '0 9 * * *',
    periodOf(at) {
      const day = ymdInZone(at, tz);
      return msOfDayInZone(at, tz) >= DUE_MS ? day : addDaysYmd(day, -1);
    },
    dueAt,
    lateUntil: (period) => endOfDayInZone(period, tz),
    async run(ctx): Promise<JobResult> {
      if (!isWorkingDay(ctx.period, deps.calendar)) return { summary: `${ctx.period} is not a working day: nothing followed`, counts: { reminded: 0, escalated: 0, skipped: 0 } };
      const c = await deps.alerts.followRectifications(ctx.at);
      await deps.alerts.flush();
      return { summary: `${ctx.period}: ${c.reminded} rectification reminders, ${c.escalated} overdue rectifications escalated, ${c.skipped} no longer followed`, counts: { ...c } };
    },
  };
}
