/**
 * runAsOf: a period runs once, whoever asks and however often; two instances sharing one store and one
 * coordination engine (memory, and Redis when it answers) run a body exactly once; the store claim alone is
 * enough when the lock is useless or unreachable; a dead instance's run is taken over; a failure stays
 * visible and runs again only on an operator's retry.
 */
import { randomUUID } from 'node:crypto';
import type { Coord } from '../../src/coord/coord';
import { createMemoryCoord } from '../../src/coord/engines/memory-coord';
import { createRedisCoord } from '../../src/coord/engines/redis-coord';
import { AppError } from '../../src/core/errors';
import { createScheduler, type Scheduler, type SchedulerDeps } from '../../src/jobs/scheduler';
import type { StoreEngine } from '../../src/store/collection';
import { createEmbeddedStore } from '../../src/store/engines/embedded-store';
import { createJobRunRepo, type JobRunRepo } from '../../src/store/job-run-repo';
import { jobRunModel } from '../../src/store/job-run.model';
import { probeRedis, warnRedisSkipped } from '../coord/probe-redis';
import { halfHourlyJob, monthlyJob, sh, silentLogger, TZ, type FakeJobOptions, type RunRecord } from './fake-jobs';

type LockCoord = SchedulerDeps['coord'];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let store: StoreEngine;
let runs: JobRunRepo;
let records: RunRecord[];
let clock: Date;

beforeEach(async () => {
  store = await createEmbeddedStore('', { inMemory: true });
  runs = createJobRunRepo(store.collection(jobRunModel));
  records = [];
  clock = sh('2026-11-25T09:00');
});
afterEach(() => store.close());

function scheduler(owner: string, coord: LockCoord, opts: FakeJobOptions = {}, extra: Partial<SchedulerDeps> = {}): Scheduler {
  return createScheduler({
    jobs: [monthlyJob(records, opts), halfHourlyJob(records, opts)],
    runs,
    coord,
    logger: silentLogger,
    now: () => clock,
    timezone: TZ,
    owner,
    sweepMs: 0,
    ...extra,
  });
}

describe('runAsOf', () => {
  it('runs a period once; the second call for the same period is already-claimed', async () => {
    const s = scheduler('a', createMemoryCoord());
    const first = await s.runAsOf('monthly-reminder', clock);
    expect(first).toMatchObject({ outcome: 'ran', period: '2026-11', late: false, result: { summary: 'reminded 3 points for 2026-11' } });
    clock = sh('2026-11-26T10:00');
    const second = await s.runAsOf('monthly-reminder', sh('2026-11-25T09:30'));
    expect(second).toMatchObject({ outcome: 'already-claimed', period: '2026-11', run: { status: 'done', owner: 'a', summary: 'reminded 3 points for 2026-11' } });
    expect(records).toHaveLength(1);
    const row = await runs.get('monthly-reminder', '2026-11');
    expect(row).toMatchObject({ _id: 'monthly-reminder:2026-11', status: 'done', late: false, attempts: 1, counts: { reminded: 3 }, at: sh('2026-11-25T09:00') });
  });

  it('each half-hour is its own period', async () => {
    const s = scheduler('a', createMemoryCoord());
    await s.runAsOf('escalation', sh('2026-11-25T09:00'));
    await s.runAsOf('escalation', sh('2026-11-25T09:29'));
    await s.runAsOf('escalation', sh('2026-11-25T09:30'));
    expect(records.map((r) => r.period)).toEqual(['2026-11-25T09:00', '2026-11-25T09:30']);
  });

  it('rejects an unknown job name', async () => {
    await expect(scheduler('a', createMemoryCoord()).runAsOf('nope', clock)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the store claim alone runs a body once when the lock lets everyone in', async () => {
    const everyoneWins: LockCoord = { acquireLock: async () => randomUUID(), releaseLock: async () => true, extendLock: async () => true };
    const [a, b] = [scheduler('a', everyoneWins, { delayMs: 30 }), scheduler('b', everyoneWins, { delayMs: 30 })];
    const outs = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).runAsOf('monthly-reminder', clock)));
    expect(records).toHaveLength(1);
    expect(outs.filter((o) => o.outcome === 'ran')).toHaveLength(1);
    expect(outs.filter((o) => o.outcome === 'already-claimed')).toHaveLength(9);
  });

  it('still runs (once) when the coordination engine does not answer: zero reminders is a failure too', async () => {
    const down: LockCoord = {
      acquireLock: async () => {
        throw new AppError('coord_unavailable', 'redis down');
      },
      releaseLock: async () => true,
      extendLock: async () => true,
    };
    const s = scheduler('a', down);
    expect((await s.runAsOf('monthly-reminder', clock)).outcome).toBe('ran');
    expect((await s.runAsOf('monthly-reminder', clock)).outcome).toBe('already-claimed');
    expect(records).toHaveLength(1);
  });

  it('a run whose instance died (running, lease expired) is taken over and finished once', async () => {
    await runs.claim({ job: 'monthly-reminder', period: '2026-11', owner: 'dead', at: clock, late: false, now: clock, leaseMs: 60_000 });
    const [a, b] = [scheduler('a', createMemoryCoord()), scheduler('b', createMemoryCoord())];
    clock = sh('2026-11-25T09:00:30');
    expect(await a.runAsOf('monthly-reminder', clock)).toMatchObject({ outcome: 'already-claimed', run: { owner: 'dead', status: 'running' } });
    expect(records).toHaveLength(0);
    clock = sh('2026-11-25T09:01:01');
    // Separate coords: the locks do not help, the compare-and-set on the claim decides.
    const outs = await Promise.all([a, b, a, b].map((s) => s.runAsOf('monthly-reminder', clock)));
    expect(outs.filter((o) => o.outcome === 'ran')).toEqual([expect.objectContaining({ takenOver: true, late: true })]);
    expect(records).toEqual([expect.objectContaining({ period: '2026-11', late: true })]);
    expect(await runs.get('monthly-reminder', '2026-11')).toMatchObject({ status: 'done', attempts: 2 });
    expect((await a.runAsOf('monthly-reminder', clock)).outcome).toBe('already-claimed');
  });

  it('keeps its lease alive while a long run goes on, so no one takes it over', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const coord = createMemoryCoord();
    const a = scheduler('a', coord, { before: () => gate }, { leaseMs: 90 });
    const b = scheduler('b', coord, {}, { leaseMs: 90 });
    const running = a.runAsOf('monthly-reminder', clock);
    while (!(await runs.get('monthly-reminder', '2026-11'))) await sleep(5); // a has claimed and waits at the gate
    clock = new Date(clock.getTime() + 10_000); // far past the first lease
    // The heartbeat (every 30 ms) renews the lease on the new clock.
    for (let i = 0; i < 200 && (await runs.get('monthly-reminder', '2026-11'))!.leaseUntil! <= clock; i++) await sleep(10);
    expect((await runs.get('monthly-reminder', '2026-11'))!.leaseUntil!.getTime()).toBeGreaterThan(clock.getTime());
    expect(await b.runAsOf('monthly-reminder', clock)).toMatchObject({ outcome: 'already-claimed', run: { owner: 'a', status: 'running' } });
    open();
    expect((await running).outcome).toBe('ran');
    expect(records).toHaveLength(1);
  });

  it('a hung run stops renewing after maxRunMs, so another instance takes the period over', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const coord = createMemoryCoord();
    const hung = scheduler('a', coord, {}, { leaseMs: 30, maxRunMs: 60, jobs: [monthlyJob(records, { before: () => gate })] });
    const b = scheduler('b', coord, {}, { leaseMs: 30 });
    const stuck = hung.runAsOf('monthly-reminder', clock);
    await sleep(200); // renewals stopped after ~60 ms; the lock and the lease ran out after them
    clock = new Date(clock.getTime() + 10_000);
    expect(await b.runAsOf('monthly-reminder', clock)).toMatchObject({ outcome: 'ran', takenOver: true });
    open();
    expect((await stuck).outcome).toBe('ran'); // its finish() no longer matches: the row stays b's
    expect(await runs.get('monthly-reminder', '2026-11')).toMatchObject({ status: 'done', owner: 'b', attempts: 2 });
  });

  it('a failed run stays claimed, shows in describe(), and runs again only with retry', async () => {
    let fail = true;
    const s = scheduler('a', createMemoryCoord(), {
      before: () => {
        if (fail) throw new Error('directory not loaded');
      },
    });
    expect(await s.runAsOf('monthly-reminder', clock)).toMatchObject({ outcome: 'failed', period: '2026-11', error: 'directory not loaded' });
    const [described] = await s.describe();
    expect(described).toMatchObject({ name: 'monthly-reminder', current: { period: '2026-11', run: { status: 'failed', error: 'directory not loaded' } } });
    expect(described!.lastRuns[0]).toMatchObject({ status: 'failed', error: 'directory not loaded' });

    fail = false;
    expect(await s.runAsOf('monthly-reminder', clock)).toMatchObject({ outcome: 'already-claimed', run: { status: 'failed' } });
    await s.catchUp(); // nothing retries a failure by itself
    const monthly = () => records.filter((r) => r.job === 'monthly-reminder');
    expect(monthly()).toHaveLength(0);
    expect(await s.runAsOf('monthly-reminder', clock, { retry: true })).toMatchObject({ outcome: 'ran' });
    expect(await runs.get('monthly-reminder', '2026-11')).toMatchObject({ status: 'done', attempts: 2 });
    expect((await runs.get('monthly-reminder', '2026-11'))!.error).toBeUndefined();
    expect(await s.runAsOf('monthly-reminder', clock, { retry: true })).toMatchObject({ outcome: 'already-claimed', run: { status: 'done' } });
    expect(monthly()).toHaveLength(1);
  });
});

interface CoordCase {
  name: 'memory' | 'redis';
  create(): Promise<Coord>;
}

const redis = probeRedis();
const coordCases: CoordCase[] = [{ name: 'memory', create: async () => createMemoryCoord() }];
const redisCase: CoordCase = {
  name: 'redis',
  create: () => createRedisCoord(redis.url, { keyPrefix: `test:jobs:${process.pid}:${randomUUID().slice(0, 8)}:` }),
};
if (redis.reachable) coordCases.push(redisCase);

function twoInstances(c: CoordCase): void {
  let coord: Coord;
  beforeEach(async () => {
    coord = await c.create();
  });
  afterEach(() => coord.close());

  it('10 concurrent runAsOf across two schedulers: the body runs exactly once', async () => {
    const [a, b] = [scheduler('a', coord, { delayMs: 40 }), scheduler('b', coord, { delayMs: 40 })];
    const outs = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).runAsOf('monthly-reminder', clock)));
    expect(records).toHaveLength(1);
    expect(outs.filter((o) => o.outcome === 'ran')).toHaveLength(1);
    expect(outs.every((o) => ['ran', 'busy', 'already-claimed'].includes(o.outcome))).toBe(true);
    // Later calls, from either instance, all see the claim.
    expect((await a.runAsOf('monthly-reminder', clock)).outcome).toBe('already-claimed');
    expect((await b.runAsOf('monthly-reminder', clock)).outcome).toBe('already-claimed');
  });

  it('both instances catching up at once run the missed period once', async () => {
    clock = sh('2026-11-25T11:00');
    const [a, b] = [scheduler('a', coord, { delayMs: 20 }), scheduler('b', coord, { delayMs: 20 })];
    await Promise.all([a.start(), b.start(), a.catchUp(), b.catchUp()]);
    expect(records.filter((r) => r.job === 'monthly-reminder')).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  });
}

describe.each(coordCases)('two instances, one store, coordination: $name', (c) => twoInstances(c));

if (!redis.reachable) {
  warnRedisSkipped(redis, 'scheduler with two instances');
  if (redis.required) {
    describe('two instances, one store, coordination: redis', () => {
      it('is required under CI (REQUIRE_ENGINES includes redis) but does not answer', () => {
        throw new Error(`redis at ${redis.safeUrl} did not answer PING: ${redis.reason}`);
      });
    });
  } else {
    describe.skip.each([redisCase])('two instances, one store, coordination: $name', (c) => twoInstances(c));
  }
}
