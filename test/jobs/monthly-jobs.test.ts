/**
 * The three jobs on the demo directory: the reminder to every liaison once, follow-ups only to points that
 * have not answered, the missing list to each city bureau's group with points without a liaison included,
 * and the scheduler's contract (periodOf / dueAt / lateUntil).
 */
import { createOutboxRelay } from '../../src/jobs/outbox-relay';
import { startFakeWecomApi } from '../../src/channels/wecom/fake-wecom-api';
import { createWecomChannel } from '../../src/channels/wecom/wecom-channel';
import { createWecomAppClient } from '../../src/channels/wecom/wecom-app-client';
import { createWecomRobotClient } from '../../src/channels/wecom/wecom-robot-client';
import { DEMO_WECOM } from '../../src/config';
import type { UserDestination, UsersDestination } from '../../src/core/message';
import { personModel } from '../../src/store/person.model';
import { pointModel } from '../../src/store/point.model';
import { orgModel } from '../../src/store/org.model';
import { DEMO_POINT, monitoringHarness, noneAnswers, pointId, silentLogger, type MonitoringHarness } from '../domain/monitoring/monitoring-harness';

const at = (s: string) => new Date(s);
const REMINDER_AT = at('2026-11-25T09:00:00+08:00');
const LIAISONS = ['demo-liaison', 'gy-liaison-1', 'gy-liaison-2', 'szs-liaison-1', 'szs-liaison-2', 'wz-liaison-1', 'wz-liaison-2', 'yc-liaison-1', 'zw-liaison-1', 'zw-liaison-2'];

/** A row to people (sealed, one or a batch), not to a liaison group's robot. */
const toPerson = (r: { destination: { kind: string } }) => r.destination.kind === 'sealed' || r.destination.kind === 'sealed-users';

describe('monthly jobs', () => {
  let h: MonitoringHarness;
  beforeEach(async () => {
    h = await monitoringHarness();
  });
  afterEach(() => h.close());

  it('follow the scheduler contract: periods, due times, and no late run of last month after its deadline', () => {
    const [reminder, followup, deadline] = [h.job('monthly-reminder'), h.job('monthly-followup'), h.job('monthly-deadline')];
    expect(reminder.periodOf(REMINDER_AT)).toBe('2026-11');
    expect(reminder.periodOf(at('2026-11-25T08:59:00+08:00'))).toBe('2026-10');
    expect(reminder.dueAt('2026-11').toISOString()).toBe('2026-11-25T01:00:00.000Z');
    // A fresh install in December must not send November's reminders: late only until the deadline passes.
    expect(reminder.lateUntil('2026-11').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(followup.periodOf(at('2026-11-28T09:00:00+08:00'))).toBe('2026-11@28');
    expect(followup.periodOf(at('2026-11-29T09:00:00+08:00'))).toBe('2026-11@28'); // an extra tick: already claimed
    expect(followup.periodOf(at('2026-11-30T09:00:00+08:00'))).toBe('2026-11@30');
    expect(followup.dueAt('2026-11@30').toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(() => followup.dueAt('2026-11@27')).toThrow(RangeError);
    expect(deadline.periodOf(at('2026-12-01T09:00:00+08:00'))).toBe('2026-11');
    expect(deadline.periodOf(at('2026-12-31T09:00:00+08:00'))).toBe('2026-12');
    expect(deadline.periodOf(at('2027-01-01T09:00:00+08:00'))).toBe('2026-12');
    expect(deadline.lateUntil('2026-11').toISOString()).toBe('2026-12-04T01:00:00.000Z');
    expect(h.jobs.map((j) => [j.name, j.cron])).toEqual([
      ['monthly-reminder', '0 9 25 * *'],
      ['monthly-followup', '0 9 28,29,30 * *'],
      ['monthly-deadline', '0 9 1,31 * *'],
    ]);
  });

  it('reminds every liaison of the 10 demo points once, in one WeCom batch with one text for all; running again queues nothing new', async () => {
    const { period, result } = await h.runAt(h.job('monthly-reminder'), REMINDER_AT);
    expect(period).toBe('2026-11');
    expect(result.counts).toMatchObject({ points: 10, reminded: 10, batches: 1, withoutLiaison: 0 });
    const all = await h.outbox.list({}, 100);
    const rows = all.filter(toPerson);
    // Each city's two liaison groups (WeCom, DingTalk) @-mention its liaisons, by their id on each platform.
    const groups = all.filter((r) => !toPerson(r));
    expect(groups.map((r) => r._id)).toHaveLength(10);
    expect(groups.find((r) => r._id === 'monthly-reminder:2026-11:liaison-group:NX-YC:0')!.reply.mentions).toEqual(expect.arrayContaining(['demo-liaison', 'yc-liaison-1']));
    // Every demo liaison is on WeCom: one row names all ten (touser), each with the point that names them.
    expect(rows.map((r) => r._id)).toEqual(['monthly-reminder:2026-11:wecom:0']);
    const batch = h.recipient(rows[0]!.destination) as UsersDestination;
    expect(batch.userIds.slice().sort()).toEqual(LIAISONS);
    const points = (await h.directory.activePoints()).map((p) => p._id).sort();
    expect(batch.refs).toEqual(points);
    expect(batch.userIds[batch.refs.indexOf(DEMO_POINT)]).toBe('demo-liaison');
    expect(rows[0]!.recipients).toBe(10);
    // Stored sealed: no row names a liaison in clear.
    expect(JSON.stringify(rows)).not.toContain('liaison-');
    // No name, no school: the text is the same for everyone it names.
    const text = rows[0]!.reply.text;
    expect(text).toContain('2026年11月的《中小学教师减负监测统计表》');
    expect(text).toContain('2026年11月30日');
    expect(text).toContain('“月报”');
    expect(text).not.toContain('永宁县望洪镇红星村小学');

    await h.runAt(h.job('monthly-reminder'), REMINDER_AT);
    expect(await h.outbox.list({}, 100)).toHaveLength(11);
  });

  it('reminds a liaison of two points once, and a liaison only on DingTalk in a DingTalk batch (batchSend)', async () => {
    const people = h.store.collection(personModel);
    const points = h.store.collection(pointModel);
    // yc-liaison-1 looks after the demo point too; zw-liaison-1 is reachable on DingTalk only.
    await points.updateOne({ _id: DEMO_POINT }, { $set: { liaisonUserKey: 'wecom:yc-liaison-1' } });
    const zw = (await people.findOne({ _id: 'wecom:zw-liaison-1' }))!;
    await people.deleteMany({ _id: zw._id });
    await people.insertMany([{ ...zw, _id: 'dingtalk:zw-ding-1', channel: 'dingtalk', userId: 'zw-ding-1', alsoKnownAs: [] }]);
    const zwPoint = (await points.find({ liaisonUserKey: 'wecom:zw-liaison-1' }, {}))[0]!;
    await points.updateOne({ _id: zwPoint._id }, { $set: { liaisonUserKey: 'dingtalk:zw-ding-1' } });

    const { result } = await h.runAt(h.job('monthly-reminder'), REMINDER_AT);
    expect(result.counts).toMatchObject({ points: 10, reminded: 9, batches: 2 });
    const batch = h.recipient((await h.outbox.get('monthly-reminder:2026-11:wecom:0'))!.destination) as UsersDestination;
    expect(batch.userIds.filter((u) => u === 'yc-liaison-1')).toHaveLength(1);
    expect(batch.userIds).not.toContain('demo-liaison');
    expect(batch.userIds).toHaveLength(8);
    const ding = await h.outbox.get('monthly-reminder:2026-11:dingtalk:0');
    expect(h.recipient(ding!.destination)).toEqual({ kind: 'users', channel: 'dingtalk', userIds: ['zw-ding-1'], refs: [zwPoint._id] });
    expect(ding!.reply.text).toBe((await h.outbox.get('monthly-reminder:2026-11:wecom:0'))!.reply.text);
  });

  it('does not remind a point that already answered, and reports points without a liaison to their city group', async () => {
    await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', noneAnswers(), at('2026-11-20T10:00:00+08:00'));
    await h.dropLiaison(pointId('NX-GY-YZ-S01'));
    const { result } = await h.runAt(h.job('monthly-reminder'), REMINDER_AT);
    expect(result.counts).toMatchObject({ reminded: 8, alreadyAnswered: 1, withoutLiaison: 1 });
    const notice = await h.outbox.get('monthly-reminder:2026-11:no-liaison:NX-GY:0');
    expect(notice?.destination).toMatchObject({ kind: 'robot', robotKey: '00000000-0000-4000-8000-000000640400' });
    expect(notice?.reply.text).toContain('原州区六盘山路小学（城区小学）：未指定联络员');
  });

  it('follows up on the 28th and on the deadline day, only with points that have not answered', async () => {
    await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', noneAnswers(), at('2026-11-26T10:00:00+08:00'));
    const first = await h.runAt(h.job('monthly-followup'), at('2026-11-28T09:00:00+08:00'));
    expect(first.period).toBe('2026-11@28');
    expect(first.result.counts).toEqual({ missing: 9, followedUp: 9, batches: 1 });
    const firstBatch = h.recipient((await h.outbox.get('monthly-followup:2026-11@28:wecom:0'))!.destination) as UsersDestination;
    expect(firstBatch.userIds).toHaveLength(9);
    expect(firstBatch.userIds).not.toContain('demo-liaison');

    await h.submitAs('yc-liaison-1', pointId('NX-YC-S01'), '2026-11', noneAnswers(), at('2026-11-29T10:00:00+08:00'));
    const last = await h.runAt(h.job('monthly-followup'), at('2026-11-30T09:00:00+08:00'));
    expect(last.period).toBe('2026-11@30');
    const ids = (await h.outboxIds('monthly-followup:2026-11@30:')).filter((id) => !id.includes(':liaison-group:'));
    expect(ids).toEqual(['monthly-followup:2026-11@30:wecom:0']);
    const lastBatch = h.recipient((await h.outbox.get(ids[0]!))!.destination) as UsersDestination;
    expect(lastBatch.userIds).toHaveLength(8);
    expect(lastBatch.userIds).not.toContain('yc-liaison-1');
    expect((await h.outbox.get(ids[0]!))?.reply.text).toContain('今天');
  });

  it('after the deadline sends each city bureau its list of points that did not answer, no-liaison points with the reason', async () => {
    await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', noneAnswers(), at('2026-11-26T10:00:00+08:00'));
    await h.submitAs('szs-liaison-1', pointId('NX-SZS-DWK-S01'), '2026-11', noneAnswers(), at('2026-11-27T10:00:00+08:00'));
    await h.submitAs('szs-liaison-2', pointId('NX-SZS-DWK-S02'), '2026-11', noneAnswers(), at('2026-11-27T11:00:00+08:00'));
    await h.dropLiaison(pointId('NX-ZW-ZN-S01'));
    const { period, result } = await h.runAt(h.job('monthly-deadline'), at('2026-12-01T09:00:00+08:00'));
    expect(period).toBe('2026-11');
    // Each city bureau's two groups (WeCom and DingTalk robots) get the list.
    expect(result.counts).toMatchObject({ points: 10, missing: 7, cities: 4, messages: 8, unreachableCities: 0 });
    // 石嘴山 answered in full: nothing to say to it.
    expect(await h.outboxIds('monthly-deadline:')).toEqual(['GY', 'WZ', 'YC', 'ZW'].flatMap((c) => [`monthly-deadline:2026-11:NX-${c}:0`, `monthly-deadline:2026-11:NX-${c}:1`]));
    const ycDing = await h.outbox.get('monthly-deadline:2026-11:NX-YC:1');
    expect(ycDing?.destination).toMatchObject({ kind: 'robot', channel: 'dingtalk', robotKey: 'dingdemorobot0000000000000640100' });
    const yc = await h.outbox.get('monthly-deadline:2026-11:NX-YC:0');
    expect(yc?.destination).toMatchObject({ kind: 'robot', robotKey: '00000000-0000-4000-8000-000000640100' });
    expect(yc?.reply.text).toContain('银川市 2 个观测点中，1 个未提交');
    expect(yc?.reply.text).toContain('银川市贺兰山路高级中学（市直属高中），联络员：张丽华');
    const zw = await h.outbox.get('monthly-deadline:2026-11:NX-ZW:0');
    expect(zw?.reply.text).toContain('中宁县石空镇中心小学（镇区小学），未指定联络员');
    expect(zw?.reply.text).toContain('中卫市沙坡头初级中学（市直属初中），联络员：俞晓梅');

    await h.runAt(h.job('monthly-deadline'), at('2026-12-01T09:00:00+08:00'));
    expect(await h.outboxIds('monthly-deadline:')).toHaveLength(8);
  });

  it('sends a city without a group robot to the nearest bureau above that has one, and counts a city nobody can hear', async () => {
    const orgs = h.store.collection(orgModel);
    await orgs.updateOne({ _id: 'NX-GY' }, { $set: { groups: [] } });
    await h.runAt(h.job('monthly-deadline'), at('2026-12-01T09:00:00+08:00'));
    expect((await h.outbox.get('monthly-deadline:2026-11:NX-GY:0'))?.destination).toMatchObject({ robotKey: '00000000-0000-4000-8000-000000640000' });

    await orgs.updateOne({ _id: 'NX' }, { $set: { groups: [] } });
    silentLogger.warnings.length = 0;
    const { result } = await h.runAt(h.job('monthly-deadline'), at('2026-12-31T09:00:00+08:00'));
    expect(result.counts).toMatchObject({ cities: 5, unreachableCities: 1 });
    expect(silentLogger.warnings).toEqual([{ period: '2026-12', cityId: 'NX-GY' }]);
  });

  it('runs the yearly schedule of 安顺 the same way: period YYYY, due 25 November', async () => {
    const y = await monitoringHarness('ANSHUN');
    try {
      const reminder = y.job('monthly-reminder');
      expect(reminder.cron).toBe('0 9 1 11 *');
      const { period, result } = await y.runAt(reminder, at('2026-11-01T09:00:00+08:00'));
      expect(period).toBe('2026');
      expect(result.counts).toMatchObject({ reminded: 10 });
      expect((await y.outbox.get('monthly-reminder:2026:wecom:0'))?.reply.text).toContain('2026年度');
      expect(y.job('monthly-followup').periodOf(at('2026-11-25T10:00:00+08:00'))).toBe('2026@11-25');
      await y.submitAs('demo-liaison', DEMO_POINT, '2026', noneAnswers(), at('2026-11-20T10:00:00+08:00'));
      const deadline = await y.runAt(y.job('monthly-deadline'), at('2026-11-26T09:00:00+08:00'));
      expect(deadline).toMatchObject({ period: '2026', result: { counts: { missing: 9 } } });
    } finally {
      await y.close();
    }
  });

  it('a batch WeCom refuses for the moment is retried; the members it does not know are kept visible, failed with the reason', async () => {
    const unknown = new Set(['gy-liaison-2', 'zw-liaison-1']);
    const api = await startFakeWecomApi({ corpId: DEMO_WECOM.corpId, secret: DEMO_WECOM.secret, isMember: (id) => !unknown.has(id) });
    try {
      const appClient = createWecomAppClient({ apiBase: api.url, corpId: DEMO_WECOM.corpId, agentId: DEMO_WECOM.agentId, secret: DEMO_WECOM.secret, coord: h.coord });
      const wecom = createWecomChannel(DEMO_WECOM, { appClient, robotClient: createWecomRobotClient({ apiBase: api.url }) });
      let clock = REMINDER_AT.getTime();
      const relay = createOutboxRelay({
        outbox: h.outbox, coord: h.coord, channels: new Map([['wecom', wecom]]), openAddress: (d) => h.sealer.open(d), openUsers: (d) => h.sealer.openUsers(d), now: () => new Date(clock), owner: 't', baseBackoffMs: 1000,
        logger: { debug() {}, info() {}, warn() {}, error() {} }, metrics: { inc() {}, observe() {} },
      });
      await h.runAt(h.job('monthly-reminder'), REMINDER_AT);
      api.failNext(45009, 1, 'app'); // rate limited: retryable
      await relay.runOnce();
      expect(api.sent.filter((m) => m.kind === 'app')).toHaveLength(0);
      clock += 60_000;
      await relay.runOnce();
      const [sent] = api.sent.filter((m) => m.kind === 'app');
      expect(sent!.to.split('|').sort()).toEqual(LIAISONS.filter((l) => !unknown.has(l)));
      const batch = await h.outbox.get('monthly-reminder:2026-11:wecom:0');
      expect(batch).toMatchObject({ status: 'delivered', attempts: 2, recipients: 10, undelivered: { count: 2, reason: expect.stringMatching(/invaliduser/) } });
      // Each liaison WeCom did not deliver to: a failed row of their own, named by their point, with the reason.
      // (The DingTalk liaison groups fail too: this relay has no DingTalk channel.)
      const failed = (await h.outbox.list({ status: 'failed' }, 20)).filter(toPerson).sort((a, b) => (a._id < b._id ? -1 : 1));
      expect(failed.map((r) => r._id)).toEqual([pointId('NX-GY-YZ-S02'), pointId('NX-ZW-S01')].map((p) => `monthly-reminder:2026-11:wecom:0/${p}`).sort());
      expect(failed.map((r) => (h.recipient(r.destination) as UserDestination).userId).sort()).toEqual([...unknown].sort());
      expect(failed[0]!.lastError).toMatch(/not a valid member of the app/);
      expect(failed[0]!.reply.text).toContain('“月报”');
      expect(JSON.stringify(failed)).not.toContain('liaison-');

      // Sent again by an admin once they are members: to them alone, nobody else twice.
      unknown.clear();
      await h.outbox.retryFailed({ id: failed[0]!._id }, new Date(clock));
      await relay.runOnce();
      const apps = api.sent.filter((m) => m.kind === 'app');
      expect(apps).toHaveLength(2);
      expect(apps[1]!.to).toBe((h.recipient(failed[0]!.destination) as UserDestination).userId);
      await relay.stop();
    } finally {
      await api.close();
    }
  });

  it('a batch nobody of which is a member fails with its reason (81013)', async () => {
    const api = await startFakeWecomApi({ corpId: DEMO_WECOM.corpId, secret: DEMO_WECOM.secret, isMember: () => false });
    try {
      const appClient = createWecomAppClient({ apiBase: api.url, corpId: DEMO_WECOM.corpId, agentId: DEMO_WECOM.agentId, secret: DEMO_WECOM.secret, coord: h.coord });
      const wecom = createWecomChannel(DEMO_WECOM, { appClient, robotClient: createWecomRobotClient({ apiBase: api.url }) });
      const relay = createOutboxRelay({
        outbox: h.outbox, coord: h.coord, channels: new Map([['wecom', wecom]]), openAddress: (d) => h.sealer.open(d), openUsers: (d) => h.sealer.openUsers(d), now: () => REMINDER_AT, owner: 't',
        logger: { debug() {}, info() {}, warn() {}, error() {} }, metrics: { inc() {}, observe() {} },
      });
      await h.runAt(h.job('monthly-reminder'), REMINDER_AT);
      await relay.runOnce();
      const batch = await h.outbox.get('monthly-reminder:2026-11:wecom:0');
      expect(batch).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/81013/) });
      expect(api.sent.filter((m) => m.kind === 'app')).toHaveLength(0);
      await relay.stop();
    } finally {
      await api.close();
    }
  });
});
