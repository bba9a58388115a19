/**
 * A 10-minute outage of the group-robot API (five minutes of 45009, then five of HTTP 500, as seen in the
 * field), with a burst of alerts queued for two bureau robots: afterwards every alert is delivered, and no
 * robot ever got more than 20 calls in any minute, failed calls and retries included. Driven second by
 * second on a fake clock; the figures are printed for the record.
 */
import { busiestWindow, relayRig, toRobot, toUser, type RelayRig } from './relay-rig';

const COUNTY = 'robot-key-county-0121';
const CITY = 'robot-key-city-0100';
const MINUTE = 60_000;

describe('a 10-minute outage of the robot API', () => {
  let rig: RelayRig;
  beforeEach(async () => {
    rig = await relayRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  it('delivers every alert afterwards, never more than 20 a minute per robot', async () => {
    const start = rig.clock.ms;
    const alerts = [
      ...Array.from({ length: 30 }, (_, i) => toRobot(`county-${i}`, `告警 ${i}`, COUNTY)),
      ...Array.from({ length: 12 }, (_, i) => toRobot(`city-${i}`, `督办 ${i}`, CITY)),
    ];
    rig.api.outage({ errcode: 45009 }, 'robot');
    await rig.outbox.enqueue(alerts, new Date(start));
    // Teachers' 1:1 messages go on through the app API meanwhile.
    await rig.outbox.enqueue([toUser('reply-1', '已收到'), toUser('reply-2', '已收到', 'lisi')], new Date(start));

    let deliveredAt = 0;
    for (let t = 0; t <= 60 * MINUTE; t += 1000) {
      rig.clock.ms = start + t;
      if (t === 5 * MINUTE) rig.api.outage({ httpStatus: 500 }, 'robot');
      if (t === 10 * MINUTE) rig.api.outage(null);
      await rig.relay.runOnce();
      if (t === 0) expect(rig.api.sent.filter((m) => m.kind === 'app')).toHaveLength(2);
      if (t >= 10 * MINUTE && rig.api.sent.filter((m) => m.kind === 'robot').length === alerts.length) {
        deliveredAt = t;
        break;
      }
    }

    expect(deliveredAt).toBeGreaterThan(0);
    // Each row tries again within 10 minutes; once one gets through the rest follow at the robot's pace.
    expect(deliveredAt - 10 * MINUTE).toBeLessThanOrEqual(12 * MINUTE);
    expect(await rig.outbox.list({ status: 'failed' }, 100)).toHaveLength(0);
    expect(await rig.outbox.list({ status: 'pending' }, 100)).toHaveLength(0);
    const robotSends = (key: string) => rig.api.sent.filter((m) => m.kind === 'robot' && m.to === key).map((m) => m.content);
    expect(robotSends(COUNTY).sort()).toEqual(alerts.filter((a) => a.id.startsWith('county')).map((a) => (a.reply as { text: string }).text).sort());
    expect(robotSends(CITY)).toHaveLength(12);

    const callsTo = (key: string) => rig.api.calls.filter((c) => c.key === key).map((c) => c.at.getTime());
    const busiest = { county: busiestWindow(callsTo(COUNTY)), city: busiestWindow(callsTo(CITY)) };
    expect(busiest.county).toBeLessThanOrEqual(20);
    expect(busiest.city).toBeLessThanOrEqual(20);
    // The stand-in answers 45009 itself past 20 a minute: it never had to.
    expect(rig.api.calls.filter((c) => c.errcode === 45009 && c.at.getTime() >= start + 10 * MINUTE)).toHaveLength(0);
    process.stdout.write(
      `outage figures: all ${alerts.length} alerts delivered ${Math.round(deliveredAt / 1000)} s after the outage began ` +
        `(${Math.round((deliveredAt - 10 * MINUTE) / 1000)} s after it ended); ${rig.api.calls.filter((c) => c.endpoint === 'robot').length} robot calls; ` +
        `busiest minute: county ${busiest.county}, city ${busiest.city}\n`,
    );
  });
});
