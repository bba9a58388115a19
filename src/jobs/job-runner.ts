/**
 * One run of one job "as of" a time: a Coord lock on the job, a claim of (job, period) in the store, the run,
 * and its result recorded on the claim.
 *
 * The store claim is what guarantees once-ever: its `_id` is unique and never released, so of any number of
 * callers across instances exactly one inserts it. The lock only spares wasted work (two instances preparing
 * the same run); when the coordination engine is unreachable the run goes ahead on the claim alone, because a
 * reminder that goes out zero times is a failure too.
 */
import type { Coord } from '../coord/coord';
import type { JobRunRepo, ClaimRequest } from '../store/job-run-repo';
import { isAbandoned } from '../store/job-run-repo';
import type { JobRunRow } from '../store/job-run.model';
import type { JobDefinition, JobLogger, JobResult } from './job';

export interface RunOptions {
  /** Re-run a period whose claim is 'failed' (an operator's decision; nothing retries a failure by itself). */
  retry?: boolean;
  /** Run after its due time (catch-up, admin run). */
  late?: boolean;
  /** Called once the period is claimed, just before the job's work starts (an admin run answers then). */
  onClaimed?(period: string): void;
}

export type RunOutcome =
  | { outcome: 'ran'; job: string; period: string; late: boolean; takenOver: boolean; result: JobResult }
  | { outcome: 'already-claimed'; job: string; period: string; run: JobRunRow }
  | { outcome: 'busy'; job: string; period: string }
  | { outcome: 'failed'; job: string; period: string | undefined; error: string };

export interface JobRunnerDeps {
  runs: JobRunRepo;
  coord: Pick<Coord, 'acquireLock' | 'releaseLock' | 'extendLock'>;
  logger: JobLogger;
  now: () => Date;
  owner: string;
  /** Lease of the claim and TTL of the lock, both renewed every third of it while the job runs. */
  leaseMs: number;
  /**
   * After this a run still under way stops renewing its lease (default 30 minutes): a hung run must not hold
   * its period forever; once the lease runs out the sweep or another instance takes the run over.
   */
  maxRunMs?: number;
}

export interface JobRunner {
  /** Never rejects: every failure (job, store, coordination) comes back as outcome 'failed' and is logged. */
  runAsOf(job: JobDefinition, at: Date, opts?: RunOptions): Promise<RunOutcome>;
  /** Resolves when the runs under way have ended. */
  drain(): Promise<void>;
}

const DEFAULT_MAX_RUN_MS = 30 * 60_000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A logger that adds the job and period to every line. */
function bound(logger: JobLogger, fields: object): JobLogger {
  return {
    info: (obj, msg) => logger.info({ ...fields, ...obj }, msg),
    warn: (obj, msg) => logger.warn({ ...fields, ...obj }, msg),
    error: (obj, msg) => logger.error({ ...fields, ...obj }, msg),
  };
}

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const { runs, coord, owner, leaseMs } = deps;
  const underWay = new Set<Promise<RunOutcome>>();

  /** A token, null when another holder has it, or undefined when the coordination engine did not answer. */
  async function lock(key: string, log: JobLogger): Promise<string | null | undefined> {
    try {
      return await coord.acquireLock(key, leaseMs);
    } catch (e) {
      log.warn({ err: e }, 'job lock unavailable: running on the store claim alone');
      return undefined;
    }
  }

  async function claim(job: JobDefinition, req: ClaimRequest, retry: boolean): Promise<'claimed' | 'taken-over' | JobRunRow> {
    const c = await runs.claim(req);
    if (typeof c === 'string') return c;
    if (!retry || c.alreadyClaimed.status !== 'failed') return c.alreadyClaimed;
    const retried = await runs.retryFailed(req);
    if (retried) return 'claimed';
    return (await runs.get(job.name, req.period)) ?? c.alreadyClaimed;
  }

  /** Progress kept on the claim, written at most once a second (and the last value when the run ends). */
  function progressWriter(job: JobDefinition, period: string, log: JobLogger) {
    // Not 0: performance.now() counts from the process start, so a run in its first second would lose its first report.
    let last = Number.NEGATIVE_INFINITY;
    let pending: Record<string, number> | undefined;
    let writing: Promise<unknown> = Promise.resolve();
    const flush = () => {
      const counts = pending;
      pending = undefined;
      last = performance.now();
      if (!counts) return;
      writing = writing.then(() => runs.progress(job.name, period, owner, counts)).catch((e) => log.warn({ err: e }, 'job progress not recorded'));
    };
    return {
      report(counts: Record<string, number>) {
        pending = { ...counts };
        if (performance.now() - last >= 1000) flush();
      },
      settled: () => writing,
    };
  }

  async function runClaimed(job: JobDefinition, period: string, at: Date, late: boolean, takenOver: boolean, token: string | undefined, log: JobLogger, opts: RunOptions): Promise<RunOutcome> {
    const lockKey = `job:${job.name}`;
    // How long the run has taken is a duration (monotonic clock); its lease's expiry is in `deps.now` time.
    const giveUpAt = performance.now() + (deps.maxRunMs ?? DEFAULT_MAX_RUN_MS);
    // Long runs keep both the lock and the claim's lease alive; a lost lease is only logged (another instance
    // took the run over after we stalled: the work is idempotent, and our finish() will simply not match).
    const heartbeat = setInterval(() => {
      if (performance.now() > giveUpAt) {
        clearInterval(heartbeat);
        log.error({ maxRunMs: deps.maxRunMs ?? DEFAULT_MAX_RUN_MS }, 'job run is taking too long: its lease is no longer renewed and may be taken over');
        return;
      }
      if (token) coord.extendLock(lockKey, token, leaseMs).catch((e) => log.warn({ err: e }, 'job lock extension failed'));
      runs.renew(job.name, period, owner, new Date(deps.now().getTime() + leaseMs)).then(
        (kept) => kept || log.warn({}, 'job run lease lost: another instance took this run over'),
        (e) => log.warn({ err: e }, 'job run lease renewal failed'),
      );
    }, Math.max(1, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    let result: JobResult;
    const progress = progressWriter(job, period, log);
    if (opts.onClaimed) {
      opts.onClaimed(period);
      // Whoever waits for the claim (an admin call answering 202) gets its answer out before the job's work,
      // which may hold the event loop for a while (the store is synchronous), starts.
      await new Promise((resolve) => setImmediate(resolve));
    }
    try {
      result = await job.run({ at, period, late, logger: log, progress: progress.report });
    } catch (e) {
      clearInterval(heartbeat);
      await progress.settled();
      log.error({ err: e }, 'job run failed');
      // If the store is what failed, this write fails too and the claim stays 'running' until its lease runs
      // out: then the sweep (or another instance) takes it over, so a store outage does not lose the period.
      await runs.fail(job.name, period, owner, deps.now(), message(e));
      return { outcome: 'failed', job: job.name, period, error: message(e) };
    }
    clearInterval(heartbeat);
    await progress.settled();
    if (!(await runs.finish(job.name, period, owner, deps.now(), result))) {
      log.warn({}, 'job run finished after its claim was taken over by another instance');
    }
    log.info({ late, takenOver, summary: result.summary, counts: result.counts }, 'job run done');
    return { outcome: 'ran', job: job.name, period, late, takenOver, result };
  }

  async function attempt(job: JobDefinition, at: Date, opts: RunOptions): Promise<RunOutcome> {
    let period: string | undefined;
    try {
      period = job.periodOf(at);
      const log = bound(deps.logger, { job: job.name, period });
      const now = deps.now();
      // A cheap read first: a claimed period (the usual case for every instance but one) needs no lock.
      const seen = await runs.get(job.name, period);
      if (seen && !isAbandoned(seen, now) && !(opts.retry && seen.status === 'failed')) {
        return { outcome: 'already-claimed', job: job.name, period, run: seen };
      }
      const lockKey = `job:${job.name}`;
      const token = await lock(lockKey, log);
      if (token === null) return { outcome: 'busy', job: job.name, period };
      try {
        const req: ClaimRequest = { job: job.name, period, owner, at, late: opts.late ?? false, now: deps.now(), leaseMs };
        const c = await claim(job, req, opts.retry ?? false);
        if (typeof c === 'object') return { outcome: 'already-claimed', job: job.name, period, run: c };
        if (c === 'taken-over') log.warn({ at }, 'taking over a run whose instance died');
        return await runClaimed(job, period, at, (opts.late ?? false) || c === 'taken-over', c === 'taken-over', token, log, opts);
      } finally {
        if (token) await coord.releaseLock(lockKey, token).catch((e) => log.warn({ err: e }, 'job lock release failed'));
      }
    } catch (e) {
      deps.logger.error({ err: e, job: job.name, period }, 'job run could not be claimed or recorded');
      return { outcome: 'failed', job: job.name, period, error: message(e) };
    }
  }

  return {
    runAsOf(job, at, opts = {}) {
      const p = attempt(job, at, opts);
      underWay.add(p);
      void p.finally(() => underWay.delete(p));
      return p;
    },
    async drain() {
      while (underWay.size > 0) await Promise.allSettled([...underWay]);
    },
  };
}
