/**
 * A group robot takes 20 messages a minute. 50 alerts for one robot within a minute must not become 50
 * messages (or a backlog of them): at most 19 go alone, the rest fold into one digest when the window frees;
 * every case number reaches the group, and no 60-second window ever holds more than 20 messages. On every
 * store engine, and then through the real relay to the WeCom stand-in.
 */
import type { OutboxRow } from '../../../src/store/outbox.model';
import { createOutboxRelay } from '../../../src/jobs/outbox-relay';
import { startFakeWecomApi } from '../../../src/channels/wecom/fake-wecom-api';
import { createWecomChannel } from '../../../src/channels/wecom/wecom-channel';
import { createWecomAppClient } from '../../../src/channels/wecom/wecom-app-client';
import { createWecomRobotClient } from '../../../src/channels/wecom/wecom-robot-client';
import { createMemoryCoord } from '../../../src/coord/engines/memory-coord';
import { DEMO_WECOM } from '../../../src/config';
import { createAlertHarness, useAlertSuite, type AlertHarness } from '../../helpers/alert-harness';
import { memoryEngines } from '../../helpers/memory-engines';
import { storeEngineCases } from '../../store/store-engine-cases';
import { APP_VOTING, COUNTY } from './fixtures';

const T0 = new Date('2026-04-03T02:00:00Z');
const LIMIT = 20;
const WINDOW_MS = 60_000;

/** The most messages any 60-second window holds, by the time they were queued. */
function busiestWindow(rows: readonly OutboxRow[]): number {
  const times = rows.map((r) => r.createdAt.getTime()).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= WINDOW_MS) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

async function fiftyInAMinute(h: AlertHarness, clock: { now: Date }): Promise<string[]> {
  const cases: string[] = [];
  for (let i = 0; i < 50; i++) {
    clock.now = new Date(T0.getTime() + i * 1000);
    cases.push(await h.file({ ...APP_VOTING, itemName: `网络投票${i}` }));
  }
  return cases;
}

describe.each(storeEngineCases('alert digest'))('alert digest: $name', (engine) => {
  const s = useAlertSuite(engine, T0);
  const { clock } = s;

  it('folds 50 alerts for one robot within a minute into at most 20 messages that name every case', async () => {
    const cases = await fiftyInAMinute(s.h, clock);
    const inTheMinute = await s.h.robotRows(COUNTY);
    expect(inTheMinute).toHaveLength(LIMIT - 1); // one slot is always kept back

    // Nothing goes while the window is full, however often the flusher runs (for each of the bureau's two
    // robots, WeCom and DingTalk: each has its own window).
    const ROBOTS = 2;
    expect((await s.h.alerts.flush()).waiting).toBe(ROBOTS * (50 - (LIMIT - 1)));
    clock.now = new Date(T0.getTime() + 59_000);
    expect((await s.h.alerts.flush()).messages).toBe(0);

    // As the first send leaves the window, the 31 waiting go as one digest.
    clock.now = new Date(T0.getTime() + 61_000);
    const flushed = await s.h.alerts.flush();
    expect(flushed).toMatchObject({ messages: ROBOTS, folded: ROBOTS * (50 - (LIMIT - 1)), waiting: 0 });
    expect((await s.h.robotRows(COUNTY, 'dingtalk')).at(-1)!.reply.text).toContain('汇总（31 件）');
    await s.h.runJob(); // and the job flushes nothing more
    const all = await s.h.robotRows(COUNTY);
    expect(all.length).toBeLessThanOrEqual(LIMIT);
    expect(busiestWindow(all)).toBeLessThanOrEqual(LIMIT);
    const digest = all.at(-1)!.reply.text;
    expect(digest).toContain('汇总（31 件）');
    expect(Buffer.byteLength(digest)).toBeLessThanOrEqual(4096);
    const text = all.map((r) => r.reply.text).join('\n');
    for (const c of cases) expect(text).toContain(c);
  });
});

describe('alert digest through the relay to WeCom', () => {
  it('never gives the robot more than 20 in a minute, and every case arrives', async () => {
    const e = await memoryEngines();
    const api = await startFakeWecomApi({ corpId: DEMO_WECOM.corpId, secret: DEMO_WECOM.secret });
    const clock = { now: T0 };
    try {
      const h = await createAlertHarness(e.store, clock);
      const coord = createMemoryCoord();
      const appClient = createWecomAppClient({ apiBase: api.url, corpId: DEMO_WECOM.corpId, agentId: DEMO_WECOM.agentId, secret: DEMO_WECOM.secret, coord });
      const wecom = createWecomChannel(DEMO_WECOM, { appClient, robotClient: createWecomRobotClient({ apiBase: api.url }) });
      const silent = { debug() {}, info() {}, warn() {}, error() {} };
      const relay = createOutboxRelay({ outbox: h.outbox, coord, channels: new Map([['wecom', wecom]]), openAddress: (d) => h.sealer.open(d), logger: silent, metrics: { inc() {}, observe() {} }, now: () => clock.now, owner: 'relay' });

      const cases = await fiftyInAMinute(h, clock);
      await relay.runOnce();
      clock.now = new Date(T0.getTime() + 61_000);
      await h.alerts.flush();
      await relay.runOnce();

      const robot = api.sent.filter((m) => m.kind === 'robot');
      expect(robot.length).toBeLessThanOrEqual(LIMIT);
      const text = robot.map((m) => m.content).join('\n');
      for (const c of cases) expect(text).toContain(c);
      await relay.stop();
      await coord.close();
    } finally {
      await api.close();
      await e.close();
    }
  });
});
