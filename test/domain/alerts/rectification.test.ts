/**
 * 办结 with its rectification, in the official's chat and in the store: the exchange (typed answers, 取消, 同上,
 * another command in the middle), a case left 整改中 (still open, its alert without deadlines, the reporter
 * told by when and not asked yet), and the follow-up sweeps: one reminder, one escalation, a case with no alert
 * given one at level 1, a case closed meanwhile left alone.
 */
import { alertModel } from '../../../src/store/alert.model';
import { rectificationModel } from '../../../src/store/rectification.model';
import { reportModel } from '../../../src/store/report.model';
import { useAlertSuite, type AlertSuite } from '../../helpers/alert-harness';
import { storeEngineCases } from '../../store/store-engine-cases';
import { APP_VOTING, CITY, COUNTY, NOTHING_WRONG } from './fixtures';

const MONDAY_10AM = new Date('2026-11-23T02:00:00Z');
const sh = (local: string) => new Date(`${local}+08:00`);

const engine = storeEngineCases('rectification').find((e) => e.name === 'embedded-in-memory')!;

describe('rectification', () => {
  const s = useAlertSuite(engine, MONDAY_10AM);
  let h: AlertSuite['h'];
  beforeEach(() => {
    h = s.h;
  });

  const report = (c: string) => s.store.collection(reportModel).findOne({ _id: c });
  const rect = (c: string) => s.store.collection(rectificationModel).findOne({ _id: c });
  const alertsOf = (c: string) => s.store.collection(alertModel).find({ caseNumber: c });
  const inProgress = async (c: string, deadline = '12月4日') => {
    for (const text of [`办结 ${c} 正在整改`, '合并报表', '2', deadline]) await h.chat('demo-official', text);
    return h.chat('demo-official', '跳过');
  };

  it('keeps the case as it was when the official cancels, and re-asks what does not read', async () => {
    const c = await h.file(APP_VOTING);
    expect(await h.chat('demo-official', `办结 ${c} 已处理`)).toContain('请填写已采取的整改措施');
    expect(await h.chat('demo-official', '同上')).toContain('请用文字填写整改措施');
    expect(await h.chat('demo-official', `查看 ${c}`)).toContain(`您正在办结 ${c}`);
    expect(await h.chat('demo-official', '已约谈')).toContain('完成情况');
    expect(await h.chat('demo-official', '5')).toContain('请回复上面列出的序号');
    expect(await h.chat('demo-official', '2')).toContain('整改时限');
    expect(await h.chat('demo-official', '昨天')).toContain('没有看懂这个日期');
    expect(await h.chat('demo-official', '取消')).toBe(`已取消办结 ${c}，案件未作改动。`);
    expect((await report(c))!.status).toBe('routed');
    expect(await rect(c)).toBeNull();
    expect(await h.userRows('demo-teacher')).toHaveLength(0);
  });

  it('leaves a case 整改中 open and claimed, drops its alert’s deadlines, and tells the reporter by when', async () => {
    const c = await h.file(APP_VOTING);
    expect(await inProgress(c)).toContain('整改时限 2026年12月4日（星期五）');
    const row = (await report(c))!;
    expect(row.status).toBe('claimed');
    expect(row.response).toBe('正在整改');
    expect(row.history.at(-1)!.note).toBe('整改中，整改时限 2026-12-04；整改措施：合并报表');
    const [alert] = await alertsOf(c);
    expect(alert).toMatchObject({ status: 'claimed', level: 0 });
    expect(alert!.claimDeadline).toBeUndefined();
    expect(alert!.resolveDeadline).toBeUndefined();
    expect(await rect(c)).toMatchObject({
      state: 'in_progress',
      deadline: '2026-12-04',
      orgId: COUNTY,
      measures: '合并报表',
      remindAt: sh('2026-12-02T00:00:00'),
      overdueAt: sh('2026-12-05T00:00:00'),
      recordedBy: { name: '演示官员（永宁县教育局）', orgId: COUNTY },
    });
    const told = (await h.userRows('demo-teacher')).map((r) => r.reply.text);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('正在整改，整改时限 2026年12月4日');
    expect(told[0]).not.toContain('问题解决了吗');
    // The unresolved sweep leaves it alone: the time limit replaces the 15 working days.
    await h.alerts.escalateDue(sh('2026-12-20T10:00:00'));
    expect((await alertsOf(c))[0]!.level).toBe(0);
  });

  it('reminds once and escalates once, however often the sweep runs', async () => {
    const c = await h.file(APP_VOTING);
    await inProgress(c);
    expect(await h.alerts.followRectifications(sh('2026-12-01T09:00:00'))).toEqual({ reminded: 0, escalated: 0, skipped: 0 });
    expect(await h.alerts.followRectifications(sh('2026-12-02T09:00:00'))).toEqual({ reminded: 1, escalated: 0, skipped: 0 });
    expect(await h.alerts.followRectifications(sh('2026-12-03T09:00:00'))).toEqual({ reminded: 0, escalated: 0, skipped: 0 });
    const county = await h.robotRows(COUNTY);
    expect(county.at(-1)!.reply.text).toContain(`整改提醒：案件 ${c}`);
    expect(await h.alerts.followRectifications(sh('2026-12-07T09:00:00'))).toEqual({ reminded: 0, escalated: 1, skipped: 0 });
    expect(await h.alerts.followRectifications(sh('2026-12-07T09:00:00'))).toEqual({ reminded: 0, escalated: 0, skipped: 0 });
    const [alert] = await alertsOf(c);
    expect(alert).toMatchObject({ level: 1, status: 'claimed', escalations: [expect.objectContaining({ reason: 'overdue', toOrgId: CITY })] });
    expect((await h.robotRows(CITY)).map((r) => r.reply.text).join('\n')).toContain('未在整改时限内完成整改');
  });

  it('gives a case that broke no rule an alert at level 1 when its time limit passes', async () => {
    const c = await h.file(NOTHING_WRONG);
    expect(await alertsOf(c)).toHaveLength(0);
    await inProgress(c);
    expect(await h.alerts.followRectifications(sh('2026-12-07T09:00:00'))).toMatchObject({ escalated: 1 });
    expect(await alertsOf(c)).toEqual([expect.objectContaining({ level: 1, status: 'claimed', escalations: [expect.objectContaining({ reason: 'overdue', toOrgId: CITY })] })]);
    expect((await h.robotRows(CITY)).at(-1)!.reply.text).toContain(c);
  });

  it('no longer follows a case rejected meanwhile, and records 已完成 when it is closed', async () => {
    const c = await h.file(APP_VOTING);
    await inProgress(c);
    await h.chat('demo-official', `驳回 ${c} 经核实不属实`);
    expect(await h.alerts.followRectifications(sh('2026-12-07T09:00:00'))).toEqual({ reminded: 0, escalated: 0, skipped: 1 });
    expect(await h.alerts.followRectifications(sh('2026-12-08T09:00:00'))).toEqual({ reminded: 0, escalated: 0, skipped: 0 });

    const d = await h.file(APP_VOTING);
    await inProgress(d);
    for (const text of [`办结 ${d} 已整改`, '同上', '已完成']) await h.chat('demo-official', text);
    expect(await h.chat('demo-official', '保留')).toContain(`已办结 ${d}`);
    expect(await rect(d)).toMatchObject({ state: 'done', measures: '合并报表', opinion: 'keep', completedAt: MONDAY_10AM, deadline: '2026-12-04' });
    expect((await rect(d))!.overdueAt).toBeUndefined();
    expect((await report(d))!.status).toBe('resolved');
    expect((await h.userRows('demo-teacher')).at(-1)!.reply.text).toContain('问题解决了吗');
    expect(await h.alerts.followRectifications(sh('2026-12-07T09:00:00'))).toEqual({ reminded: 0, escalated: 0, skipped: 0 });
  });

  it('refuses a time limit in the past or more than a year ahead, and anyone outside the jurisdiction', async () => {
    const c = await h.file(APP_VOTING);
    const who = { channel: 'wecom' as const, userId: 'demo-official' };
    const input = { response: '处理中', measures: '合并报表', state: 'in_progress' as const };
    expect(await h.alerts.rectify(who, c, { ...input, deadline: '2026-11-23' })).toEqual({ ok: false, reason: 'bad_deadline' });
    expect(await h.alerts.rectify(who, c, { ...input, deadline: '2027-12-01' })).toEqual({ ok: false, reason: 'bad_deadline' });
    expect(await h.alerts.rectify(who, c, input)).toEqual({ ok: false, reason: 'bad_deadline' });
    expect(await h.alerts.rectify({ channel: 'wecom', userId: 'szs-official' }, c, { ...input, deadline: '2026-12-04' })).toEqual({ ok: false, reason: 'refused' });
    expect(await rect(c)).toBeNull();
  });
});
