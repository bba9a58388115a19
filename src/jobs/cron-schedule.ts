/**
 * The one place that touches node-cron (v4), behind a small function type so that tests can inject a fake,
 * assert the expressions and time zone, and fire a tick without waiting.
 *
 * node-cron v4: `schedule()` creates AND starts the task (v3's `scheduled: false` and `runOnInit` are gone;
 * `createTask()` creates a stopped one); options are `{ timezone, name, noOverlap, logger, ... }`; a task is
 * paused by `stop()` and removed from node-cron's registry by `destroy()`; the tick receives `{ date }`,
 * the scheduled slot.
 */
import { schedule as cronSchedule, validate as cronValidate } from 'node-cron';
import type { JobLogger } from './job';

export interface CronTask {
  stop(): unknown;
  destroy?(): unknown;
  /** The next tick (node-cron computes it on the real clock), or null when stopped. */
  getNextRun?(): Date | null;
  /** Whether `date` is a tick time of the expression in the task's time zone. */
  match?(date: Date): boolean;
}

export interface CronOptions {
  timezone: string;
  name: string;
  logger: JobLogger;
}

/** Starts calling `onTick(slot)` at every time of `expression` in `options.timezone`. */
export type ScheduleFn = (expression: string, onTick: (slot: Date) => Promise<void>, options: CronOptions) => CronTask;

export const nodeCronSchedule: ScheduleFn = (expression, onTick, { timezone, name, logger }) =>
  cronSchedule(expression, (ctx) => onTick(ctx.date), {
    timezone,
    name,
    // node-cron's own warnings (missed executions when the event loop was blocked) go to our log.
    logger: {
      info: (m) => logger.info({ cron: name }, m),
      warn: (m) => logger.warn({ cron: name }, m),
      error: (m, err) => logger.error({ cron: name, err: err ?? m }, typeof m === 'string' ? m : m.message),
      debug: () => undefined,
    },
  });

export function isValidCron(expression: string): boolean {
  return cronValidate(expression);
}
