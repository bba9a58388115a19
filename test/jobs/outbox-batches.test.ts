/**
 * Rows to several people (the WeCom app's touser) through the relay, on a fake clock: one message/send for
 * all, counted once against each member's own 30 a minute; a member whose window is full gets a row of their
 * own for later; members WeCom does not deliver to are kept, failed with the reason; nobody gets it twice.
 * And rows going out several at a time, never two of one destination at once.
 */
import type { ChannelAdapter } from '../../src/core/channel';
import { ChannelApiError } from '../../src/core/errors';
import { destinationKey, type SendableDestination, type UserDestination } from '../../src/core/message';
import { createDingtalk } from '../../src/channels/dingtalk/create-dingtalk';
import { startFakeDingtalkApi, type FakeDingtalkApi } from '../../src/channels/dingtalk/fake-dingtalk-api';
import { DEMO_DINGTALK } from '../../src/config';
import { createMemoryCoord } from '../../src/coord/engines/memory-coord';
import { relayRig, T0, toUser, toUsers, type RelayRig } from './relay-rig';

describe('outbox relay: batches', () => {
  let rig: RelayRig;
  afterEach(() => rig.close());
  const at = () => new Date(rig.clock.ms);
  const appSends = () => rig.api.sent.filter((m) => m.kind === 'app');

  it('sends a batch in one call, stored sealed, and counts it once against each member', async () => {
    rig = await relayRig();
    await rig.outbox.enqueue([toUsers('b1', '请填写月报', ['zhangsan', 'lisi', 'wangwu'])], at());
    const queued = await rig.outbox.get('b1');
    expect(queued).toMatchObject({ destination: { kind: 'sealed-users', refs: ['point-1', 'point-2', 'point-3'] }, recipients: 3 });
    expect(JSON.stringify(queued?.destination)).not.toMatch(/zhangsan|lisi|wangwu/);
    expect(await rig.relay.runOnce()).toBe(1);
    expect(appSends().map((m) => m.to)).toEqual(['zhangsan|lisi|wangwu']);
    expect(await rig.outbox.get('b1')).toMatchObject({ status: 'delivered', reply: { text: '' }, destination: { kind: 'sealed', sealed: '' } });
    // zhangsan's minute has 29 left: the batch counted once for him.
    await rig.outbox.enqueue(Array.from({ length: 30 }, (_, i) => toUser(`z${i}`, `消息 ${i}`)), at());
    await rig.relay.runOnce();
    expect(appSends().filter((m) => m.to === 'zhangsan')).toHaveLength(29);
  });

  it('sends to the members whose window has room; a member whose window is full gets it on their own a minute later', async () => {
    rig = await relayRig();
    await rig.outbox.enqueue(Array.from({ length: 30 }, (_, i) => toUser(`z${i}`, `消息 ${i}`)), at());
    await rig.relay.runOnce();
    await rig.outbox.enqueue([toUsers('b1', '请填写月报', ['zhangsan', 'lisi'])], at());
    await rig.relay.runOnce();
    expect(appSends().slice(30).map((m) => m.to)).toEqual(['lisi']);
    expect(await rig.outbox.get('b1')).toMatchObject({ status: 'delivered', undelivered: { count: 1, reason: expect.stringMatching(/rate window/) } });
    const later = await rig.outbox.get('b1/point-1');
    expect(later).toMatchObject({ status: 'pending', destination: { kind: 'sealed' } });
    expect(later!.availableAt.getTime()).toBeGreaterThan(rig.clock.ms);
    rig.clock.ms += 60_000;
    await rig.relay.runOnce();
    expect(appSends().slice(30).map((m) => [m.to, m.content])).toEqual([['lisi', '请填写月报'], ['zhangsan', '请填写月报']]);
    expect(await rig.outbox.get('b1/point-1')).toMatchObject({ status: 'delivered' });
  });

  it('keeps the members WeCom does not deliver to as failed rows of their own with the reason, and sends nobody anything twice', async () => {
    const members = new Set(['zhangsan', 'lisi']);
    rig = await relayRig({ isMember: (id) => members.has(id) });
    await rig.outbox.enqueue([toUsers('b1', '请填写月报', ['zhangsan', 'ghost', 'lisi'])], at());
    await rig.relay.runOnce();
    expect(appSends().map((m) => m.to)).toEqual(['zhangsan|lisi']);
    expect(await rig.outbox.get('b1')).toMatchObject({ status: 'delivered', undelivered: { count: 1, reason: expect.stringMatching(/invaliduser/) } });
    const failed = await rig.outbox.list({ status: 'failed' }, 10);
    expect(failed.map((r) => [r._id, r.lastError])).toEqual([['b1/point-2', expect.stringMatching(/not a valid member of the app/)]]);
    expect(rig.sealer.open(failed[0]!.destination as Parameters<typeof rig.sealer.open>[0])).toEqual({ kind: 'user', channel: 'wecom', userId: 'ghost' });
    expect(JSON.stringify(failed)).not.toContain('ghost');

    // Once added to the app, an admin sends the failed row again: to that member alone.
    members.add('ghost');
    await rig.outbox.retryFailed({ id: 'b1/point-2' }, at());
    await rig.relay.runOnce();
    expect(appSends().map((m) => m.to)).toEqual(['zhangsan|lisi', 'ghost']);
    expect(await rig.relay.runOnce()).toBe(0);
  });

  it('fails a batch none of whose members WeCom knows (81013), with the reason', async () => {
    rig = await relayRig({ isMember: () => false });
    await rig.outbox.enqueue([toUsers('b1', '请填写月报', ['ghost-1', 'ghost-2'])], at());
    await rig.relay.runOnce();
    expect(await rig.outbox.get('b1')).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/81013/) });
    expect(await rig.outbox.list({ status: 'failed' }, 10)).toHaveLength(1);
  });

  it('sends rows of different destinations at the same time, never two of one destination, each in its order', async () => {
    const inFlight = new Set<string>();
    const order: string[] = [];
    let most = 0;
    let overlap = false;
    const slow: ChannelAdapter = {
      id: 'dingtalk',
      receive: async () => ({ response: { status: 200, body: '' } }),
      downloadMedia: async () => {
        throw new ChannelApiError('no media', false);
      },
      async send(d: SendableDestination, reply) {
        const key = destinationKey(d);
        if (inFlight.has(key)) overlap = true;
        inFlight.add(key);
        most = Math.max(most, inFlight.size);
        await new Promise((r) => setTimeout(r, 20));
        order.push(`${(d as UserDestination).userId}:${reply.text}`);
        inFlight.delete(key);
      },
    };
    rig = await relayRig({ extraChannels: [['dingtalk', slow]], concurrency: 4 });
    const people = ['a', 'b', 'c', 'd', 'e', 'f'];
    const rows = [1, 2, 3].flatMap((n) => people.map((p) => ({ ...toUser(`${p}${n}`, String(n), p), destination: { kind: 'user' as const, channel: 'dingtalk' as const, userId: p } })));
    await rig.outbox.enqueue(rows, at());
    const started = performance.now();
    expect(await rig.relay.runOnce()).toBe(18);
    expect(overlap).toBe(false);
    expect(most).toBe(4);
    // 18 sends of 20 ms four at a time: well under the 360 ms one at a time would take.
    expect(performance.now() - started).toBeLessThan(300);
    for (const p of people) expect(order.filter((o) => o.startsWith(`${p}:`))).toEqual([`${p}:1`, `${p}:2`, `${p}:3`]);
  });
});

describe('outbox relay: DingTalk batches (oToMessages/batchSend, 20 a call)', () => {
  let rig: RelayRig;
  let ding: FakeDingtalkApi;
  afterEach(async () => {
    await rig.close();
    await ding.close();
  });
  const at = () => new Date(rig.clock.ms);
  const toDingtalk = (id: string, text: string, userIds: string[]) => ({
    id,
    destination: { kind: 'users' as const, channel: 'dingtalk' as const, userIds, refs: userIds.map((_, i) => `point-${i + 1}`) },
    reply: { kind: 'text' as const, text },
  });

  async function dingtalkRig(opts: { isStaff?: (id: string) => boolean; holdBack?: (id: string) => boolean }): Promise<void> {
    // The rig's clock, once there is a rig: the stand-in and the channel read the time the test moves.
    let clockMs = () => T0;
    ding = await startFakeDingtalkApi({ clientId: DEMO_DINGTALK.clientId, clientSecret: DEMO_DINGTALK.clientSecret, now: () => clockMs(), ...opts });
    const coord = createMemoryCoord({ now: () => clockMs() });
    const cfg = { ...DEMO_DINGTALK, mode: 'http' as const, apiBase: ding.url, oapiBase: ding.url };
    const channel = createDingtalk(cfg, { coord, logger: { debug() {}, info() {}, warn() {} }, now: () => new Date(clockMs()) }).channel;
    rig = await relayRig({ extraChannels: [['dingtalk', channel]] });
    clockMs = () => rig.clock.ms;
  }

  it('sends one text to 20 people in one call; the one held back gets it alone a window later, the one not on staff is failed with the reason', async () => {
    let holding = true;
    await dingtalkRig({ isStaff: (id) => id !== 'ghost', holdBack: (id) => holding && id === 'busy' });
    const people = ['busy', 'ghost', ...Array.from({ length: 18 }, (_, i) => `liaison-${i}`)];
    await rig.outbox.enqueue([toDingtalk('b1', '请填写月报', people)], at());
    expect(await rig.relay.runOnce()).toBe(1);
    expect(ding.sent.map((m) => m.to).sort()).toEqual(people.filter((p) => p !== 'busy' && p !== 'ghost').sort());
    expect(await rig.outbox.get('b1')).toMatchObject({ status: 'delivered', undelivered: { count: 2, reason: expect.stringMatching(/invalidStaffIdList.*held back|held back.*invalidStaffIdList/) } });
    const failed = await rig.outbox.list({ status: 'failed' }, 10);
    expect(failed.map((r) => [r._id, r.lastError])).toEqual([['b1/point-2', expect.stringMatching(/not a valid staff id/)]]);
    expect(await rig.outbox.get('b1/point-1')).toMatchObject({ status: 'pending', destination: { kind: 'sealed' } });

    holding = false;
    expect(await rig.relay.runOnce()).toBe(0); // not before its window
    rig.clock.ms += 60_000;
    expect(await rig.relay.runOnce()).toBe(1);
    expect(ding.sent.filter((m) => m.to === 'busy').map((m) => m.content)).toEqual(['请填写月报']);
    expect(ding.sent).toHaveLength(19); // nobody twice
  });
});
