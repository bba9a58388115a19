/**
 * A monthly table's items that break a rule become cases in the liaison's name, one per item, once; items
 * that break nothing raise nothing. Real rule book, demo directory, embedded store in memory.
 */
import { join } from 'node:path';
import { createDirectoryRepo } from '../../../src/domain/directory/directory-repo';
import { demoDirectoryPath } from '../../../src/domain/directory/directory-file';
import { loadDirectoryFile } from '../../../src/domain/directory/load-directory-file';
import { createMonthlyFindings, type MonthlyFindings } from '../../../src/domain/monitoring/monthly-findings';
import { createReportService, toRuleSubject, type ReportService } from '../../../src/domain/reports';
import { loadRuleBook } from '../../../src/domain/rules/load-catalogs';
import type { MonthlyAnswerRow, MonthlyAnswers } from '../../../src/store/monthly-answer.model';
import { reportModel } from '../../../src/store/report.model';
import { projectRoot } from '../../../src/project-root';
import { memoryEngines } from '../../helpers/memory-engines';
import { DEMO_POINT, noneAnswers, templates } from './monitoring-harness';

const ruleBook = loadRuleBook(join(projectRoot(), 'templates', 'rules'));
const AT = new Date('2026-11-26T02:00:00Z');
const SECRET = 'findings-test-secret-0123456789-abcdefghij';

describe('monthly findings', () => {
  let engines: Awaited<ReturnType<typeof memoryEngines>>;
  let reports: ReportService;
  let findings: MonthlyFindings;
  let raised: string[];
  const errors: object[] = [];

  beforeEach(async () => {
    engines = await memoryEngines();
    await loadDirectoryFile(engines.store, demoDirectoryPath(), AT);
    reports = createReportService({ store: engines.store, secret: SECRET, now: () => AT, region: 'NX' });
    raised = [];
    findings = createMonthlyFindings({
      reports,
      raise: async (c) => void raised.push(c),
      ruleBook,
      directory: createDirectoryRepo(engines.store),
      render: (id, vars) => templates.render(id, vars),
      region: 'NX',
      tz: 'Asia/Shanghai',
      logger: { info() {}, error: (o: object) => void errors.push(o) },
    });
  });
  afterEach(() => engines.close());

  const row = (period: string, answers: Partial<MonthlyAnswers>): MonthlyAnswerRow => ({
    _id: `${DEMO_POINT}:${period}`,
    pointId: DEMO_POINT,
    schoolId: 'NX-YC-YN-S01',
    period,
    questionnaire: { id: 'ningxia-monthly-v1', version: 1 },
    answers: { ...noneAnswers(), ...answers },
    submittedBy: 'wecom:demo-liaison',
    submittedAt: AT,
    late: false,
    draftId: `d-${period}`,
    amendments: [],
    createdAt: AT,
    updatedAt: AT,
  });
  const filedRows = () => engines.store.collection(reportModel).find({}, { sort: { caseNumber: 1 } });

  it('raises nothing for a table with nothing wrong in it', async () => {
    const clean = row('2026-11', {
      inspections: [{ name: '秋季开学检查', unit: '永宁县教育局', date: '2026-11-03', onPlan: 'yes' }],
      activities: [{ name: '交通安全宣传', unit: '永宁县交警大队', date: '2026-11-10', onWhitelist: 'unknown' }],
      forms: [{ name: '学生体质健康数据', unit: '永宁县教育局' }],
    });
    expect(await findings.file(clean, AT)).toEqual([]);
    expect(await filedRows()).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it('files each item that breaks a rule as a named case of the school, cited, and only once', async () => {
    const answer = row('2026-11', {
      inspections: [
        { name: '校园安全大检查', unit: '永宁县应急管理局', date: '2026-11-05', onPlan: 'no' },
        { name: '秋季开学检查', unit: '永宁县教育局', date: '2026-11-03', onPlan: 'yes' },
      ],
      secondments: [{ to: '县创建文明城市指挥部', since: '2026-03-01' }],
      other: '上级要求每位老师每天给公众号投票并截图',
    });
    const cases = await findings.file(answer, AT);
    expect(cases).toHaveLength(3);
    expect(raised).toEqual(cases);
    const rows = await filedRows();
    expect(rows.map((r) => r.category)).toEqual(['inspection', 'secondment', 'other']);
    for (const r of rows) {
      expect(r).toMatchObject({ kind: 'burden', anonymous: false, schoolId: 'NX-YC-YN-S01', reporter: { userId: 'demo-liaison', name: '演示联络员' } });
      expect(r.origin).toEqual({ kind: 'monitoring', answerId: answer._id, period: '2026-11' });
      expect(r.content.length).toBeLessThanOrEqual(100);
    }
    expect(rows[1]).toMatchObject({ itemName: '教师被抽调借用至县创建文明城市指挥部', organisingUnit: '县创建文明城市指挥部', happenedOn: '2026-03-01' });
    // Each case says the facts that break the rule, not a stock sentence.
    expect(rows[0]!.content).toContain('学校填报“校园安全大检查”未列入年度督查检查评比考核计划');
    expect(rows[1]!.content).toContain('自2026-03-01起已持续约9个月，超过半年');

    // Amended the same day, or looked at again by the deadline job: the same cases.
    expect(await findings.file(answer, AT)).toEqual(cases);
    // Next month the secondment still runs: it is the same case, not a new one each month.
    const december = row('2026-12', { secondments: [{ to: '县创建文明城市指挥部', since: '2026-03-01' }] });
    expect(await findings.file(december, new Date('2026-12-20T02:00:00Z'))).toEqual([cases[1]]);
    expect(await filedRows()).toHaveLength(3);
  });

  it('files only the items that break a rule: a whole table with one such item makes one case', async () => {
    const answer = row('2026-11', {
      inspections: [
        { name: '校园安全大检查', unit: '永宁县应急管理局', date: '2026-11-05', onPlan: 'yes' },
        { name: '秋季开学检查', unit: '永宁县教育局', date: '2026-11-03', onPlan: 'yes' },
        { name: '食品安全专项检查', unit: '永宁县市场监管局', date: '2026-11-12', onPlan: 'no' },
      ],
      activities: [
        { name: '交通安全宣传进校园', unit: '永宁县交警大队', date: '2026-11-10', onWhitelist: 'yes' },
        { name: '禁毒宣传教育', unit: '永宁县公安局', date: '2026-11-18', onWhitelist: 'unknown' },
      ],
      forms: [
        { name: '学生体质健康数据', unit: '永宁县教育局' },
        { name: '教师基本信息表', unit: '永宁县人社局' },
      ],
      secondments: [{ to: '县教育局', since: '2026-09-01' }],
      other: '本月无其他情况',
    });
    const cases = await findings.file(answer, AT);
    const rows = await filedRows();
    expect(rows.map((r) => r.itemName)).toEqual(['食品安全专项检查']);
    expect(cases).toHaveLength(1);
    expect(rows.every((r) => r.approved !== 'yes')).toBe(true);
  });

  it("carries the school's declaration to the rule subject the alerts match", async () => {
    const [c] = await findings.file(row('2026-11', { inspections: [{ name: '校园安全大检查', unit: '永宁县应急管理局', date: '2026-11-05', onPlan: 'no' }] }), AT);
    const report = (await reports.get(c!))!;
    expect(toRuleSubject(report).inspections).toEqual([{ name: '校园安全大检查', unit: '永宁县应急管理局', date: '2026-11-05', declaredOnList: 'no' }]);
  });
});
