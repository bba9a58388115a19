/**
 * The relay against the local WeCom stand-in, through the real channel and clients, on a fake clock:
 * delivered once, a person's address sealed until the moment of sending and forgotten after, transient
 * failures retried (at most 10 minutes apart) for OUTBOX_RETRY_HOURS, permanent ones failed at once with the
 * reason, a failing destination logged once an hour, and a robot held to its 20 a minute, retries included.
 */
import { createAddressSealer } from '../../src/domain/reports/address-sealer';
import { backoffMs } from '../../src/jobs/backoff-ms';
import { DEFAULT_RETRY_MS } from '../../src/jobs/outbox-relay';
import { busiestWindow, relayRig, toRobot, toUser, type RelayRig } from './relay-rig';

describe('outbox relay', () => {
  let rig: RelayRig;
  beforeEach(async () => {
    rig = await relayRig();
  });
  afterEach(async () => {
    await rig.close();
  });
  const at = () => new Date(rig.clock.ms);

  it('delivers a queued message once, to an address stored sealed and forgotten once delivered', async () => {
    await rig.outbox.enqueue([toUser('m1', '您好')], at());
    await rig.outbox.enqueue([toUser('m1', '您好')], at()); // the same work twice queues one message
    const queued = await rig.outbox.get('m1');
    expect(queued?.destination).toMatchObject({ kind: 'sealed', context: 'm1' });
    expect(JSON.stringify(queued)).not.toContain('zhangsan');
    expect(await rig.relay.runOnce()).toBe(1);
    expect(await rig.relay.runOnce()).toBe(0);
    expect(rig.api.sent).toEqual([expect.objectContaining({ kind: 'app', to: 'zhangsan', content: '您好' })]);
    const row = await rig.outbox.get('m1');
    expect(row).toMatchObject({ status: 'delivered', reply: { text: '' }, destination: { kind: 'sealed', sealed: '', key: '' } });
  });

  it('leases a row for each worker at once: the oldest, one per destination, none twice to two owners', async () => {
    // Three people, two messages each, queued a second apart: a chat's second message waits for its first.
    for (const [i, who] of ['a', 'b', 'c', 'a', 'b', 'c'].entries()) {
      await rig.outbox.enqueue([toUser(`m${i}`, `第${i}条`, who)], at());
      rig.clock.ms += 1000;
    }
    const first = await rig.outbox.lease('one', at(), 30_000, [], 2);
    expect(first.map((r) => r._id)).toEqual(['m0', 'm1']);
    // The next rows of the queue, m2 (c), m3 (a) and m4 (b), wanted by two owners at once.
    const [two, three] = await Promise.all([rig.outbox.lease('two', at(), 30_000, [], 4), rig.outbox.lease('three', at(), 30_000, [], 4)]);
    const ids = [...two, ...three].map((r) => r._id);
    expect(new Set(ids).size).toBe(ids.length); // a compare-and-set each: no row goes to both
    expect([...ids].sort()).toEqual(['m2', 'm3', 'm4']);
    rig.clock.ms += 60_000; // every lease has run out: a and b are being sent here, so only c's oldest is left
    const rest = await rig.outbox.lease('one', at(), 30_000, first.map((r) => r.destKey), 4);
    expect(rest.map((r) => r._id)).toEqual(['m2']);
  });

  it('keeps a row under lease from every other sender until its lease runs out, a resumed destination too', async () => {
    await rig.outbox.enqueue([toUser('r1', '第一条', 'a')], at());
    const [first] = await rig.outbox.lease('one', at(), 30_000, [], 1);
    // It failed once and waits out a backoff; then 'two' leases it again.
    await rig.outbox.retryLater(first!._id, 'one', { availableAt: new Date(rig.clock.ms + 5_000), error: 'busy', firstErrorAt: at() });
    rig.clock.ms += 5_000;
    const [again] = await rig.outbox.lease('two', at(), 30_000, [], 1);
    expect(again).toMatchObject({ _id: 'r1', leaseOwner: 'two', availableAt: at() });
    // The destination answers again elsewhere: what waits out a backoff goes now, but not a row being sent.
    expect(await rig.outbox.resumeDestination(first!.destKey, at())).toBe(0);
    expect(await rig.outbox.lease('three', at(), 30_000, [], 1)).toEqual([]);
    rig.clock.ms += 30_001;
    expect((await rig.outbox.lease('three', at(), 30_000, [], 1)).map((r) => r._id)).toEqual(['r1']);
  });

  it('sends each person\'s messages in the order they were queued, several people at once', async () => {
    const order = ['a', 'b', 'c', 'd', 'e'].flatMap((who) => [1, 2, 3].map((n) => ({ who, n })));
    for (const { who, n } of order) await rig.outbox.enqueue([toUser(`${who}${n}`, `${who}的第${n}条`, who)], at());
    expect(await rig.relay.runOnce()).toBe(order.length);
    for (const who of ['a', 'b', 'c', 'd', 'e']) {
      expect(rig.api.sent.filter((m) => m.to === who).map((m) => m.content)).toEqual([1, 2, 3].map((n) => `${who}的第${n}条`));
    }
  });

  it('holds one person to 30 a minute whichever way their messages were queued', async () => {
    const secret = 'sealer-test-secret-0123456789-abcdefghijkl';
    const direct = Array.from({ length: 20 }, (_, i) => toUser(`d${i}`, `消息 ${i}`));
    // As ReportService hands on an anonymous reporter's address: sealed elsewhere, with the same person key.
    const viaCase = Array.from({ length: 15 }, (_, i) => ({ ...toUser(`c${i}`, `通知 ${i}`), destination: createAddressSealer(secret).seal({ kind: 'user', channel: 'wecom', userId: 'zhangsan' }, `c${i}`) }));
    await rig.outbox.enqueue([...direct, ...viaCase], at());
    await rig.relay.runOnce();
    expect(rig.api.sent).toHaveLength(30);
    rig.clock.ms += 60_000;
    await rig.relay.runOnce();
    expect(rig.api.sent).toHaveLength(35);
  });

  it('fails at once a row whose address does not open', async () => {
    const foreign = createAddressSealer('another-secret-0123456789-abcdefghijklmn').seal({ kind: 'user', channel: 'wecom', userId: 'zhangsan' }, 'x1');
    await rig.outbox.enqueue([{ ...toUser('x1', '打不开'), destination: foreign }], at());
    await rig.relay.runOnce();
    expect(await rig.outbox.get('x1')).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/does not open/) });
    expect(rig.api.calls).toHaveLength(0);
  });

  describe.each([
    ['45009 (rate limit)', () => rig.api.failNext(45009)],
    ['45033 (concurrency)', () => rig.api.failNext(45033)],
    ['-1 (system busy)', () => rig.api.failNext(-1)],
    ['HTTP 500', () => rig.api.failNextHttp(500)],
    ['HTTP 502', () => rig.api.failNextHttp(502)],
  ])('a transient failure: %s', (_name, inject) => {
    it('is retried after a backoff, then delivered', async () => {
      inject();
      await rig.outbox.enqueue([toUser('m2', '稍后')], at());
      await rig.relay.runOnce();
      const row = await rig.outbox.get('m2');
      expect(row).toMatchObject({ status: 'pending', attempts: 1, firstErrorAt: at() });
      expect(row!.availableAt.getTime()).toBeGreaterThan(rig.clock.ms);
      expect(await rig.relay.runOnce()).toBe(0); // not before its backoff
      rig.clock.ms = row!.availableAt.getTime();
      await rig.relay.runOnce();
      expect(await rig.outbox.get('m2')).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(rig.api.sent.map((m) => m.content)).toEqual(['稍后']);
    });
  });

  describe.each([
    [81013, 'no valid recipient'],
    [60020, 'server IP not trusted'],
    [40056, 'invalid agentid'],
  ])('a permanent refusal: %s (%s)', (code) => {
    it('fails the row at once, with the reason, visibly', async () => {
      rig.api.failNext(code);
      await rig.outbox.enqueue([toUser('m3', '无人')], at());
      await rig.relay.runOnce();
      const failed = await rig.outbox.list({ status: 'failed' }, 10);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.lastError).toContain(`errcode ${code}`);
      expect(JSON.stringify(failed[0])).not.toContain('zhangsan');
      expect(rig.api.sent).toHaveLength(0);
      expect(rig.logs.filter((l) => l.msg === 'send failed for good')).toHaveLength(1);
    });
  });

  it('fails a group robot with a bad key (93000) at once', async () => {
    rig.api.failNext(93000, 1, 'robot');
    await rig.outbox.enqueue([toRobot('r1', '告警')], at());
    await rig.relay.runOnce();
    expect(await rig.outbox.get('r1')).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('errcode 93000') });
  });

  it('retries a network failure (nothing listening) as transient', async () => {
    const offline = await relayRig({ apiBase: 'http://127.0.0.1:9' });
    try {
      await offline.outbox.enqueue([toRobot('n1', '告警')], new Date(offline.clock.ms));
      await offline.relay.runOnce();
      expect(await offline.outbox.get('n1')).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/network error/) });
    } finally {
      await offline.close();
    }
  });

  it('keeps retrying for 48 hours, never more than 10 minutes apart, then fails with the reason', async () => {
    rig.api.outage({ httpStatus: 503 }, 'robot');
    await rig.outbox.enqueue([toRobot('long', '告警')], at());
    const start = rig.clock.ms;
    const waits: number[] = [];
    for (;;) {
      await rig.relay.runOnce();
      const row = (await rig.outbox.get('long'))!;
      if (row.status !== 'pending') break;
      waits.push(row.availableAt.getTime() - rig.clock.ms);
      rig.clock.ms = row.availableAt.getTime(); // the next moment anything happens
    }
    const row = (await rig.outbox.get('long'))!;
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/^still failing 48 h after the first attempt: WeCom webhook\/send: HTTP 503/);
    const lasted = rig.clock.ms - start;
    expect(lasted).toBeGreaterThanOrEqual(DEFAULT_RETRY_MS);
    expect(lasted).toBeLessThanOrEqual(DEFAULT_RETRY_MS + 10 * 60_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(10 * 60_000);
    expect(waits.filter((w) => w >= 8 * 60_000).length).toBeGreaterThan(250); // the cap (less its jitter) is reached early and held
    expect(waits[0]).toBeLessThan(5_000); // the first retry comes quickly
    expect(rig.api.calls).toHaveLength(waits.length + 1);
    expect(busiestWindow(rig.api.calls.map((c) => c.at.getTime()))).toBeLessThanOrEqual(20);
    // Logged once an hour (at the first attempt an hour or more after the last line), not on every attempt.
    const warned = rig.logs.filter((l) => l.msg === 'send failed; will retry');
    expect(warned.length).toBeGreaterThanOrEqual(40);
    expect(warned.length).toBeLessThanOrEqual(48);
    const times = warned.map((l) => l.at);
    expect(times.slice(1).every((t, i) => t - times[i]! >= 3_600_000)).toBe(true);
    expect(warned[1]!.obj).toMatchObject({ notLoggedSince: expect.any(Number) });
    expect(rig.logs.filter((l) => l.msg === 'send failed for good')).toHaveLength(1);
  });

  it('never sends a robot more than 20 messages a minute; the rest wait their turn', async () => {
    await rig.outbox.enqueue(Array.from({ length: 25 }, (_, i) => toRobot(`a${i}`, `告警 ${i}`)), at());
    await rig.relay.runOnce();
    expect(rig.api.sent).toHaveLength(20);
    expect(await rig.outbox.list({ status: 'pending' }, 50)).toHaveLength(5);
    expect(await rig.outbox.list({ status: 'failed' }, 50)).toHaveLength(0);
  });
});

describe('backoffMs', () => {
  it('waits about as long as the failures have lasted, from the base up to the cap', () => {
    const half = () => 0.5;
    expect(backoffMs(0, 2000, 600_000, half)).toBe(2000);
    expect(backoffMs(8000, 2000, 600_000, half)).toBe(8000);
    expect(backoffMs(3_600_000, 2000, 600_000, half)).toBe(600_000);
    // Jitter never goes past the cap.
    expect(backoffMs(3_600_000, 2000, 600_000, () => 0.999)).toBe(600_000);
    expect(backoffMs(0, 2000, 600_000, () => 0)).toBe(1600);
  });
});
