/**
 * Two jobs shaped like the real ones, for the scheduler's tests: a monthly one (period YYYY-MM in
 * Asia/Shanghai, due the 25th at 09:00, late until the 30th 23:59:59) and a half-hourly one. Each records its
 * runs in a shared list, so a test can count how often a body actually ran. Plus a fake node-cron.
 */
import type { JobDefinition, JobLogger, JobResult, JobRunContext } from '../../src/jobs/job';
import type { CronOptions, CronTask, ScheduleFn } from '../../src/jobs/cron-schedule';
import { daysInMonth, msOfDayInZone, ymdInZone, zonedInstant } from '../../src/domain/calendar/time-zone';

export const TZ = 'Asia/Shanghai';

export interface RunRecord {
  job: string;
  period: string;
  late: boolean;
  at: Date;
}

export interface FakeJobOptions {
  /** Waits inside the body, so that concurrent callers overlap it. */
  delayMs?: number;
  /** Called at the start of each run; throw to fail it, or await a gate. */
  before?: (ctx: JobRunContext) => void | Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const two = (n: number) => String(n).padStart(2, '0');

async function body(name: string, runs: RunRecord[], ctx: JobRunContext, opts: FakeJobOptions): Promise<JobResult> {
  await opts.before?.(ctx);
  runs.push({ job: name, period: ctx.period, late: ctx.late, at: ctx.at });
  if (opts.delayMs) await sleep(opts.delayMs);
  return { summary: `reminded 3 points for ${ctx.period}`, counts: { reminded: 3 } };
}

export function monthlyJob(runs: RunRecord[], opts: FakeJobOptions = {}): JobDefinition {
  return {
    name: 'monthly-reminder',
    cron: '0 9 25 * *',
    periodOf: (at) => ymdInZone(at, TZ).slice(0, 7),
    dueAt: (period) => zonedInstant(`${period}-25`, 9 * 3_600_000, TZ),
    lateUntil(period) {
      const [y, m] = period.split('-').map(Number) as [number, number];
      return zonedInstant(`${period}-${two(Math.min(30, daysInMonth(y, m)))}`, 86_399_000, TZ);
    },
    run: (ctx) => body('monthly-reminder', runs, ctx, opts),
  };
}

export function halfHourlyJob(runs: RunRecord[], opts: FakeJobOptions = {}): JobDefinition {
  return {
    name: 'escalation',
    cron: '0,30 * * * *',
    periodOf(at) {
      const minutes = Math.floor(msOfDayInZone(at, TZ) / 60_000 / 30) * 30;
      return `${ymdInZone(at, TZ)}T${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
    },
    dueAt(period) {
      const [hh, mm] = period.slice(11).split(':').map(Number) as [number, number];
      return zonedInstant(period.slice(0, 10), (hh * 60 + mm) * 60_000, TZ);
    },
    lateUntil(period) {
      return new Date(this.dueAt(period).getTime() + 30 * 60_000);
    },
    run: (ctx) => body('escalation', runs, ctx, opts),
  };
}

export const silentLogger: JobLogger = { info() {}, warn() {}, error() {} };

export interface FakeCronEntry {
  expression: string;
  options: CronOptions;
  fire(slot: Date): Promise<void>;
  stopped: boolean;
  destroyed: boolean;
}

/** A stand-in for node-cron: records what was scheduled; a test fires ticks by hand. */
export function fakeCron(nextRun: Date | null = null): { schedule: ScheduleFn; entries: FakeCronEntry[] } {
  const entries: FakeCronEntry[] = [];
  const schedule: ScheduleFn = (expression, onTick, options) => {
    const entry: FakeCronEntry = { expression, options, fire: onTick, stopped: false, destroyed: false };
    entries.push(entry);
    const task: CronTask = {
      stop: () => void (entry.stopped = true),
      destroy: () => void (entry.destroyed = true),
      getNextRun: () => (entry.stopped ? null : nextRun),
    };
    return task;
  };
  return { schedule, entries };
}

/** An instant written as Shanghai wall-clock time, e.g. sh('2026-11-25T09:00'). */
export function sh(local: string): Date {
  return new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`);
}
