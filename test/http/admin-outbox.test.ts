/**
 * The outbox in the admin API and in /metrics: failed rows shown with their reason and a safe destination,
 * sent again one by one or every failed row of one destination, never naming a person or a robot key;
 * rows counted by status and the oldest waiting row's age.
 */
import Koa from 'koa';
import request from 'supertest';
import { Registry } from 'prom-client';
import { createAdminRouter } from '../../src/http/admin-router';
import { registerOutboxMetrics } from '../../src/http/outbox-metrics';
import { relayRig, toRobot, toUser, toUsers, type RelayRig } from '../jobs/relay-rig';

const TOKEN = 'test-admin-token-0123';
const auth = { Authorization: `Bearer ${TOKEN}` };

describe('the outbox in the admin API', () => {
  let rig: RelayRig;
  let app: Koa;
  beforeEach(async () => {
    rig = await relayRig();
    app = new Koa();
    const router = createAdminRouter({ adminToken: TOKEN, outbox: rig.outbox, now: () => new Date(rig.clock.ms) });
    app.use(router.routes()).use(router.allowedMethods());
  });
  afterEach(async () => {
    await rig.close();
  });
  const http = () => request(app.callback());

  /** Three rows to the county robot and one to a person fail for good (93000, 81013); one to the city goes. */
  async function failSome(): Promise<void> {
    rig.api.failNext(93000, 3, 'robot');
    rig.api.failNext(81013, 1, 'app');
    await rig.outbox.enqueue(
      [toRobot('c1', '告警1', 'county-key-0121'), toRobot('c2', '告警2', 'county-key-0121'), toRobot('c3', '告警3', 'county-key-0121'), toUser('u1', '通知', 'zhaoyan')],
      new Date(rig.clock.ms),
    );
    await rig.relay.runOnce();
    await rig.outbox.enqueue([toRobot('y1', '督办', 'city-key-0100')], new Date(rig.clock.ms));
    await rig.relay.runOnce();
  }

  it('lists failed rows with the reason and a safe destination, and groups them by destination', async () => {
    await failSome();
    const failed = await http().get('/admin/outbox?status=failed').set(auth).expect(200);
    expect(failed.body).toHaveLength(4);
    expect(failed.body.find((r: { id: string }) => r.id === 'u1')).toMatchObject({ to: 'user', status: 'failed', lastError: expect.stringContaining('81013') });
    const destinations = await http().get('/admin/outbox/destinations').set(auth).expect(200);
    expect(destinations.body).toEqual([
      expect.objectContaining({ to: 'wecom:robot:…0121', failed: 3, lastError: expect.stringContaining('93000') }),
      expect.objectContaining({ to: 'user', failed: 1 }),
    ]);
    const everything = JSON.stringify([failed.body, destinations.body, (await http().get('/admin/outbox').set(auth)).body]);
    for (const secret of ['zhaoyan', 'county-key-0121', 'city-key-0100']) expect(everything).not.toContain(secret);
  });

  it('shows a batch with how many it named and how many it did not reach, and each of those as a failed row with the reason', async () => {
    await rig.close();
    rig = await relayRig({ isMember: (id) => id !== 'ghost' });
    app = new Koa();
    const router = createAdminRouter({ adminToken: TOKEN, outbox: rig.outbox, now: () => new Date(rig.clock.ms) });
    app.use(router.routes()).use(router.allowedMethods());
    await rig.outbox.enqueue([toUsers('monthly-reminder:2026-11:wecom:0', '请填写月报', ['zhaoyan', 'ghost', 'lisi'])], new Date(rig.clock.ms));
    await rig.relay.runOnce();
    const all = (await http().get('/admin/outbox').set(auth).expect(200)).body as Array<Record<string, unknown>>;
    expect(all.find((r) => r['id'] === 'monthly-reminder:2026-11:wecom:0')).toMatchObject({
      status: 'delivered',
      recipients: 3,
      undelivered: { count: 1, reason: expect.stringContaining('invaliduser') },
    });
    const failed = (await http().get('/admin/outbox?status=failed').set(auth).expect(200)).body;
    expect(failed).toEqual([expect.objectContaining({ id: 'monthly-reminder:2026-11:wecom:0/point-2', to: 'user', lastError: expect.stringContaining('not a valid member of the app') })]);
    expect(JSON.stringify(all)).not.toMatch(/zhaoyan|ghost|lisi/);
  });

  it('sends one failed row again', async () => {
    await failSome();
    expect((await http().post('/admin/outbox/u1/retry').set(auth).expect(200)).body).toEqual({ retried: 1 });
    expect(await rig.outbox.get('u1')).toMatchObject({ status: 'pending', availableAt: new Date(rig.clock.ms) });
    await rig.relay.runOnce();
    expect(await rig.outbox.get('u1')).toMatchObject({ status: 'delivered' });
    expect(rig.api.sent.filter((m) => m.to === 'zhaoyan')).toHaveLength(1);
    // Not failed (any more), or unknown: said so, nothing changed.
    expect((await http().post('/admin/outbox/u1/retry').set(auth).expect(409)).body.error).toMatch(/delivered, not failed/);
    await http().post('/admin/outbox/nothing-here/retry').set(auth).expect(404);
  });

  it('sends every failed row of one destination again', async () => {
    await failSome();
    const [county] = (await http().get('/admin/outbox/destinations').set(auth)).body as Array<{ destination: string }>;
    expect((await http().post(`/admin/outbox/destinations/${county!.destination}/retry`).set(auth).expect(200)).body).toEqual({ retried: 3 });
    await rig.relay.runOnce();
    expect(rig.api.sent.filter((m) => m.to === 'county-key-0121').map((m) => m.content).sort()).toEqual(['告警1', '告警2', '告警3']);
    expect(await rig.outbox.get('u1')).toMatchObject({ status: 'failed' }); // another destination: untouched
    await http().post(`/admin/outbox/destinations/${county!.destination}/retry`).set(auth).expect(404);
  });

  it('needs the token', async () => {
    await http().post('/admin/outbox/u1/retry').expect(401);
    await http().get('/admin/outbox/destinations').set({ Authorization: 'Bearer wrong-token-0000000' }).expect(401);
  });
});

describe('the outbox in /metrics', () => {
  it('counts rows by status and gives the age of the oldest waiting row', async () => {
    const rig = await relayRig();
    try {
      const registry = new Registry();
      registerOutboxMetrics(registry, { stats: () => rig.outbox.stats(), now: () => new Date(rig.clock.ms) });
      expect(await registry.metrics()).toContain('jianfu_outbox_oldest_waiting_seconds 0');
      rig.api.outage({ httpStatus: 500 }, 'robot');
      await rig.outbox.enqueue([toRobot('w1', '等待')], new Date(rig.clock.ms));
      rig.api.failNext(81013, 1, 'app');
      await rig.outbox.enqueue([toUser('f1', '失败'), toUser('d1', '送达')], new Date(rig.clock.ms));
      await rig.relay.runOnce();
      rig.clock.ms += 90_000;
      const text = await registry.metrics();
      expect(text).toContain('jianfu_outbox_rows{status="pending"} 1');
      expect(text).toContain('jianfu_outbox_rows{status="failed"} 1');
      expect(text).toContain('jianfu_outbox_rows{status="delivered"} 1');
      expect(text).toContain('jianfu_outbox_oldest_waiting_seconds 90');
    } finally {
      await rig.close();
    }
  });
});
