/**
 * The scheduler in the admin API (bearer ADMIN_TOKEN):
 *   GET  /admin/jobs                                  every job, its next tick, its current period and last runs
 *   POST /admin/jobs/<name>/run?at=<ISO>[&retry=1][&wait=1]
 *                                                     run the period of `at` now, unless it was already claimed:
 *                                                     answers 202 with the run's id as soon as it is claimed and
 *                                                     runs on (GET /admin/jobs shows its counts so far); wait=1
 *                                                     answers when it has ended, with its result
 * A period runs once ever, whoever asks: an admin run of a claimed period does nothing and says so; only a
 * FAILED claim is run again, and only with retry=1. Times are shown with the schedule zone's offset.
 */
import Router from '@koa/router';
import type Koa from 'koa';
import { formatIsoInZone } from '../jobs/format-iso-in-zone';
import { ISO_INSTANT_HINT, parseIsoInstant } from '../jobs/parse-iso-instant';
import type { Scheduler } from '../jobs/scheduler';
import type { JobRunRow } from '../store/job-run.model';
import { adminAuth } from './admin-auth';

export interface AdminJobsDeps {
  adminToken: string | undefined;
  scheduler: Pick<Scheduler, 'timezone' | 'jobNames' | 'now' | 'has' | 'runAsOf' | 'describe'>;
}

/** An admin run may be as of a moment ago, never of the future: that would claim a period before it is due. */
const FUTURE_SKEW_MS = 60_000;

function bad(ctx: Koa.Context, status: number, error: string): void {
  ctx.status = status;
  ctx.body = { error };
}

export function createAdminJobsRouter(deps: AdminJobsDeps): Router {
  const { scheduler } = deps;
  const tz = scheduler.timezone;
  const time = (d: Date | undefined) => (d ? formatIsoInZone(d, tz) : undefined);
  const runView = (r: JobRunRow) => ({
    period: r.period,
    status: r.status,
    at: time(r.at),
    late: r.late,
    attempts: r.attempts,
    owner: r.owner,
    startedAt: time(r.startedAt),
    finishedAt: time(r.finishedAt),
    summary: r.summary,
    counts: r.counts,
    error: r.error,
  });

  const router = new Router({ prefix: '/admin/jobs' });
  router.use(adminAuth(deps.adminToken));

  router.get('/', async function listJobs(ctx) {
    const jobs = await scheduler.describe();
    ctx.body = {
      timezone: tz,
      jobs: jobs.map((j) => ({
        name: j.name,
        cron: j.cron,
        nextRunAt: j.nextRunAt ? time(j.nextRunAt) : null,
        current: {
          period: j.current.period,
          dueAt: time(j.current.dueAt),
          lateUntil: time(j.current.lateUntil),
          status: j.current.run?.status ?? 'unclaimed',
          ...(j.current.run?.counts ? { counts: j.current.run.counts } : {}),
        },
        lastRuns: j.lastRuns.map(runView),
      })),
    };
  });

  router.post('/:name/run', async function runJob(ctx) {
    const name = String(ctx.params.name);
    if (!scheduler.has(name)) {
      return bad(ctx, 404, `no job named ${JSON.stringify(name.slice(0, 100))}; jobs: ${scheduler.jobNames.join(', ')}`);
    }
    const { at: rawAt, retry: rawRetry, wait: rawWait } = ctx.query;
    if (Array.isArray(rawAt) || Array.isArray(rawRetry) || Array.isArray(rawWait)) return bad(ctx, 400, 'give at, retry and wait once each');
    const now = scheduler.now();
    let at = now;
    if (rawAt !== undefined) {
      // An unescaped '+' in a query string arrives as a space: "...09:00:00 08:00" meant "+08:00".
      const parsed = parseIsoInstant(rawAt.replace(/ (\d{2}:?\d{2})$/, '+$1'));
      if (!parsed) return bad(ctx, 400, `at must be ${ISO_INSTANT_HINT}; in a URL write + as %2B`);
      if (parsed.getTime() > now.getTime() + FUTURE_SKEW_MS) {
        return bad(ctx, 400, `at ${time(parsed)} is in the future: a run as of a future time would claim a period before it is due`);
      }
      at = parsed;
    }
    if (rawRetry !== undefined && !['1', 'true', '0', 'false'].includes(rawRetry)) return bad(ctx, 400, 'retry must be 1 or 0');
    const retry = rawRetry === '1' || rawRetry === 'true';
    if (rawWait !== undefined && !['1', 'true', '0', 'false'].includes(rawWait)) return bad(ctx, 400, 'wait must be 1 or 0');
    const wait = rawWait === '1' || rawWait === 'true';

    // Claimed: answer at once and let it run (a reminder to 10,000 liaisons takes a while); anything that ends
    // before a claim (already claimed, busy, failed) is answered as it is.
    let claimed: ((period: string) => void) | undefined;
    const started = new Promise<string>((resolve) => (claimed = resolve));
    const run = scheduler.runAsOf(name, at, { retry, late: true, ...(wait ? {} : { onClaimed: (period: string) => claimed!(period) }) });
    const first = await Promise.race([run, started]);
    if (typeof first === 'string') {
      ctx.status = 202;
      ctx.body = { outcome: 'started', job: name, period: first, runId: `${name}:${first}`, message: `the run of ${name} for ${first} is under way: GET /admin/jobs shows its progress` };
      return;
    }
    const out = first;
    switch (out.outcome) {
      case 'ran':
        ctx.body = { outcome: 'ran', job: name, period: out.period, late: out.late, summary: out.result.summary, counts: out.result.counts ?? {} };
        return;
      case 'already-claimed': {
        const r = out.run;
        const when = r.status === 'running' ? `is being run since ${time(r.startedAt)} by ${r.owner}` : `was already run at ${time(r.startedAt)}`;
        const hint =
          r.status === 'failed'
            ? 'it failed: fix the cause, then run it again with retry=1'
            : retry
              ? 'retry=1 only runs a failed period again'
              : undefined;
        ctx.body = {
          outcome: 'already-claimed',
          job: name,
          period: out.period,
          status: r.status,
          message: `period ${out.period} of ${name} ${when} (status ${r.status}): nothing done`,
          ...(hint ? { hint } : {}),
          run: runView(r),
        };
        return;
      }
      case 'busy':
        ctx.status = 409;
        ctx.body = { outcome: 'busy', job: name, period: out.period, message: `another run of ${name} is under way: try again in a minute` };
        return;
      case 'failed':
        // Not a 500: the request was fine and the failure is recorded on the claim (GET /admin/jobs).
        ctx.status = 503;
        ctx.body = {
          outcome: 'failed',
          job: name,
          period: out.period,
          error: out.error,
          hint: 'the run failed: GET /admin/jobs shows it; once the cause is fixed, run it again with retry=1',
        };
        return;
    }
  });

  return router;
}
