/**
 * The scheduler: node-cron ticks, claims in the store, catch-up after downtime.
 *
 * node-cron alone is not enough: it fires in EVERY instance (each would send the reminder) and it fires
 * nothing while the process is down (a deploy at 09:00 on the 25th would send no reminder at all). Exactly
 * once comes from the two other parts: the (job, period) claim in the store, unique and never released, turns
 * every tick after the first into "already claimed"; and the catch-up, at start and then every `sweepMs`,
 * runs late the CURRENT period of a job when its due time has passed, its `lateUntil` has not, and it has no
 * live claim. Only the current period, and only one that fell due after this installation first started
 * (`installedAt`): a fresh install stays quiet about months it never ran for. The sweep also
 * recovers a tick lost while running (store briefly down, event loop blocked, a run that died mid-way).
 */
import { AppError } from '../core/errors';
import type { Coord } from '../coord/coord';
import { isAbandoned, type JobRunRepo } from '../store/job-run-repo';
import type { JobRunRow } from '../store/job-run.model';
import { isValidCron, nodeCronSchedule, type CronTask, type ScheduleFn } from './cron-schedule';
import type { JobDefinition, JobLogger } from './job';
import { createJobRunner, type RunOptions, type RunOutcome } from './job-runner';

export type { RunOptions, RunOutcome } from './job-runner';

export interface SchedulerDeps {
  jobs: readonly JobDefinition[];
  runs: JobRunRepo;
  coord: Pick<Coord, 'acquireLock' | 'releaseLock' | 'extendLock'>;
  logger: JobLogger;
  now: () => Date;
  /** IANA zone of the cron expressions (TZ_SCHEDULE), e.g. Asia/Shanghai. */
  timezone: string;
  /** This instance's id, recorded on its claims. */
  owner: string;
  /** Claim lease and lock TTL, renewed while a job runs (default 5 minutes). */
  leaseMs?: number;
  /** How often the catch-up runs again after start (default 5 minutes; 0: only at start). */
  sweepMs?: number;
  /** A run under way stops renewing its lease after this (default 30 minutes), so a hung run can be taken over. */
  maxRunMs?: number;
  /** node-cron by default; tests inject a fake. */
  schedule?: ScheduleFn;
  /** When this installation first started: a period whose cycle began before it is not run late. */
  installedAt?: Date;
}

export interface JobDescription {
  name: string;
  cron: string;
  timezone: string;
  /** The next tick, from node-cron; null while the scheduler is not started. */
  nextRunAt: Date | null;
  /** The period of now, when it is due, until when it may still run late, and its claim if any. */
  current: { period: string; dueAt: Date; lateUntil: Date; run: JobRunRow | null };
  lastRuns: JobRunRow[];
}

export interface Scheduler {
  readonly timezone: string;
  readonly jobNames: readonly string[];
  now(): Date;
  has(name: string): boolean;
  /** Throws AppError('not_found') for an unknown job; otherwise never rejects (failures are an outcome). */
  runAsOf(name: string, at: Date, opts?: RunOptions): Promise<RunOutcome>;
  /** Schedules every job, then catches up; resolves when the catch-up is done (it never rejects). */
  start(): Promise<void>;
  /** Runs late the current period of every job that is due, not past `lateUntil`, and unclaimed. */
  catchUp(): Promise<void>;
  /** Stops the ticks and the sweep, then waits for the runs under way. */
  stop(): Promise<void>;
  describe(lastRuns?: number): Promise<JobDescription[]>;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_SWEEP_MS = 5 * 60_000;
const JOB_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function checkDefinitions(jobs: readonly JobDefinition[], timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new AppError('config_invalid', `schedule time zone ${JSON.stringify(timezone)} is not an IANA zone (e.g. Asia/Shanghai)`);
  }
  const seen = new Set<string>();
  for (const job of jobs) {
    // kebab-case also keeps ':' out of names, which separates the name from the period in a claim's _id.
    if (!JOB_NAME.test(job.name)) throw new AppError('config_invalid', `job name ${JSON.stringify(job.name)} must be kebab-case`);
    if (seen.has(job.name)) throw new AppError('config_invalid', `two jobs are named ${job.name}`);
    seen.add(job.name);
    if (!isValidCron(job.cron)) throw new AppError('config_invalid', `job ${job.name}: invalid cron expression ${JSON.stringify(job.cron)}`);
  }
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  checkDefinitions(deps.jobs, deps.timezone);
  const { logger, now, timezone } = deps;
  const byName = new Map(deps.jobs.map((j) => [j.name, j]));
  const runner = createJobRunner({ runs: deps.runs, coord: deps.coord, logger, now, owner: deps.owner, leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS, maxRunMs: deps.maxRunMs });
  const schedule = deps.schedule ?? nodeCronSchedule;
  const sweepMs = deps.sweepMs ?? DEFAULT_SWEEP_MS;
  const tasks = new Map<string, CronTask>();
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  let started = false;
  let stopped = false;

  async function tick(job: JobDefinition, slot: Date): Promise<void> {
    // As of now: node-cron fires at or after the slot, never before, so now is in the slot's period.
    const out = await runner.runAsOf(job, now(), { late: false });
    if (out.outcome !== 'ran' && out.outcome !== 'failed') {
      logger.info({ job: job.name, period: out.period, slot, outcome: out.outcome }, 'job tick: nothing to do here');
    }
  }

  async function catchUpJob(job: JobDefinition): Promise<void> {
    const at = now();
    try {
      const period = job.periodOf(at);
      if (at < job.dueAt(period) || at >= job.lateUntil(period)) return;
      const began = job.cycleBeganAt?.(period) ?? job.dueAt(period);
      if (deps.installedAt && began < deps.installedAt) return; // this installation was not running then
      const row = await deps.runs.get(job.name, period);
      if (row && !isAbandoned(row, at)) return;
      logger.info({ job: job.name, period }, row ? 'catch-up: taking over a run whose instance died' : 'catch-up: running a missed period late');
      await runner.runAsOf(job, at, { late: true });
    } catch (e) {
      logger.error({ err: e, job: job.name }, 'catch-up failed');
    }
  }

  function catchUp(): Promise<void> {
    // One sweep at a time; jobs in their declared order (a reminder before its follow-up).
    sweeping ??= (async () => {
      for (const job of deps.jobs) if (!stopped) await catchUpJob(job);
    })().finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  }

  function warnIfInconsistent(job: JobDefinition, task: CronTask): void {
    try {
      const due = job.dueAt(job.periodOf(now()));
      if (task.match && !task.match(due)) {
        logger.warn({ job: job.name, cron: job.cron, timezone, dueAt: due }, 'job dueAt is not a tick of its cron expression: check the time zones');
      }
    } catch (e) {
      logger.warn({ err: e, job: job.name }, 'job definition check failed');
    }
  }

  return {
    timezone,
    jobNames: deps.jobs.map((j) => j.name),
    now,
    has: (name) => byName.has(name),

    runAsOf(name, at, opts) {
      const job = byName.get(name);
      if (!job) return Promise.reject(new AppError('not_found', `no job named ${name}`));
      return runner.runAsOf(job, at, opts);
    },

    async start() {
      if (started) return;
      started = true;
      stopped = false;
      for (const job of deps.jobs) {
        const task = schedule(job.cron, (slot) => tick(job, slot), { timezone, name: `job:${job.name}`, logger });
        tasks.set(job.name, task);
        warnIfInconsistent(job, task);
      }
      logger.info({ jobs: [...byName.keys()], timezone }, 'scheduler started');
      await catchUp();
      if (sweepMs > 0 && started) {
        sweepTimer = setInterval(() => void catchUp(), sweepMs);
        sweepTimer.unref();
      }
    },

    catchUp,

    async stop() {
      started = false;
      stopped = true;
      clearInterval(sweepTimer);
      for (const task of tasks.values()) {
        await task.stop();
        await task.destroy?.();
      }
      tasks.clear();
      await sweeping;
      await runner.drain();
    },

    async describe(lastRuns = 5) {
      const at = now();
      return Promise.all(
        deps.jobs.map(async (job) => {
          const period = job.periodOf(at);
          const [run, runs] = await Promise.all([deps.runs.get(job.name, period), deps.runs.list(job.name, lastRuns)]);
          return {
            name: job.name,
            cron: job.cron,
            timezone,
            nextRunAt: tasks.get(job.name)?.getNextRun?.() ?? null,
            current: { period, dueAt: job.dueAt(period), lateUntil: job.lateUntil(period), run },
            lastRuns: runs,
          };
        }),
      );
    },
  };
}
