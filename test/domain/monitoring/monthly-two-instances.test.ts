/**
 * The "done when", with the real monthly jobs and the demo directory (10 observation points): two
 * schedulers share one store and one coordination engine (Redis when it answers, memory always). Asked ten
 * times at once to run the reminder as of the 25th, and both catching up after downtime at 11:00, they reach
 * every liaison exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { Coord } from '../../../src/coord/coord';
import type { Destination } from '../../../src/core/message';
import { createMemoryCoord } from '../../../src/coord/engines/memory-coord';
import { createRedisCoord } from '../../../src/coord/engines/redis-coord';
import { createScheduler, type Scheduler } from '../../../src/jobs/scheduler';
import { createJobRunRepo } from '../../../src/store/job-run-repo';
import { jobRunModel } from '../../../src/store/job-run.model';
import { probeRedis, warnRedisSkipped } from '../../coord/probe-redis';
import { monitoringHarness, silentLogger, type MonitoringHarness } from './monitoring-harness';

const redis = probeRedis();
const coords: Array<{ name: string; create(): Promise<Coord> }> = [{ name: 'memory', create: async () => createMemoryCoord() }];
if (redis.reachable) {
  coords.push({ name: 'redis', create: () => createRedisCoord(redis.url, { keyPrefix: `test:monthly:${process.pid}:${randomUUID().slice(0, 8)}:` }) });
} else {
  warnRedisSkipped(redis, 'monthly reminder with two instances');
}

describe.each(coords)('the monthly reminder with two instances on one store and $name', (c) => {
  let h: MonitoringHarness;
  let coord: Coord;
  let clock: Date;
  const instance = (owner: string): Scheduler =>
    createScheduler({ jobs: h.jobs, runs: createJobRunRepo(h.store.collection(jobRunModel)), coord, logger: silentLogger, now: () => clock, timezone: 'Asia/Shanghai', owner, sweepMs: 0 });
  /** Every liaison a reminder row names, a batch's members each on their own. */
  const reminded = async () =>
    (await h.outbox.list({}, 1000))
      .filter((r) => r._id.startsWith('monthly-reminder:') && (r.destination.kind === 'sealed' || r.destination.kind === 'sealed-users'))
      .flatMap((r): Destination[] => {
        const d = h.recipient(r.destination);
        return d.kind === 'users' ? d.userIds.map((userId) => ({ kind: 'user', channel: d.channel, userId })) : [d];
      });

  beforeEach(async () => {
    h = await monitoringHarness();
    coord = await c.create();
  });
  afterEach(async () => {
    await coord.close();
    await h.close();
  });

  it('run as of the 25th ten times at once: every liaison once', async () => {
    clock = new Date('2026-11-25T01:00:00Z');
    const [a, b] = [instance('a'), instance('b')];
    const outs = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).runAsOf('monthly-reminder', clock)));
    expect(outs.filter((o) => o.outcome === 'ran')).toHaveLength(1);
    const to = await reminded();
    expect(to).toHaveLength(10);
    expect(new Set(to.map((d) => JSON.stringify(d))).size).toBe(10);
  });

  it('both started at 11:00 after downtime: the missed reminder goes out late, once', async () => {
    clock = new Date('2026-11-25T03:00:00Z');
    const [a, b] = [instance('a'), instance('b')];
    await Promise.all([a.start(), b.start(), a.catchUp(), b.catchUp()]);
    await Promise.all([a.stop(), b.stop()]);
    // The outbox's ids would also fold a second run's messages: the claim shows the body ran once.
    expect(await createJobRunRepo(h.store.collection(jobRunModel)).get('monthly-reminder', '2026-11')).toMatchObject({ status: 'done', attempts: 1, late: true });
    expect(await reminded()).toHaveLength(10);
  });
});
