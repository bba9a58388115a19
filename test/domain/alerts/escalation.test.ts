/**
 * Escalation with the PRC calendar, on every store engine: an alert raised on Friday 2026-04-03 10:00, before
 * the 清明节 holiday (Sat 4 – Mon 6 April), has 2 working days to be claimed: Tuesday 7 and Wednesday 8, so
 * it climbs at Wednesday 10:00 to 银川市教育局, once, however often the job runs; then on to the region.
 */
import { alertModel } from '../../../src/store/alert.model';
import { createAlertHarness, useAlertSuite } from '../../helpers/alert-harness';
import { storeEngineCases } from '../../store/store-engine-cases';
import { APP_VOTING, CITY, COUNTY, PROVINCE } from './fixtures';

const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const FRIDAY_10AM = at('2026-04-03T10:00:00');

describe.each(storeEngineCases('escalation'))('escalation: $name', (engine) => {
  const s = useAlertSuite(engine, FRIDAY_10AM);
  const { clock } = s;
  const alertOf = async (c: string) => (await s.store.collection(alertModel).findOne({ _id: `${c}:1` }))!;
  const runAt = async (when: string) => {
    clock.now = at(when);
    await s.h.runJob();
  };

  it('escalates every due alert in one run, past a page and the old 500, each once when two runs overlap', async () => {
    const c = await s.h.file(APP_VOTING);
    const first = await alertOf(c);
    const alerts = s.store.collection(alertModel);
    // 520 more due alerts of the same case, some created in the same millisecond (pages must not skip ties).
    const clones = Array.from({ length: 520 }, (_, i) => ({ ...first, _id: `${c}:x${i}`, createdAt: new Date(first.createdAt.getTime() + Math.floor(i / 3)) }));
    expect(await alerts.insertMany(clones)).toBe(520);

    clock.now = at('2026-04-08T10:30:00');
    await Promise.all([s.h.runJob(), s.h.runJob()]); // two instances sweeping the same slot
    const after = await alerts.find({ caseNumber: c });
    expect(after).toHaveLength(521);
    expect(after.filter((a) => a.level === 1 && a.escalations.length === 1)).toHaveLength(521);
  }, 60_000); // 521 alerts announced on a shared 2-core machine: past jest's 20 s default when it is busy

  it('counts working days over the weekend and the holiday, climbs once, then on to the top', async () => {
    const c = await s.h.file(APP_VOTING);
    expect((await alertOf(c)).claimDeadline).toEqual(at('2026-04-08T10:00:00'));

    await runAt('2026-04-06T23:00:00'); // Monday, a holiday: no working day has passed
    await runAt('2026-04-07T11:00:00'); // Tuesday: one
    expect((await alertOf(c)).level).toBe(0);
    expect(await s.h.robotRows(CITY)).toHaveLength(0);

    await runAt('2026-04-08T10:30:00'); // Wednesday after 10:00: two
    await runAt('2026-04-08T10:30:00'); // the same run again
    await runAt('2026-04-08T11:00:00'); // and the next slot
    const a = await alertOf(c);
    expect(a).toMatchObject({ level: 1, status: 'open', escalations: [expect.objectContaining({ level: 1, toOrgId: CITY, reason: 'unclaimed' })] });
    expect(a.claimDeadline).toEqual(at('2026-04-10T10:30:00'));
    const city = await s.h.robotRows(CITY);
    expect(city).toHaveLength(1);
    expect(city[0]!.reply.text).toContain(c);
    expect(city[0]!.reply.text).toContain('超过 2 个工作日未认领');
    expect(await s.h.robotRows(COUNTY)).toHaveLength(2); // the alert went again to the county too
    expect(await s.h.robotRows(PROVINCE)).toHaveLength(0);

    await runAt('2026-04-10T10:45:00');
    expect((await alertOf(c)).level).toBe(2);
    expect(await s.h.robotRows(PROVINCE)).toHaveLength(1);

    // Nothing above the region's bureau: it is reminded once and the claim deadline is dropped.
    await runAt('2026-04-14T11:00:00');
    const top = await alertOf(c);
    expect(top.level).toBe(3);
    expect(top.escalations.at(-1)).toMatchObject({ toOrgId: PROVINCE });
    expect(top.claimDeadline).toBeUndefined();
    expect((await s.h.robotRows(PROVINCE)).at(-1)!.reply.text).toContain('再次提醒');
    await runAt('2026-04-20T11:00:00');
    expect((await alertOf(c)).level).toBe(3);
    expect(await s.h.robotRows(PROVINCE)).toHaveLength(2);
  });

  it('does not climb once claimed, until the case stays unresolved past its 15 working days', async () => {
    const c = await s.h.file(APP_VOTING);
    await s.h.chat('demo-official', `认领 ${c}`);
    expect((await alertOf(c)).resolveDeadline).toEqual(at('2026-04-27T10:00:00')); // 清明 and the weekends skipped
    await runAt('2026-04-24T10:00:00');
    expect((await alertOf(c)).level).toBe(0);
    await runAt('2026-04-27T10:30:00');
    const a = await alertOf(c);
    expect(a).toMatchObject({ level: 1, status: 'claimed', escalations: [expect.objectContaining({ reason: 'unresolved', toOrgId: CITY })] });
    expect((await s.h.robotRows(CITY))[0]!.reply.text).toContain('超过 15 个工作日未办结');
    await s.h.resolve('demo-official', c, '已处理');
    await runAt('2026-06-01T10:00:00');
    expect((await alertOf(c)).level).toBe(1);
  });

  it('follows a case claimed while its alert was not updated instead of escalating it', async () => {
    const c = await s.h.file(APP_VOTING);
    await s.h.reports.changeStatus(c, 'claimed', { kind: 'official', name: 'x', orgId: COUNTY, orgName: '永宁县教育局' });
    await runAt('2026-04-08T10:30:00');
    expect(await alertOf(c)).toMatchObject({ level: 0, status: 'claimed' });
    expect(await s.h.robotRows(CITY)).toHaveLength(0);
  });

  it('takes its three numbers from the configuration', async () => {
    s.h = await createAlertHarness(s.store, clock, { claimDays: 1, resolveDays: 3, escalationEveryMinutes: 15 });
    const c = await s.h.file(APP_VOTING);
    expect(await alertOf(c)).toMatchObject({ claimDeadline: at('2026-04-07T10:00:00'), resolveDeadline: at('2026-04-09T10:00:00') });
    expect(s.h.job.cron).toBe('*/15 * * * *');
    expect(s.h.job.periodOf(at('2026-04-07T10:44:59'))).toBe('2026-04-07T10:30');
  });
});
