/**
 * Inspection reduction from data: the imported plans of the base year 2020 and of later years, plus what the
 * observation points reported as not on the plan, against the cut of at least 50% (安市办通字〔2021〕3号).
 */
import { join } from 'node:path';
import { loadTemplates } from '../../../src/core/templates';
import { createReductionTable } from '../../../src/domain/dashboard/reduction-table';
import { demoDirectoryPath } from '../../../src/domain/directory/directory-file';
import { createDirectoryRepo } from '../../../src/domain/directory/directory-repo';
import { loadDirectoryFile } from '../../../src/domain/directory/load-directory-file';
import { createListRepo } from '../../../src/domain/lists';
import { projectRoot } from '../../../src/project-root';
import type { StoreEngine } from '../../../src/store/collection';
import { monthlyAnswerModel, type InspectionAnswer } from '../../../src/store/monthly-answer.model';
import { memoryEngines } from '../../helpers/memory-engines';

const templates = loadTemplates(join(projectRoot(), 'templates', 'messages'));
const t = (id: string, vars?: Record<string, unknown>) => templates.render(id, vars);
const AT = new Date('2026-11-23T02:00:00Z');

describe('inspection reduction against 2020', () => {
  let store: StoreEngine;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await memoryEngines());
    await loadDirectoryFile(store, demoDirectoryPath(), AT);
  });
  afterAll(() => close());

  const answer = async (period: string, inspections: InspectionAnswer[]) => {
    const pointId = `NX-YC-YN-S01:2024-2025:region`;
    await store.collection(monthlyAnswerModel).insertOne({
      _id: `${pointId}:${period}`,
      pointId,
      schoolId: 'NX-YC-YN-S01',
      period,
      questionnaire: { id: 'ningxia-monthly', version: 1 },
      answers: { inspections, activities: [], forms: [], secondments: [], flexibleHours: 'yes' },
      submittedBy: 'wecom:demo-liaison',
      submittedAt: AT,
      late: false,
      draftId: period,
      amendments: [],
      createdAt: AT,
      updatedAt: AT,
    });
  };

  it('counts each year from its plan and the points, and says whether the cut is met', async () => {
    const lists = createListRepo(store);
    const items = (n: number, year: number) => Array.from({ length: n }, (_, i) => ({ name: `${year}年检查${i + 1}`, unit: '县教育局' }));
    await lists.replace('plan', 'NX', 2020, items(10, 2020), AT);
    await lists.replace('plan', 'NX', 2024, items(4, 2024), AT);
    await lists.replace('plan', 'NX', 2025, items(5, 2025), AT);
    // Seen at a point and not on the plan, twice under the same name (counted once), once on the plan (not counted).
    const unplanned = { name: '校园文明创建 检查', unit: '县文明办', date: '2025-03-04', onPlan: 'no' as const };
    await answer('2025-03', [unplanned, { ...unplanned, name: '校园文明创建检查', date: '2025-03-20' }, { name: '2025年检查1', unit: '县教育局', date: '2025-03-21', onPlan: 'yes' }]);
    await answer('2024-05', [{ name: '食堂检查', unit: '县市场监管局', date: '2024-05-10', onPlan: 'unknown' }]);

    const table = await createReductionTable({ store, directory: createDirectoryRepo(store), lists, t }).table((await createDirectoryRepo(store).getOrg('NX-YC-YN'))!, 2026);
    expect(table.columns).toEqual(['年份', '计划内', '计划外（观测点）', '合计', '比基数减少', '是否减少 50% 以上']);
    expect(table.rows).toEqual([
      ['2020（基数）', 10, 0, 10, '', ''],
      [2021, '未导入', 0, 0, '当年计划未导入', '当年计划未导入'],
      [2022, '未导入', 0, 0, '当年计划未导入', '当年计划未导入'],
      [2023, '未导入', 0, 0, '当年计划未导入', '当年计划未导入'],
      [2024, 4, 1, 5, '50%', '已达到'],
      [2025, 5, 1, 6, '40%', '未达到'],
      [2026, '未导入', 0, 0, '当年计划未导入', '当年计划未导入'],
    ]);
  });

  it('has no base, and says so, where no 2020 list was imported', async () => {
    const lists = createListRepo(store);
    const org = { ...(await createDirectoryRepo(store).getOrg('NX-YC-YN'))!, region: 'GZ' };
    const table = await createReductionTable({ store, directory: createDirectoryRepo(store), lists, t }).table(org, 2022);
    expect(table.rows).toEqual([
      ['2020（基数）', '未导入', 0, 0, '', ''],
      [2021, '未导入', 0, 0, '无基数', '无基数'],
      [2022, '未导入', 0, 0, '无基数', '无基数'],
    ]);
  });
});
