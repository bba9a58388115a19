/**
 * A case never goes to the bureau it accuses: routed past it, hidden from its officials (待办, 查看, 认领,
 * 办结), never transferred back to it, and never told of it when the case escalates or is reopened. On every
 * store engine this machine reaches, with the demo directory and the real rules and templates.
 */
import { createMonthlyFindings } from '../../../src/domain/monitoring/monthly-findings';
import { loadRuleBook } from '../../../src/domain/rules/load-catalogs';
import { projectRoot } from '../../../src/project-root';
import { alertModel } from '../../../src/store/alert.model';
import { reportModel } from '../../../src/store/report.model';
import { useAlertSuite } from '../../helpers/alert-harness';
import { noneAnswers, pointId, templates } from '../monitoring/monitoring-harness';
import { storeEngineCases } from '../../store/store-engine-cases';
import { join } from 'node:path';
import { APP_VOTING, CITY, COUNTY, COUNTY_SCHOOL, PROVINCE } from './fixtures';

const FRIDAY_10AM = new Date('2026-04-03T02:00:00Z');
const REFUSED = '您没有处理该案件的权限，或案件编号有误。';
const at = (local: string) => new Date(`${local}+08:00`);

describe.each(storeEngineCases('recusal'))('recusal: $name', (engine) => {
  const s = useAlertSuite(engine, FRIDAY_10AM);
  const report = async (c: string) => (await s.store.collection(reportModel).findOne({ _id: c }))!;
  const alertOf = async (c: string) => (await s.store.collection(alertModel).findOne({ _id: `${c}:1` }))!;
  const accusing = (unit: string) => ({ ...APP_VOTING, kind: 'complaint' as const, category: undefined, itemName: undefined, organisingUnit: unit });

  it('sends a complaint against the county bureau to the city, and the county never sees it', async () => {
    const c = await s.h.file(accusing('永宁县教育局'));
    const row = await report(c);
    expect(row.routedTo).toBe(CITY);
    expect(row.recusedOrgIds).toEqual([COUNTY]);
    expect(row.history.at(-1)).toMatchObject({
      status: 'routed',
      note: '反映的是永宁县教育局（或其内设机构）组织或实施的事项，永宁县教育局回避，交上一级银川市教育局办理',
    });
    expect((await s.h.robotRows(CITY)).map((r) => r.reply.text).join()).toContain(c);
    expect(await s.h.robotRows(COUNTY)).toHaveLength(0);

    // The county's official: not in 待办, and every action is the one refusal.
    expect(await s.h.chat('demo-official', '待办')).not.toContain(c);
    for (const cmd of [`查看 ${c}`, `认领 ${c}`, `办结 ${c} 已处理`, `驳回 ${c} 不属实`, `转办 ${c} 兴庆区教育局`]) {
      expect(await s.h.chat('demo-official', cmd)).toBe(REFUSED);
    }
    // The city's official sees why it came up, and cannot hand it back to the county.
    expect(await s.h.chat('yc-official', '待办')).toContain(c);
    expect(await s.h.chat('yc-official', `查看 ${c}`)).toContain('永宁县教育局回避，交上一级银川市教育局办理');
    expect(await s.h.chat('yc-official', `转办 ${c} 永宁县教育局`)).toContain('不能转给永宁县教育局办理');
    expect(await s.h.chat('yc-official', `转办 ${c} 永宁县`)).toContain('不能转给永宁县教育局办理');
    expect((await report(c)).routedTo).toBe(CITY);
  });

  it('escalates and reopens upward only, never back to the accused', async () => {
    const c = await s.h.file(accusing('县教育局'));
    expect((await report(c)).routedTo).toBe(CITY);
    s.clock.now = at('2026-04-08T10:30:00'); // two working days unclaimed
    await s.h.runJob();
    expect(await alertOf(c)).toMatchObject({ level: 1, escalations: [expect.objectContaining({ toOrgId: PROVINCE })] });
    expect(await s.h.robotRows(PROVINCE)).toHaveLength(1);

    expect(await s.h.chat('yc-official', `认领 ${c}`)).toContain(`已认领 ${c}`);
    expect(await s.h.resolve('yc-official', c, '已责令整改')).toContain(`已办结 ${c}`);
    expect(await s.h.chat('demo-teacher', '没有')).toContain('自治区教育厅');
    const row = await report(c);
    expect(row).toMatchObject({ status: 'reopened', routedTo: CITY });
    expect((await alertOf(c)).escalations.at(-1)).toMatchObject({ reason: 'reopened', toOrgId: PROVINCE });
    expect(await s.h.robotRows(COUNTY)).toHaveLength(0);
    expect(await s.h.chat('demo-official', `查看 ${c}`)).toBe(REFUSED);
  });

  it('passes an office of the city bureau up to the region; the city is never told', async () => {
    const c = await s.h.file(accusing('银川市教育局督导室'));
    expect(await report(c)).toMatchObject({ routedTo: PROVINCE, recusedOrgIds: [CITY] });
    expect((await s.h.robotRows(PROVINCE)).map((r) => r.reply.text).join()).toContain(c);
    expect(await s.h.robotRows(CITY)).toHaveLength(0);
    expect(await s.h.robotRows(COUNTY)).toHaveLength(0);
    expect(await s.h.chat('yc-official', `查看 ${c}`)).toBe(REFUSED);
    expect(await s.h.chat('nx-official', `查看 ${c}`)).toContain(c);
  });

  it('gives a case against the top to the bureau below it, and escalation skips the top', async () => {
    const c = await s.h.file(accusing('自治区教育厅'));
    const row = await report(c);
    expect(row).toMatchObject({ routedTo: CITY, recusedOrgIds: [PROVINCE] });
    expect(row.history.at(-1)!.note).toContain('其上没有上级部门，交银川市教育局办理');
    expect(await s.h.chat('nx-official', `查看 ${c}`)).toBe(REFUSED);
    expect(await s.h.chat('nx-official', '待办')).not.toContain(c);
    s.clock.now = at('2026-04-08T10:30:00');
    await s.h.runJob();
    // Nothing above the city but the accused: the city is reminded, the region hears nothing.
    expect((await alertOf(c)).escalations.at(-1)).toMatchObject({ toOrgId: CITY });
    expect(await s.h.robotRows(PROVINCE)).toHaveLength(0);
    expect((await s.h.robotRows(CITY)).at(-1)!.reply.text).toContain('再次提醒');
  });

  it('hides a case not routed yet from the bureau it accuses', async () => {
    const { caseNumber } = await s.h.reports.submit(
      { draftId: 'unrouted', ...accusing('永宁县教育局'), content: '要求教师下载APP答题', anonymous: true },
      { channel: 'wecom', userId: 'demo-teacher' },
    );
    expect((await report(caseNumber)).status).toBe('submitted');
    expect(await s.h.chat('demo-official', `查看 ${caseNumber}`)).toBe(REFUSED);
    expect(await s.h.chat('yc-official', `查看 ${caseNumber}`)).toContain(caseNumber);
  });

  it('never gives the city bureau a monthly finding it organised', async () => {
    const findings = createMonthlyFindings({
      reports: s.h.reports,
      raise: (c) => s.h.alerts.afterSubmit(c),
      ruleBook: loadRuleBook(join(projectRoot(), 'templates', 'rules')),
      directory: s.h.directory,
      render: (id, vars) => templates.render(id, vars),
      region: 'NX',
      tz: 'Asia/Shanghai',
      logger: { info() {}, error() {} },
    });
    const answers = { ...noneAnswers(), inspections: [{ name: '课后服务专项督查', unit: '银川市教育局', date: '2026-03-20', onPlan: 'no' as const }] };
    const point = pointId('NX-YC-S01'); // 银川市贺兰山路高级中学, 市直属: its own bureau is the city's
    const [c] = await findings.file(
      { _id: `${point}:2026-03`, pointId: point, schoolId: 'NX-YC-S01', period: '2026-03', questionnaire: { id: 'ningxia-monthly-v1', version: 1 }, answers, submittedBy: 'wecom:yc-liaison-1', submittedAt: FRIDAY_10AM, late: false, draftId: 'm1', amendments: [], createdAt: FRIDAY_10AM, updatedAt: FRIDAY_10AM },
      FRIDAY_10AM,
    );
    expect(c).toBeDefined();
    expect(await report(c!)).toMatchObject({ routedTo: PROVINCE, recusedOrgIds: [CITY] });
    expect(await s.h.robotRows(CITY)).toHaveLength(0);
    expect(await s.h.chat('yc-official', '待办')).not.toContain(c);
    expect(await s.h.chat('nx-official', '待办')).toContain(c);
  });

  it('keeps the school\'s own county for a unit that is not an education bureau', async () => {
    const c = await s.h.file({ ...APP_VOTING, schoolId: COUNTY_SCHOOL });
    expect(await report(c)).toMatchObject({ routedTo: COUNTY });
    expect((await report(c)).recusedOrgIds).toBeUndefined();
  });
});
