/**
 * Filing and amending answers, lateness, the period a liaison answers, the summary numbers, the .xlsx read
 * back with exceljs, and the rule subject the alerts read.
 */
import ExcelJS from 'exceljs';
import { toRuleSubject } from '../../../src/domain/monitoring/to-monthly-rule-subject';
import type { MonthlyAnswers } from '../../../src/store/monthly-answer.model';
import { DEMO_POINT, monitoringHarness, noneAnswers, pointId, type MonitoringHarness } from './monitoring-harness';

const at = (s: string) => new Date(s);
const busy = (): MonthlyAnswers => ({
  inspections: [
    { name: '校园安全检查', unit: '永宁县教育局', date: '2026-11-03', onPlan: 'yes' },
    { name: '食堂卫生检查', unit: '永宁县市场监管局', date: '2026-11-10', onPlan: 'no' },
  ],
  activities: [{ name: '防溺水宣传进校园', unit: '望洪镇政府', date: '2026-11-12', onWhitelist: 'no' }],
  forms: [
    { name: '学生体质健康统计', unit: '永宁县教育局' },
    { name: '控辍保学台账', unit: '永宁县教育局' },
  ],
  secondments: [{ to: '县委宣传部', since: '2026-03-01' }],
  flexibleHours: 'no',
  other: '要求教师下载APP投票',
});

describe('monitoring service', () => {
  let h: MonitoringHarness;
  beforeEach(async () => {
    h = await monitoringHarness();
  });
  afterEach(() => h.close());

  it('files an answer on time, amends it until the deadline, and refuses an amendment after it', async () => {
    const first = await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', noneAnswers(), at('2026-11-26T10:00:00+08:00'), 'd1');
    expect(first).toMatchObject({ kind: 'submitted', late: false, row: { _id: `${DEMO_POINT}:2026-11`, schoolId: 'NX-YC-YN-S01', submittedBy: 'wecom:demo-liaison', questionnaire: { id: 'ningxia-monthly', version: 1 } } });
    expect((await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', noneAnswers(), at('2026-11-26T10:01:00+08:00'), 'd1')).kind).toBe('already');

    const amended = await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', busy(), at('2026-11-30T23:59:00+08:00'), 'd2');
    expect(amended.kind).toBe('amended');
    const row = await h.monitoring.get(DEMO_POINT, '2026-11');
    expect(row).toMatchObject({ late: false, submittedAt: at('2026-11-26T10:00:00+08:00'), answers: busy() });
    expect(row?.amendments).toEqual([{ at: at('2026-11-30T23:59:00+08:00'), by: 'wecom:demo-liaison', draftId: 'd2' }]);

    expect(await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', noneAnswers(), at('2026-12-01T00:00:00+08:00'), 'd3')).toEqual({ kind: 'closed', deadline: '2026-11-30' });
    expect((await h.monitoring.get(DEMO_POINT, '2026-11'))?.answers).toEqual(busy());
  });

  it('accepts a first answer after the deadline and marks it late', async () => {
    const out = await h.submitAs('yc-liaison-1', pointId('NX-YC-S01'), '2026-11', noneAnswers(), at('2026-12-01T00:00:00+08:00'));
    expect(out).toMatchObject({ kind: 'submitted', late: true });
  });

  it('files only for the liaison of the point, and checks the answers', async () => {
    expect((await h.submitAs('yc-liaison-1', DEMO_POINT, '2026-11', noneAnswers(), at('2026-11-26T10:00:00+08:00'))).kind).toBe('not_liaison');
    expect((await h.submitAs('demo-teacher', DEMO_POINT, '2026-11', noneAnswers(), at('2026-11-26T10:00:00+08:00'))).kind).toBe('not_liaison');
    expect((await h.submitAs('nobody', DEMO_POINT, '2026-11', noneAnswers(), at('2026-11-26T10:00:00+08:00'))).kind).toBe('not_liaison');
    const bad = { ...noneAnswers(), secondments: [{ to: '县委', since: '2026-02-30' }] };
    await expect(h.submitAs('demo-liaison', DEMO_POINT, '2026-11', bad, at('2026-11-26T10:00:00+08:00'))).rejects.toThrow(/secondments\.0\.since/);
    await expect(h.submitAs('demo-liaison', DEMO_POINT, '2026/11', noneAnswers(), at('2026-11-26T10:00:00+08:00'))).rejects.toThrow(/YYYY-MM/);
  });

  it('opens the previous month before the reminder while it is missing, else the current one', async () => {
    const point = (await h.directory.activePoints()).find((p) => p._id === DEMO_POINT)!;
    expect(await h.monitoring.openPeriod(point, at('2026-12-03T10:00:00+08:00'))).toBe('2026-11');
    await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', noneAnswers(), at('2026-12-03T10:00:00+08:00'));
    expect(await h.monitoring.openPeriod(point, at('2026-12-03T10:00:00+08:00'))).toBe('2026-12');
    expect(await h.monitoring.openPeriod(point, at('2026-11-25T09:00:00+08:00'))).toBe('2026-11');
    // September opens a new school year: August belonged to last year's points.
    expect(await h.monitoring.openPeriod(point, at('2026-09-10T10:00:00+08:00'))).toBe('2026-09');
  });

  it('sums up per city and for the region: submitted of total, on time or late, items, the units named most', async () => {
    await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', busy(), at('2026-11-26T10:00:00+08:00'));
    await h.submitAs('yc-liaison-1', pointId('NX-YC-S01'), '2026-11', { ...noneAnswers(), forms: [{ name: '教师信息采集', unit: '永宁县教育局' }] }, at('2026-12-02T10:00:00+08:00'));
    await h.submitAs('gy-liaison-1', pointId('NX-GY-YZ-S01'), '2026-11', noneAnswers(), at('2026-11-28T10:00:00+08:00'));
    const s = await h.monitoring.summary('2026-11');
    expect(s).toMatchObject({ period: '2026-11', deadline: '2026-11-30' });
    expect(s.overall).toMatchObject({
      points: 10, submitted: 3, onTime: 2, late: 1, missing: 7,
      totals: { inspections: 2, activities: 1, forms: 3, secondments: 1 },
      notOnPlan: 1, notOnWhitelist: 1, flexibleHoursNo: 1,
    });
    expect(s.overall.topUnits[0]).toEqual({ unit: '永宁县教育局', count: 4 });
    expect(s.cities.map((c) => [c.cityName, c.points, c.submitted, c.onTime, c.late])).toEqual([
      ['固原市', 2, 1, 1, 0], ['石嘴山市', 2, 0, 0, 0], ['吴忠市', 2, 0, 0, 0], ['银川市', 2, 2, 1, 1], ['中卫市', 2, 0, 0, 0],
    ]);
    const yc = s.cities.find((c) => c.cityId === 'NX-YC')!;
    expect(yc.rows.map((r) => [r.schoolName, r.status, r.counts.forms])).toEqual([
      ['银川市贺兰山路高级中学', 'late', 1], ['永宁县望洪镇红星村小学', 'on_time', 2],
    ]);
    expect((await h.monitoring.missingPoints('2026-11')).map((p) => p.point._id)).toHaveLength(7);
  });

  it('exports an .xlsx that exceljs reads back: the summary first, then one sheet per city, one row per point', async () => {
    await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', busy(), at('2026-11-26T10:00:00+08:00'));
    await h.dropLiaison(pointId('NX-ZW-ZN-S01'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await h.monitoring.exportXlsx('2026-11')) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '固原市', '石嘴山市', '吴忠市', '银川市', '中卫市']);
    const summary = wb.getWorksheet('汇总')!;
    expect(summary.getCell('A1').value).toBe('2026年11月 中小学教师减负观测点监测汇总');
    const all = summary.getRow(6).values as unknown[];
    expect(all.slice(1, 11)).toEqual(['合计', 10, 1, 1, 0, 9, 2, 1, 2, 1]);
    expect(summary.getRow(13).values).toEqual([undefined, '出现最多的组织单位', '次数']);
    expect(summary.getRow(14).values).toEqual([undefined, '永宁县教育局', 3]);

    const yc = wb.getWorksheet('银川市')!;
    expect(yc.rowCount).toBe(3);
    const header = yc.getRow(1).values as unknown[];
    const col = (name: string) => header.indexOf(name);
    const row = yc.getRow(3);
    expect(row.getCell(col('学校')).value).toBe('永宁县望洪镇红星村小学');
    expect(row.getCell(col('填报情况')).value).toBe('按时提交');
    expect(row.getCell(col('提交时间')).value).toBe('2026-11-26 10:00');
    expect(row.getCell(col('督查检查评比考核（次）')).value).toBe(2);
    expect(row.getCell(col('督查检查评比考核明细')).value).toBe('1. 校园安全检查（永宁县教育局，2026-11-03，列入计划：是）\n2. 食堂卫生检查（永宁县市场监管局，2026-11-10，列入计划：否）');
    expect(row.getCell(col('抽调借用明细')).value).toBe('1. 县委宣传部（自 2026-03-01 起）');
    expect(row.getCell(col('弹性上下班')).value).toBe('否');
    expect(yc.getRow(2).getCell(col('填报情况')).value).toBe('未提交');
    expect(wb.getWorksheet('中卫市')!.getRow(3).getCell(col('填报情况')).value).toBe('未提交 未指定联络员');
  });

  it('gives the rule matcher a monthly subject with the dated lists and the secondments since their start', async () => {
    const out = await h.submitAs('demo-liaison', DEMO_POINT, '2026-11', busy(), at('2026-12-02T10:00:00+08:00'));
    if (out.kind !== 'submitted') throw new Error(out.kind);
    expect(toRuleSubject(out.row)).toEqual({
      kind: 'monthly',
      period: '2026-11',
      submittedAt: at('2026-12-02T10:00:00+08:00'),
      inspections: [
        { name: '校园安全检查', unit: '永宁县教育局', date: '2026-11-03' },
        { name: '食堂卫生检查', unit: '永宁县市场监管局', date: '2026-11-10' },
      ],
      activities: [{ name: '防溺水宣传进校园', unit: '望洪镇政府', date: '2026-11-12' }],
      secondments: [{ to: '县委宣传部', since: '2026-03-01' }],
      content: '要求教师下载APP投票',
    });
  });
});
