/**
 * The outbox relay on a fake clock, against the local WeCom stand-in through the real channel and clients:
 * the relay, the memory coordination (rate buckets), the stand-in's robot minute and the store's rows all
 * read the same `clock.ms`, which tests move.
 */
import { startFakeWecomApi, type FakeWecomApi } from '../../src/channels/wecom/fake-wecom-api';
import { createWecomAppClient } from '../../src/channels/wecom/wecom-app-client';
import { createWecomChannel } from '../../src/channels/wecom/wecom-channel';
import { createWecomRobotClient } from '../../src/channels/wecom/wecom-robot-client';
import { DEMO_WECOM } from '../../src/config';
import { createMemoryCoord } from '../../src/coord/engines/memory-coord';
import type { OutboundMessage } from '../../src/core/ports';
import type { ChannelAdapter } from '../../src/core/channel';
import type { ChannelId } from '../../src/core/message';
import { createOutboxRelay, type OutboxRelay, type OutboxRelayDeps } from '../../src/jobs/outbox-relay';
import { createEmbeddedStore } from '../../src/store/engines/embedded-store';
import type { StoreEngine } from '../../src/store/collection';
import { createOutboxRepo, type OutboxRepo } from '../../src/store/outbox-repo';
import { outboxModel } from '../../src/store/outbox.model';
import { testSealer } from '../helpers/test-sealer';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
  /** The fake clock when it was logged. */
  at: number;
}

export interface RelayRig {
  clock: { ms: number };
  api: FakeWecomApi;
  outbox: OutboxRepo;
  relay: OutboxRelay;
  store: StoreEngine;
  logs: LogLine[];
  sealer: ReturnType<typeof testSealer>;
  close(): Promise<void>;
}

export const T0 = Date.parse('2026-11-23T02:00:00Z');

export async function relayRig(
  { isMember, ...opts }: Partial<OutboxRelayDeps> & { apiBase?: string; extraChannels?: [ChannelId, ChannelAdapter][]; isMember?: (userId: string) => boolean } = {},
): Promise<RelayRig> {
  const clock = { ms: T0 };
  const now = () => clock.ms;
  const store = await createEmbeddedStore('', { inMemory: true, now: () => new Date(clock.ms) });
  const coord = createMemoryCoord({ now });
  const api = await startFakeWecomApi({ corpId: DEMO_WECOM.corpId, secret: DEMO_WECOM.secret, now, isMember });
  const apiBase = opts.apiBase ?? api.url;
  const appClient = createWecomAppClient({ apiBase, corpId: DEMO_WECOM.corpId, agentId: DEMO_WECOM.agentId, secret: DEMO_WECOM.secret, coord });
  const wecom = createWecomChannel(DEMO_WECOM, { appClient, robotClient: createWecomRobotClient({ apiBase }) });
  const sealer = testSealer();
  const outbox = createOutboxRepo(store.collection(outboxModel), sealer);
  const logs: LogLine[] = [];
  const log = (level: LogLine['level']) => (obj: object, msg?: string) => logs.push({ level, obj: obj as Record<string, unknown>, msg, at: clock.ms });
  const relay = createOutboxRelay({
    outbox,
    coord,
    channels: new Map<ChannelId, ChannelAdapter>([['wecom', wecom], ...(opts.extraChannels ?? [])]),
    openAddress: (d) => sealer.open(d),
    openUsers: (d) => sealer.openUsers(d),
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    metrics: { inc() {}, observe() {} },
    now: () => new Date(clock.ms),
    owner: 'test-relay',
    ...opts,
  });
  return {
    clock,
    api,
    outbox,
    relay,
    store,
    logs,
    sealer,
    async close() {
      await relay.stop();
      await api.close();
      await coord.close();
      await store.close();
    },
  };
}

export const toUser = (id: string, text: string, userId = 'zhangsan'): OutboundMessage => ({
  id,
  destination: { kind: 'user', channel: 'wecom', userId },
  reply: { kind: 'text', text },
});

/** One text to several WeCom members, the n-th named in admin views by `point-<n>` (as a point's id names its liaison). */
export const toUsers = (id: string, text: string, userIds: string[]): OutboundMessage => ({
  id,
  destination: { kind: 'users', channel: 'wecom', userIds, refs: userIds.map((_, i) => `point-${i + 1}`) },
  reply: { kind: 'text', text },
});

export const toRobot = (id: string, text: string, robotKey = 'robot-key-0001'): OutboundMessage => ({
  id,
  destination: { kind: 'robot', channel: 'wecom', robotKey },
  reply: { kind: 'markdown', title: 't', text },
});

/** The largest number of `calls` (times in ms) inside any window of `windowMs`. */
export function busiestWindow(times: readonly number[], windowMs = 60_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
