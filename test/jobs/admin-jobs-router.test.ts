/**
 * The scheduler in the admin API: bearer token, runs as of a time, once per period whatever is asked, clear
 * answers for a claimed period, a bad time, an unknown job, a busy job and a failed run; never a 500.
 */
import Koa from 'koa';
import request from 'supertest';
import { createMemoryCoord } from '../../src/coord/engines/memory-coord';
import { createAdminJobsRouter } from '../../src/http/admin-jobs-router';
import { createScheduler, type Scheduler } from '../../src/jobs/scheduler';
import type { StoreEngine } from '../../src/store/collection';
import { createEmbeddedStore } from '../../src/store/engines/embedded-store';
import { createJobRunRepo } from '../../src/store/job-run-repo';
import { jobRunModel } from '../../src/store/job-run.model';
import type { JobRunContext } from '../../src/jobs/job';
import { fakeCron, halfHourlyJob, monthlyJob, sh, silentLogger, TZ, type RunRecord } from './fake-jobs';

const TOKEN = 'test-admin-token';
const auth = { Authorization: `Bearer ${TOKEN}` };

let store: StoreEngine;
let records: RunRecord[];
let failNext: boolean;
/** While set, a run reports half its work done and waits for it. */
let gate: Promise<void> | undefined;
/** What happened, in order: the admin answer written, a run's work begun (see the 202 test). */
let events: string[];
let coord: ReturnType<typeof createMemoryCoord>;
let scheduler: Scheduler;
let app: Koa;
const clock = sh('2026-11-26T10:00');

function appWith(adminToken: string | undefined): Koa {
  const koa = new Koa();
  koa.use(async (ctx, next) => {
    const end = ctx.res.end.bind(ctx.res) as (...args: unknown[]) => unknown;
    ctx.res.end = ((...args: unknown[]) => (events.push('answered'), end(...args))) as typeof ctx.res.end;
    await next();
  });
  const router = createAdminJobsRouter({ adminToken, scheduler });
  koa.use(router.routes()).use(router.allowedMethods());
  return koa;
}

beforeEach(async () => {
  store = await createEmbeddedStore('', { inMemory: true });
  records = [];
  failNext = false;
  gate = undefined;
  events = [];
  coord = createMemoryCoord();
  const before = async (ctx: JobRunContext) => {
    events.push('work begun');
    if (failNext) throw new Error('directory not loaded');
    if (gate) {
      ctx.progress?.({ queued: 5000, toQueue: 10000 });
      await gate;
    }
  };
  scheduler = createScheduler({
    jobs: [monthlyJob(records, { before }), halfHourlyJob(records)],
    runs: createJobRunRepo(store.collection(jobRunModel)),
    coord,
    logger: silentLogger,
    now: () => clock,
    timezone: TZ,
    owner: 'host:1:abc',
    sweepMs: 0,
    schedule: fakeCron(sh('2026-12-25T09:00')).schedule,
  });
  app = appWith(TOKEN);
});
afterEach(async () => {
  await scheduler.stop();
  await store.close();
});

/** An admin run that answers when it has ended (wait=1); `start` is the default, answering once claimed. */
const run = (query: string, name = 'monthly-reminder') => request(app.callback()).post(`/admin/jobs/${name}/run${query}${query ? '&' : '?'}wait=1`).set(auth);
const start = (query: string, name = 'monthly-reminder') => request(app.callback()).post(`/admin/jobs/${name}/run${query}`).set(auth);
const current = async () => (await request(app.callback()).get('/admin/jobs').set(auth).expect(200)).body.jobs[0].current;

describe('admin jobs API', () => {
  it('does not exist without ADMIN_TOKEN; 401 without or with a wrong token', async () => {
    await request(appWith(undefined).callback()).get('/admin/jobs').set(auth).expect(404);
    await request(app.callback()).get('/admin/jobs').expect(401);
    await request(app.callback()).post('/admin/jobs/monthly-reminder/run').set({ Authorization: 'Bearer nope' }).expect(401);
    expect(records).toHaveLength(0);
  });

  it('runs a period as of a time, once; asking again says it was already run and does nothing', async () => {
    const first = await run('?at=2026-11-25T09:00:00%2B08:00').expect(200);
    expect(first.body).toEqual({ outcome: 'ran', job: 'monthly-reminder', period: '2026-11', late: true, summary: 'reminded 3 points for 2026-11', counts: { reminded: 3 } });
    // An unescaped '+' arrives as a space: still understood.
    const again = await run('?at=2026-11-25T12:00:00+08:00').expect(200);
    expect(again.body).toMatchObject({
      outcome: 'already-claimed',
      period: '2026-11',
      status: 'done',
      message: 'period 2026-11 of monthly-reminder was already run at 2026-11-26T10:00:00+08:00 (status done): nothing done',
    });
    expect(records).toHaveLength(1);
    expect(records[0]!.at).toEqual(sh('2026-11-25T09:00'));
  });

  it('answers at once with the run’s id while it runs on, and GET /admin/jobs shows how far it has got', async () => {
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const started = await start('?at=2026-11-25T09:00:00%2B08:00').expect(202);
    expect(started.body).toMatchObject({ outcome: 'started', job: 'monthly-reminder', period: '2026-11', runId: 'monthly-reminder:2026-11' });
    let now = await current();
    for (let i = 0; i < 100 && !now.counts; i++) now = await current(); // the progress is written as the run reports it
    expect(now).toMatchObject({ period: '2026-11', status: 'running', counts: { queued: 5000, toQueue: 10000 } });
    // A second ask while it runs does nothing and says it is under way.
    const again = await start('?at=2026-11-25T09:00:00%2B08:00').expect(200);
    expect(again.body).toMatchObject({ outcome: 'already-claimed', status: 'running' });
    open();
    for (let i = 0; i < 100 && now.status === 'running'; i++) now = await current();
    expect(now).toMatchObject({ status: 'done', counts: { reminded: 3 } });
    expect(records).toHaveLength(1);
  });

  it('writes its 202 before the run’s work begins (work that may hold the event loop a while)', async () => {
    await start('?at=2026-11-25T09:00:00%2B08:00').expect(202);
    for (let i = 0; i < 100 && !events.includes('work begun'); i++) await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual(['answered', 'work begun']);
  });

  it('lists the jobs with their next run, current period and last runs', async () => {
    await run('?at=2026-11-25T01:00:00Z').expect(200);
    await scheduler.start();
    const res = await request(app.callback()).get('/admin/jobs').set(auth).expect(200);
    expect(res.body.timezone).toBe('Asia/Shanghai');
    expect(res.body.jobs.map((j: { name: string }) => j.name)).toEqual(['monthly-reminder', 'escalation']);
    expect(res.body.jobs[0]).toMatchObject({
      name: 'monthly-reminder',
      cron: '0 9 25 * *',
      nextRunAt: '2026-12-25T09:00:00+08:00',
      current: { period: '2026-11', dueAt: '2026-11-25T09:00:00+08:00', lateUntil: '2026-11-30T23:59:59+08:00', status: 'done' },
      lastRuns: [{ period: '2026-11', status: 'done', at: '2026-11-25T09:00:00+08:00', late: true, summary: 'reminded 3 points for 2026-11', counts: { reminded: 3 } }],
    });
  });

  it('400 for a time that is not ISO 8601 with an offset, says which format; 400 for the future', async () => {
    for (const at of ['yesterday', '2026-11-25', '2026-11-25T09:00:00', '2026-02-30T09:00:00%2B08:00', '2026-11-25T25:00:00Z', '', '%00']) {
      const res = await run(`?at=${at}`).expect(400);
      expect(res.body.error).toContain('2026-11-25T09:00:00+08:00');
    }
    const future = await run('?at=2026-12-25T09:00:00%2B08:00').expect(400);
    expect(future.body.error).toMatch(/future/);
    await run('?at=2026-11-25T09:00:00Z&at=2026-11-25T10:00:00Z').expect(400);
    await run('?at=2026-11-25T09:00:00Z&retry=maybe').expect(400);
    expect(records).toHaveLength(0);
  });

  it('404 for an unknown job, naming the known ones; never a 500 for odd names', async () => {
    const res = await run('?at=2026-11-25T09:00:00Z', 'nope').expect(404);
    expect(res.body.error).toContain('monthly-reminder, escalation');
    for (const name of ['%E4%B8%AD%E6%96%87', 'a%2Fb', '..', 'x'.repeat(2000), 'constructor', '__proto__']) {
      const r = await run('', name);
      expect([404, 405]).toContain(r.status);
    }
  });

  it('409 while another run of the job holds its lock', async () => {
    const token = await coord.acquireLock('job:monthly-reminder', 60_000);
    const res = await run('?at=2026-11-25T09:00:00Z').expect(409);
    expect(res.body).toMatchObject({ outcome: 'busy', period: '2026-11' });
    await coord.releaseLock('job:monthly-reminder', token!);
    await run('?at=2026-11-25T09:00:00Z').expect(200);
  });

  it('a failed run answers 503 and stays failed; only retry=1 runs it again', async () => {
    failNext = true;
    const failed = await run('?at=2026-11-25T09:00:00Z').expect(503);
    expect(failed.body).toMatchObject({ outcome: 'failed', period: '2026-11', error: 'directory not loaded' });
    failNext = false;
    const claimed = await run('?at=2026-11-25T09:00:00Z').expect(200);
    expect(claimed.body).toMatchObject({ outcome: 'already-claimed', status: 'failed', hint: expect.stringContaining('retry=1') });
    const list = await request(app.callback()).get('/admin/jobs').set(auth).expect(200);
    expect(list.body.jobs[0].lastRuns[0]).toMatchObject({ status: 'failed', error: 'directory not loaded' });
    await run('?at=2026-11-25T09:00:00Z&retry=1').expect(200, /"outcome":"ran"/);
    const done = await run('?at=2026-11-25T09:00:00Z&retry=1').expect(200);
    expect(done.body).toMatchObject({ outcome: 'already-claimed', status: 'done', hint: 'retry=1 only runs a failed period again' });
    expect(records).toHaveLength(1);
  });

  it('without ?at runs as of now', async () => {
    const res = await run('', 'escalation').expect(200);
    expect(res.body).toMatchObject({ outcome: 'ran', period: '2026-11-26T10:00' });
  });
});
