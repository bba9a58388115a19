import { AppError, isAppError } from '../core/errors';
import type { Collection } from './collection';
import type { JobRunRow } from './job-run.model';

export interface ClaimRequest {
  job: string;
  period: string;
  /** The instance that claims. */
  owner: string;
  /** The as-of time of the run. */
  at: Date;
  late: boolean;
  /** The claimer's clock, for the lease. */
  now: Date;
  leaseMs: number;
}

/** 'taken-over': the row was 'running' under a lease that ran out (its instance died); it is ours now. */
export type ClaimResult = 'claimed' | 'taken-over' | { alreadyClaimed: JobRunRow };

/** The outcome a job reports (JobResult's shape, restated so that the store does not import the jobs). */
export interface JobRunResult {
  summary: string;
  counts?: Record<string, number>;
}

export interface JobRunRepo {
  /** Claims (job, period) once ever, or takes over a dead instance's run. */
  claim(req: ClaimRequest): Promise<ClaimResult>;
  /** An operator's retry: takes a 'failed' claim back to 'running' (compare-and-set); null when it is not failed. */
  retryFailed(req: ClaimRequest): Promise<JobRunRow | null>;
  /** Extends the lease of a run under way; false when `owner` lost it (its lease ran out and someone took over). */
  renew(job: string, period: string, owner: string, leaseUntil: Date): Promise<boolean>;
  /** A running claim's progress so far (its counts, replaced by the result's when it finishes). */
  progress(job: string, period: string, owner: string, counts: Record<string, number>): Promise<boolean>;
  finish(job: string, period: string, owner: string, now: Date, result: JobRunResult): Promise<boolean>;
  fail(job: string, period: string, owner: string, now: Date, error: string): Promise<boolean>;
  get(job: string, period: string): Promise<JobRunRow | null>;
  /** The most recently started runs of `job`, newest first. */
  list(job: string, limit: number): Promise<JobRunRow[]>;
}

/** Job names are kebab-case (no ':'), so the first ':' separates the name from a period that may hold some. */
export function jobRunId(job: string, period: string): string {
  return `${job}:${period}`;
}

/** A 'running' row whose lease has run out: its instance died (or stalled) before finishing. */
export function isAbandoned(row: JobRunRow, now: Date): boolean {
  return row.status === 'running' && (!row.leaseUntil || row.leaseUntil.getTime() < now.getTime());
}

const MAX_ERROR_CHARS = 500;

export function createJobRunRepo(rows: Collection<JobRunRow>): JobRunRepo {
  const running = (job: string, period: string, owner: string) => ({ _id: jobRunId(job, period), owner, status: 'running' });
  const leaseUntil = (req: ClaimRequest) => new Date(req.now.getTime() + req.leaseMs);

  return {
    async claim(req) {
      const _id = jobRunId(req.job, req.period);
      try {
        await rows.insertOne({
          _id,
          job: req.job,
          period: req.period,
          status: 'running',
          owner: req.owner,
          leaseUntil: leaseUntil(req),
          at: req.at,
          late: req.late,
          attempts: 1,
          startedAt: req.now,
        });
        return 'claimed';
      } catch (e) {
        if (!isAppError(e, 'duplicate_key')) throw e;
      }
      const seen = await rows.findOne({ _id });
      if (!seen) throw new AppError('internal', `job run ${_id} clashed on insert but cannot be read`);
      if (!isAbandoned(seen, req.now)) return { alreadyClaimed: seen };
      // Compare-and-set on the dead owner and the expired lease: of several instances taking over at once,
      // exactly one matches (the winner's new lease is in the future). Finishing the dead instance's run is
      // safe because a job's work is idempotent (outbox ids derive from job, period and target).
      const taken = await rows.findOneAndUpdate(
        { _id, status: 'running', owner: seen.owner, $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lt: req.now } }] },
        { $set: { owner: req.owner, leaseUntil: leaseUntil(req), at: req.at, late: true, startedAt: req.now }, $inc: { attempts: 1 } },
      );
      if (taken) return 'taken-over';
      const latest = await rows.findOne({ _id });
      return { alreadyClaimed: latest ?? seen };
    },

    retryFailed(req) {
      return rows.findOneAndUpdate(
        { _id: jobRunId(req.job, req.period), status: 'failed' },
        {
          $set: { status: 'running', owner: req.owner, leaseUntil: leaseUntil(req), at: req.at, late: req.late, startedAt: req.now },
          $inc: { attempts: 1 },
          $unset: { finishedAt: true, summary: true, counts: true, error: true },
        },
      );
    },

    async renew(job, period, owner, until) {
      return (await rows.updateOne(running(job, period, owner), { $set: { leaseUntil: until } })).matched > 0;
    },

    async progress(job, period, owner, counts) {
      return (await rows.updateOne(running(job, period, owner), { $set: { counts } })).matched > 0;
    },

    async finish(job, period, owner, now, result) {
      const set: Record<string, unknown> = { status: 'done', finishedAt: now, summary: result.summary };
      if (result.counts) set.counts = result.counts;
      return (await rows.updateOne(running(job, period, owner), { $set: set, $unset: { leaseUntil: true } })).matched > 0;
    },

    // A failed run keeps its claim: no tick, restart or catch-up runs the period again by itself. A job that
    // failed half-way may have queued part of its messages, and a failure that repeats (bad data, a bug) must
    // not loop; the failure shows in GET /admin/jobs with its error, and an operator re-runs it on purpose with
    // POST /admin/jobs/<name>/run?at=...&retry=1 (safe: the work is idempotent by outbox ids).
    async fail(job, period, owner, now, error) {
      const update = { $set: { status: 'failed', finishedAt: now, error: error.slice(0, MAX_ERROR_CHARS) }, $unset: { leaseUntil: true as const } };
      return (await rows.updateOne(running(job, period, owner), update)).matched > 0;
    },

    get: (job, period) => rows.findOne({ _id: jobRunId(job, period) }),
    list: (job, limit) => rows.find({ job }, { sort: { startedAt: -1 }, limit }),
  };
}
