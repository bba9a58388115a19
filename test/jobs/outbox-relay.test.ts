/**
 * The relay against the local WeCom stand-in, through the real channel and clients: delivered, retried on
 * a retryable refusal, failed with the platform's reason on a final one, and held to a robot's 20 a minute.
 */
import { createOutboxRelay, type OutboxRelay } from '../../src/jobs/outbox-relay';
import { createOutboxRepo, type OutboxRepo } from '../../src/store/outbox-repo';
import { outboxModel } from '../../src/store/outbox.model';
import { startFakeWecomApi, type FakeWecomApi } from '../../src/channels/wecom/fake-wecom-api';
import { createWecomChannel } from '../../src/channels/wecom/wecom-channel';
import { createWecomAppClient } from '../../src/channels/wecom/wecom-app-client';
import { createWecomRobotClient } from '../../src/channels/wecom/wecom-robot-client';
import type { Logger, Metrics } from '../../src/core/ports';
import { DEMO_WECOM } from '../../src/config';
import { memoryEngines } from '../helpers/memory-engines';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const noMetrics: Metrics = { inc() {}, observe() {} };

describe('outbox relay', () => {
  let engines: Awaited<ReturnType<typeof memoryEngines>>;
  let api: FakeWecomApi;
  let outbox: OutboxRepo;
  let relay: OutboxRelay;
  let clock: number;

  beforeEach(async () => {
    engines = await memoryEngines();
    api = await startFakeWecomApi({ corpId: DEMO_WECOM.corpId, secret: DEMO_WECOM.secret });
    const appClient = createWecomAppClient({ apiBase: api.url, corpId: DEMO_WECOM.corpId, agentId: DEMO_WECOM.agentId, secret: DEMO_WECOM.secret, coord: engines.coord });
    const robotClient = createWecomRobotClient({ apiBase: api.url });
    const wecom = createWecomChannel(DEMO_WECOM, { appClient, robotClient });
    outbox = createOutboxRepo(engines.store.collection(outboxModel));
    clock = Date.now();
    relay = createOutboxRelay({
      outbox,
      coord: engines.coord,
      channels: new Map([['wecom', wecom]]),
      logger: silent,
      metrics: noMetrics,
      now: () => new Date(clock),
      owner: 'test-relay',
      baseBackoffMs: 1000,
    });
  });
  afterEach(async () => {
    await relay.stop();
    await api.close();
    await engines.close();
  });

  const toUser = (id: string, text: string) => ({ id, destination: { kind: 'user' as const, channel: 'wecom' as const, userId: 'zhangsan' }, reply: { kind: 'text' as const, text } });

  it('delivers a queued message once', async () => {
    await outbox.enqueue([toUser('m1', '您好')], new Date(clock));
    await outbox.enqueue([toUser('m1', '您好')], new Date(clock)); // the same work twice queues one message
    expect(await relay.runOnce()).toBe(1);
    expect(await relay.runOnce()).toBe(0);
    expect(api.sent).toEqual([expect.objectContaining({ kind: 'app', to: 'zhangsan', content: '您好' })]);
    expect((await outbox.get('m1'))?.status).toBe('delivered');
  });

  it('retries a retryable refusal later, then delivers', async () => {
    api.failNext(45009);
    await outbox.enqueue([toUser('m2', '稍后')], new Date(clock));
    await relay.runOnce();
    let row = await outbox.get('m2');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.lastError).toMatch(/45009/);
    expect(await relay.runOnce()).toBe(0); // not before its backoff
    clock += 5_000;
    await relay.runOnce();
    row = await outbox.get('m2');
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(api.sent.map((m) => m.content)).toEqual(['稍后']);
  });

  it('marks a final refusal failed with the reason, visibly', async () => {
    api.failNext(81013);
    await outbox.enqueue([toUser('m3', '无人')], new Date(clock));
    await relay.runOnce();
    const failed = await outbox.list({ status: 'failed' }, 10);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.lastError).toMatch(/81013/);
    expect(api.sent).toHaveLength(0);
  });

  it('never sends a robot more than 20 messages a minute; the rest wait their turn', async () => {
    const robot = { kind: 'robot' as const, channel: 'wecom' as const, robotKey: 'robot-key-0001' };
    await outbox.enqueue(Array.from({ length: 25 }, (_, i) => ({ id: `a${i}`, destination: robot, reply: { kind: 'markdown' as const, title: 't', text: `告警 ${i}` } })), new Date(clock));
    await relay.runOnce();
    expect(api.sent).toHaveLength(20);
    expect(await outbox.list({ status: 'pending' }, 50)).toHaveLength(5);
    expect(await outbox.list({ status: 'failed' }, 50)).toHaveLength(0);
  });
});
