/**
 * start(): node-cron ticks in the schedule's time zone, and the catch-up that makes "down at 09:00, up at
 * 11:00" still send the 25th's reminder, once, without ever sending last month's; stop() waits for runs.
 */
import { getTasks } from 'node-cron';
import { createMemoryCoord } from '../../src/coord/engines/memory-coord';
import { formatIsoInZone } from '../../src/jobs/format-iso-in-zone';
import { createScheduler, type Scheduler, type SchedulerDeps } from '../../src/jobs/scheduler';
import type { StoreEngine } from '../../src/store/collection';
import { createEmbeddedStore } from '../../src/store/engines/embedded-store';
import { createJobRunRepo, type JobRunRepo } from '../../src/store/job-run-repo';
import { jobRunModel } from '../../src/store/job-run.model';
import { fakeCron, halfHourlyJob, monthlyJob, sh, silentLogger, TZ, type FakeJobOptions, type RunRecord } from './fake-jobs';

let store: StoreEngine;
let runs: JobRunRepo;
let records: RunRecord[];
let clock: Date;
const coord = createMemoryCoord();
const started: Scheduler[] = [];
const monthly = () => records.filter((r) => r.job === 'monthly-reminder');

beforeEach(async () => {
  store = await createEmbeddedStore('', { inMemory: true });
  runs = createJobRunRepo(store.collection(jobRunModel));
  records = [];
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
  await store.close();
});

function scheduler(owner: string, opts: FakeJobOptions = {}, extra: Partial<SchedulerDeps> = {}): Scheduler {
  const s = createScheduler({
    jobs: [monthlyJob(records, opts), halfHourlyJob(records, opts)],
    runs,
    coord,
    logger: silentLogger,
    now: () => clock,
    timezone: TZ,
    owner,
    sweepMs: 0,
    schedule: fakeCron().schedule,
    ...extra,
  });
  started.push(s);
  return s;
}

describe('catch-up at start', () => {
  it('down at 09:00 on the 25th, up at 11:00: runs it once, late; a second instance or a restart does nothing', async () => {
    clock = sh('2026-11-25T11:00');
    await scheduler('a').start();
    expect(monthly()).toEqual([{ job: 'monthly-reminder', period: '2026-11', late: true, at: sh('2026-11-25T11:00') }]);
    expect(await runs.get('monthly-reminder', '2026-11')).toMatchObject({ status: 'done', late: true });

    clock = sh('2026-11-25T11:05');
    await scheduler('b').start(); // a second instance
    await scheduler('a').start(); // a restart
    clock = sh('2026-11-28T08:00');
    await scheduler('c').start(); // days later, still within lateUntil
    expect(monthly()).toHaveLength(1);
  });

  it('an installation first started after the period fell due stays quiet; one running before it catches up', async () => {
    clock = sh('2026-11-25T11:00');
    await scheduler('a', {}, { installedAt: sh('2026-11-25T10:00') }).start();
    expect(monthly()).toHaveLength(0);
    await scheduler('b', {}, { installedAt: sh('2026-11-25T08:59') }).start();
    expect(monthly()).toEqual([{ job: 'monthly-reminder', period: '2026-11', late: true, at: sh('2026-11-25T11:00') }]);
  });

  it('a fresh start on the 1st of the next month does not send last month’s', async () => {
    clock = sh('2026-12-01T10:00');
    await scheduler('a').start();
    expect(monthly()).toHaveLength(0);
    expect(await runs.get('monthly-reminder', '2026-11')).toBeNull();
    expect(await runs.get('monthly-reminder', '2026-12')).toBeNull();
  });

  it('a start after lateUntil does nothing; a second before it still runs', async () => {
    clock = sh('2026-10-31T10:00'); // after the 30th 23:59:59 of a 31-day month
    await scheduler('a').start();
    clock = sh('2026-11-30T23:59:59'); // exactly lateUntil
    await scheduler('b').start();
    expect(monthly()).toHaveLength(0);
    clock = sh('2026-11-30T23:59:58');
    await scheduler('c').start();
    expect(monthly()).toEqual([expect.objectContaining({ period: '2026-11', late: true })]);
  });

  it('a start before the due time does nothing; the 09:00 tick then runs it, on time', async () => {
    const cron = fakeCron();
    clock = sh('2026-11-25T08:59:59');
    await scheduler('a', {}, { schedule: cron.schedule }).start();
    expect(monthly()).toHaveLength(0);
    clock = sh('2026-11-25T09:00');
    await cron.entries[0]!.fire(clock);
    expect(monthly()).toEqual([expect.objectContaining({ period: '2026-11', late: false })]);
  });

  it('the sweep catches up a tick that never came (process busy, store briefly down)', async () => {
    clock = sh('2026-11-25T08:00');
    const s = scheduler('a');
    await s.start();
    clock = sh('2026-11-25T09:07');
    await s.catchUp();
    expect(monthly()).toEqual([expect.objectContaining({ late: true })]);
  });

  it('takes over at start a run whose instance died mid-way', async () => {
    clock = sh('2026-11-25T09:00');
    await runs.claim({ job: 'monthly-reminder', period: '2026-11', owner: 'dead', at: clock, late: false, now: clock, leaseMs: 60_000 });
    clock = sh('2026-11-25T09:30');
    await scheduler('a').start();
    expect(monthly()).toHaveLength(1);
    expect(await runs.get('monthly-reminder', '2026-11')).toMatchObject({ status: 'done', owner: 'a', attempts: 2 });
  });
});

describe('cron', () => {
  it('schedules every job with its expression in the schedule time zone; a tick runs the period once', async () => {
    const cron = fakeCron(sh('2026-12-25T09:00'));
    clock = sh('2026-11-24T12:00');
    const s = scheduler('a', {}, { schedule: cron.schedule });
    await s.start();
    expect(cron.entries.map((e) => [e.expression, e.options.timezone, e.options.name])).toEqual([
      ['0 9 25 * *', 'Asia/Shanghai', 'job:monthly-reminder'],
      ['0,30 * * * *', 'Asia/Shanghai', 'job:escalation'],
    ]);
    clock = sh('2026-11-25T09:00');
    await cron.entries[0]!.fire(clock);
    await cron.entries[0]!.fire(clock); // a second tick (or the same tick in another instance)
    expect(monthly()).toEqual([expect.objectContaining({ period: '2026-11', late: false })]);
    expect((await s.describe())[0]).toMatchObject({ name: 'monthly-reminder', cron: '0 9 25 * *', nextRunAt: sh('2026-12-25T09:00') });

    await s.stop();
    expect(cron.entries.every((e) => e.stopped && e.destroyed)).toBe(true);
    expect((await s.describe())[0]!.nextRunAt).toBeNull();
  });

  it('stop() waits for a run under way', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const cron = fakeCron();
    clock = sh('2026-11-25T08:00');
    const s = scheduler('a', {}, { schedule: cron.schedule, jobs: [monthlyJob(records, { before: () => gate })] });
    await s.start();
    clock = sh('2026-11-25T09:00');
    void cron.entries[0]!.fire(clock);
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    open();
    await stopping;
    expect(await runs.get('monthly-reminder', '2026-11')).toMatchObject({ status: 'done' });
  });

  it('refuses a bad cron expression, time zone or job name at creation', () => {
    const base = { runs, coord, logger: silentLogger, now: () => clock, owner: 'a' };
    const job = monthlyJob(records);
    expect(() => createScheduler({ ...base, timezone: TZ, jobs: [{ ...job, cron: '0 9 32 * *' }] })).toThrow(/invalid cron/);
    expect(() => createScheduler({ ...base, timezone: 'Mars/Olympus', jobs: [job] })).toThrow(/time zone/);
    expect(() => createScheduler({ ...base, timezone: TZ, jobs: [{ ...job, name: 'Monthly:x' }] })).toThrow(/kebab-case/);
    expect(() => createScheduler({ ...base, timezone: TZ, jobs: [job, job] })).toThrow(/two jobs/);
  });

  it('with the real node-cron (v4): the next tick is the 25th at 09:00 Shanghai time; stop() removes the tasks', async () => {
    const before = getTasks().size;
    clock = new Date();
    const s = createScheduler({ jobs: [monthlyJob(records)], runs, coord, logger: silentLogger, now: () => new Date(), timezone: TZ, owner: 'a', sweepMs: 0 });
    await s.start();
    expect(getTasks().size).toBe(before + 1);
    const [described] = await s.describe();
    expect(formatIsoInZone(described!.nextRunAt!, TZ)).toMatch(/^\d{4}-\d{2}-25T09:00:00\+08:00$/);
    expect(described!.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    await s.stop();
    expect(getTasks().size).toBe(before);
  });
});
