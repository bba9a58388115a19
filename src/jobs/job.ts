/**
 * A scheduled job: what it does for one period, and when that period is due. The scheduler (node-cron for
 * the ticks) claims every (job, period) in the store under a unique key that is never released, so a
 * period runs once ever, across instances and restarts; on start it runs late, once, a current period whose
 * due time has passed, whose `lateUntil` has not, and that has no claim.
 */

export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobRunContext {
  /** The time the run is "as of" (now, or the ?at= of an admin run). */
  at: Date;
  period: string;
  /** Run after its due time (catch-up at start, or an admin run). */
  late: boolean;
  logger: JobLogger;
  /**
   * How far the run has got (rows written so far, ...): kept on the claim while it runs, so GET /admin/jobs
   * shows a long run's progress. Cheap to call often: written at most once a second.
   */
  progress?(counts: Record<string, number>): void;
}

export interface JobResult {
  /** One line for operators (admin API and log), no personal data. */
  summary: string;
  counts?: Record<string, number>;
}

export interface JobDefinition {
  /** kebab-case: monthly-reminder, monthly-followup, monthly-deadline, escalation. */
  name: string;
  /** node-cron expression (5 or 6 fields) in the schedule time zone (TZ_SCHEDULE). */
  cron: string;
  /** The period a run at `at` belongs to, e.g. "2026-11" for a monthly job, "2026-11-23T10:30" for a half-hourly one. */
  periodOf(at: Date): string;
  /** When the period's run is due (its first cron time in that period). */
  dueAt(period: string): Date;
  /** After this a missed period is not run late any more (a fresh install must not send last month's reminders). */
  lateUntil(period: string): Date;
  /**
   * When the cycle the period belongs to began: for the monthly follow-ups and missing list, the month's
   * reminder. A period is run late only by an installation that was already running then. Default: dueAt.
   */
  cycleBeganAt?(period: string): Date;
  /**
   * Does the period's work. Must be idempotent: the outbox ids it enqueues derive from (job, period, target),
   * so a run taken over after its instance died sends nothing twice.
   */
  run(ctx: JobRunContext): Promise<JobResult>;
}
