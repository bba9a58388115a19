/**
 * The alert workflow end to end on every store engine this machine reaches (embedded on files, in memory,
 * MongoDB when MONGODB_URI answers): detection and routing, the group alert, officials acting from WeCom,
 * the reporter's feedback, and privacy of anonymous reporters.
 */
import { alertModel } from '../../../src/store/alert.model';
import { alertPostModel } from '../../../src/store/alert-post.model';
import { reportModel } from '../../../src/store/report.model';
import { useAlertSuite } from '../../helpers/alert-harness';
import { storeEngineCases } from '../../store/store-engine-cases';
import { APP_VOTING, CITATION, CITY, COUNTY, COUNTY_SCHOOL, NOTHING_WRONG, PROVINCE } from './fixtures';

const FRIDAY_10AM = new Date('2026-04-03T02:00:00Z');

describe.each(storeEngineCases('alert workflow'))('alert workflow: $name', (engine) => {
  const s = useAlertSuite(engine, FRIDAY_10AM);
  const { clock } = s;
  const report = (c: string) => s.store.collection(reportModel).findOne({ _id: c });
  const alertsOf = (c: string) => s.store.collection(alertModel).find({ caseNumber: c });

  describe('detection and routing', () => {
    it('sends a report that breaks a listed rule to its county bureau group, with the clause cited', async () => {
      const c = await s.h.file(APP_VOTING);
      const county = await s.h.robotRows(COUNTY);
      expect(county).toHaveLength(1);
      // The bureau's DingTalk group gets the same alert.
      const ding = await s.h.robotRows(COUNTY, 'dingtalk');
      expect(ding.map((r) => r.reply.text)).toEqual([county[0]!.reply.text]);
      const text = county[0]!.reply.text;
      expect(county[0]!.reply.kind).toBe('markdown');
      expect(text).toContain(c);
      expect(text).toContain(CITATION);
      expect(text).toContain('社会事务进校园');
      expect(text).toContain('永宁县望洪镇红星村小学');
      expect(text).toContain(`认领 ${c}`);
      expect(text).toContain(`办结 ${c}`);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
      expect(await s.h.robotRows(CITY)).toHaveLength(0);
      expect(await s.h.robotRows(PROVINCE)).toHaveLength(0);

      const row = (await report(c))!;
      expect(row.status).toBe('routed');
      expect(row.routedTo).toBe(COUNTY);
      expect(row.matchedRules?.map((m) => m.ruleId)).toContain('nmg-2020-3#15');
      expect(row.history.at(-1)).toMatchObject({ status: 'routed', actor: { kind: 'system', orgId: COUNTY, orgName: '永宁县教育局' } });
      const [alert] = await alertsOf(c);
      expect(alert).toMatchObject({ _id: `${c}:1`, orgId: COUNTY, level: 0, status: 'open' });
      expect(alert!.rules.find((r) => r.ruleId === 'nmg-2020-3#15')).toMatchObject({ clause: CITATION, binding: false });
      expect(alert!.rules.find((r) => r.ruleId.startsWith('ningxia-2023-95'))?.binding).toBe(true);
    });

    it('gives a complaint, which has no category, the category of the rule it breaks most surely', async () => {
      const c = await s.h.file({ kind: 'complaint', organisingUnit: '某街道办', content: '要求老师周末上街执勤劝导交通，不去扣绩效', schoolId: COUNTY_SCHOOL, anonymous: true });
      const [row] = await s.h.robotRows(COUNTY);
      expect(row!.reply.text).toContain(c);
      expect(row!.reply.text).toContain('**类别**：城市创优评先和街道社区事务');
    });

    it('raises a case once however often it is called', async () => {
      const c = await s.h.file(APP_VOTING);
      await s.h.alerts.onReportSubmitted(c);
      await s.h.alerts.afterSubmit(c);
      expect(await alertsOf(c)).toHaveLength(1);
      expect(await s.h.robotRows(COUNTY)).toHaveLength(1);
      expect((await report(c))!.history.filter((e) => e.status === 'routed')).toHaveLength(1);
    });

    it('raises nothing for a report that breaks nothing, but routes it so that it is not lost', async () => {
      const c = await s.h.file(NOTHING_WRONG);
      expect(await alertsOf(c)).toHaveLength(0);
      expect(await s.store.collection(alertPostModel).count({})).toBe(0);
      expect((await s.h.outbox.list({}, 100)).filter((r) => r.destination.kind === 'robot')).toHaveLength(0);
      const row = (await report(c))!;
      expect(row).toMatchObject({ status: 'routed', routedTo: COUNTY, matchedRules: [] });
      expect(await s.h.chat('demo-official', '待办')).toContain(c);
      await s.h.runJob(new Date('2026-05-06T02:00:00Z')); // long past any deadline: still nothing
      expect((await s.h.outbox.list({}, 100)).filter((r) => r.destination.kind === 'robot')).toHaveLength(0);
    });

    it('routes a report that a crash left submitted when the job runs', async () => {
      const { caseNumber } = await s.h.reports.submit({ ...APP_VOTING, draftId: 'stuck', kind: 'burden', anonymous: true, content: APP_VOTING.content! }, { channel: 'wecom', userId: 'demo-teacher' });
      clock.now = new Date(FRIDAY_10AM.getTime() + 5 * 60_000);
      await s.h.runJob();
      expect((await report(caseNumber))!.status).toBe('routed');
      expect(await s.h.robotRows(COUNTY)).toHaveLength(1);
    });
  });

  describe('anonymous reporters', () => {
    it('never shows the reporter in the alert, the official views, the history or the alert rows', async () => {
      const c = await s.h.file(APP_VOTING, 'zhang.wei.7731');
      await s.h.chat('demo-official', `认领 ${c}`);
      const shown = [
        (await s.h.robotRows(COUNTY)).map((r) => r.reply.text).join('\n'),
        await s.h.chat('demo-official', `查看 ${c}`),
        await s.h.chat('demo-official', '待办'),
        JSON.stringify(await s.h.alerts.view({ channel: 'wecom', userId: 'demo-official' }, c)),
        JSON.stringify(await alertsOf(c)),
        JSON.stringify(await s.store.collection(alertPostModel).find({})),
      ].join('\n');
      expect(shown).not.toContain('zhang.wei.7731');
      expect(shown).not.toContain('演示教师');
      expect(shown).toContain('匿名');
      const view = await s.h.alerts.view({ channel: 'wecom', userId: 'demo-official' }, c);
      expect(view.ok && view.value.view.history[0]!.actor).toEqual({ kind: 'reporter' });
      expect(view.ok && 'reporter' in view.value.view).toBe(false);
    });

    it('keeps a named reporter out of the group alert but shows the name to the official', async () => {
      const c = await s.h.file({ ...APP_VOTING, anonymous: false });
      expect((await s.h.robotRows(COUNTY))[0]!.reply.text).not.toContain('演示教师');
      expect(await s.h.chat('demo-official', `查看 ${c}`)).toContain('演示教师');
    });
  });

  describe('officials act from WeCom', () => {
    it('lets the county official claim and resolve, tells the reporter the office only, and asks', async () => {
      const c = await s.h.file(APP_VOTING);
      expect(await s.h.chat('demo-official', '待办')).toContain(c);
      expect(await s.h.chat('demo-official', `认领 ${c}`)).toContain('已认领');
      expect((await report(c))!.status).toBe('claimed');
      expect((await alertsOf(c))[0]).toMatchObject({ status: 'claimed', claimedBy: { name: '演示官员（永宁县教育局）', orgId: COUNTY } });
      expect((await alertsOf(c))[0]!.claimDeadline).toBeUndefined();

      clock.now = new Date(FRIDAY_10AM.getTime() + 3600_000);
      expect(await s.h.resolve('demo-official', c, '已约谈相关单位，投票活动已停止')).toContain('已办结');
      const row = (await report(c))!;
      expect(row.status).toBe('resolved');
      expect(row.response).toBe('已约谈相关单位，投票活动已停止');
      expect(row.history.at(-1)).toMatchObject({ status: 'resolved', actor: { kind: 'official', name: '演示官员（永宁县教育局）', orgName: '永宁县教育局' } });

      const told = (await s.h.userRows('demo-teacher')).map((r) => r.reply.text);
      expect(told).toHaveLength(2);
      expect(told[0]).toContain('永宁县教育局受理');
      expect(told[1]).toContain('投票活动已停止');
      expect(told[1]).toContain('问题解决了吗');
      expect(told.join('\n')).not.toContain('演示官员');
    });

    it('lets the city official act on a county case (jurisdiction includes the levels below)', async () => {
      const c = await s.h.file(APP_VOTING);
      expect(await s.h.chat('yc-official', `认领 ${c}`)).toContain('已认领');
    });

    it('refuses an official of another city with the same words whether the case exists or not; tells a teacher it is for staff', async () => {
      const c = await s.h.file(APP_VOTING);
      const refusal = '您没有处理该案件的权限，或案件编号有误。';
      const attempts: Array<[string, string]> = [
        ['szs-official', `认领 ${c}`],
        ['szs-official', `查看 ${c}`],
        ['szs-official', `办结 ${c} 已处理`],
        ['szs-official', `驳回 ${c} 不属实`],
        ['szs-official', `转办 ${c} 石嘴山市教育局`],
        ['szs-official', '查看 NX-2026-999999'],
        ['demo-official', '查看 NX-2026-999999'],
      ];
      for (const [user, text] of attempts) expect(await s.h.chat(user, text)).toBe(refusal);
      for (const text of [`认领 ${c}`, '待办', '认领 NX-2026-999999']) expect(await s.h.chat('demo-teacher', text)).toContain('供教育局工作人员使用');
      expect((await report(c))!.status).toBe('routed');
      expect((await report(c))!.history).toHaveLength(2);
      expect((await s.h.outbox.list({}, 100)).filter((r) => r.destination.kind !== 'robot')).toHaveLength(0);
    });

    it('transfers a case to another bureau, which gets the alert and the jurisdiction', async () => {
      const c = await s.h.file(APP_VOTING);
      expect(await s.h.chat('demo-official', `转办 ${c} 银川市教育局`)).toContain('银川市教育局');
      expect((await report(c))!.routedTo).toBe(CITY);
      const alerts = await alertsOf(c);
      expect(alerts.map((a) => [a._id, a.orgId, a.status]).sort()).toEqual([
        [`${c}:1`, COUNTY, 'transferred'],
        [`${c}:2`, CITY, 'open'],
      ]);
      expect((await s.h.robotRows(CITY))[0]!.reply.text).toContain(CITATION);
      expect((await s.h.userRows('demo-teacher')).at(-1)!.reply.text).toContain('已转交银川市教育局');
      expect(await s.h.chat('demo-official', `查看 ${c}`)).toContain('没有处理该案件的权限');
      expect(await s.h.chat('yc-official', `认领 ${c}`)).toContain('已认领');
    });
  });

  describe('the reporter is asked after closing', () => {
    async function resolved(): Promise<string> {
      const c = await s.h.file(APP_VOTING);
      await s.h.resolve('demo-official', c, '已处理');
      return c;
    }

    it('"没有" reopens the case and escalates it one level', async () => {
      const c = await resolved();
      expect(await s.h.chat('demo-teacher', '没有')).toContain('银川市教育局');
      const row = (await report(c))!;
      expect(row.status).toBe('reopened');
      expect(row.history.at(-1)).toEqual(expect.objectContaining({ status: 'reopened', actor: { kind: 'reporter' } }));
      const [alert] = await alertsOf(c);
      expect(alert).toMatchObject({ level: 1, status: 'open', escalations: [expect.objectContaining({ reason: 'reopened', toOrgId: CITY })] });
      expect((await s.h.robotRows(CITY))[0]!.reply.text).toContain(c);
      expect(await s.h.chat('demo-official', '待办')).toContain(c);
      // Answered: a second "没有" is not an answer any more.
      expect(await s.h.chat('demo-teacher', '没有')).not.toContain(c);
    });

    it('"解决了" closes the question without reopening', async () => {
      const c = await resolved();
      expect(await s.h.chat('demo-teacher', '解决了')).toContain(c);
      expect((await report(c))!.status).toBe('resolved');
      expect(await s.h.robotRows(CITY)).toHaveLength(0);
    });

    it('asks which case when several wait, and takes the case number', async () => {
      const a = await resolved();
      const b = await resolved();
      expect(await s.h.chat('demo-teacher', '没有')).toContain(a);
      expect(await s.h.chat('demo-teacher', `没有 ${b}`)).toContain('重新交办');
      expect((await report(b))!.status).toBe('reopened');
      expect((await report(a))!.status).toBe('resolved');
    });

    it('reopens a case that broke no rule with an alert one level up', async () => {
      const c = await s.h.file(NOTHING_WRONG);
      await s.h.chat('demo-official', `驳回 ${c} 不属于减负清单范围`);
      expect((await s.h.userRows('demo-teacher')).at(-1)!.reply.text).toContain('问题解决了吗');
      await s.h.chat('demo-teacher', '没有');
      expect(await alertsOf(c)).toEqual([expect.objectContaining({ level: 1, orgId: COUNTY, rules: [] })]);
      expect((await s.h.robotRows(CITY))[0]!.reply.text).toContain('未匹配到清单条款');
    });

    it('a teacher with nothing waiting who says "没有" gets the menu', async () => {
      expect(await s.h.chat('demo-teacher', '没有')).toContain('没有看懂');
    });
  });
});
