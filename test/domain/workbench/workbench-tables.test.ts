/**
 * The documents' tables (新教领秘〔2024〕2号 附件1, 2, 3, 7) read back from the .xlsx with exceljs: the title,
 * the header lines and the column headings exactly as the document prints them, rows scoped to the jurisdiction,
 * the rectification from 办结, no formula anywhere, and no anonymous reporter.
 */
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { loadTemplates } from '../../../src/core/templates';
import { createListRepo } from '../../../src/domain/lists';
import { loadRuleBook } from '../../../src/domain/rules/load-catalogs';
import { createWorkbench, writeTableXlsx, type TableResult, type Workbench } from '../../../src/domain/workbench';
import { projectRoot } from '../../../src/project-root';
import { useAlertSuite } from '../../helpers/alert-harness';
import { storeEngineCases } from '../../store/store-engine-cases';
import { APP_VOTING, CITATION, COUNTY } from '../alerts/fixtures';

const ROOT = projectRoot();
const templates = loadTemplates(join(ROOT, 'templates', 'messages'));
const { categories } = loadRuleBook(join(ROOT, 'templates', 'rules'));
const FRIDAY_10AM = new Date('2026-04-03T02:00:00Z');
const PERIOD = { from: '2026-04-01', to: '2026-04-30' };

// As the document prints them (附件1, 2, 3, 7).
const CONTACT_HEADINGS = ['序号', '单位名称', '牵头负责部门', '负责人', '办公电话', '手机号码', '微信账号', '投诉举报热线', '投诉举报邮箱'];
const PROBLEM_HEADINGS = ['序号', '问题类别', '事项名称', '牵头实施单位', '开展时间', '开展地点', '实施范围', '活动主要内容（100字以内）', '开展形式', '意见建议', '备注'];
const PROBLEM_SUBHEADINGS = ['', '', '', '', '', '', '', '', '', '清理/保留/优化', ''];
const RECTIFICATION_HEADINGS = ['序号', '问题类别', '事项名称', '牵头实施单位', '整改依据', '整改措施', '整改时限', '完成情况', '备注'];
const WHITELIST_HEADINGS = ['序号', '活动名称', '实施单位', '开展依据', '开展时间', '开展地点', '实施范围', '活动主要内容（100字以内）', '开展形式', '验收方式', '备注'];
const FOOTNOTE =
  '备注：问题类别：（一）监督检查评比考核；（二）社会事务进校园；（三）文件和会议；（四）报表填写、调研统计；（五）抽调借用中小学教师；（六）校园值班值守；（七）城市创优评先和街道社区事务；（八）其他。';

const engine = storeEngineCases('workbench tables').find((e) => e.name === 'embedded-in-memory')!;

/** The sheet's rows as arrays of cell texts (merged cells: only the first cell holds the text). */
async function readBack(r: TableResult): Promise<{ ws: ExcelJS.Worksheet; rows: string[][] }> {
  if (!r.ok) throw new Error(r.problem);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeTableXlsx(r.table)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const width = r.table.columns.length;
  const rows: string[][] = [];
  for (let i = 1; i <= ws.rowCount; i++) {
    const row = ws.getRow(i);
    const cells = Array.from({ length: width }, (_, c) => {
      const cell = row.getCell(c + 1);
      return cell.isMerged && cell.master.address !== cell.address ? '' : (cell.text ?? '');
    });
    rows.push(cells);
  }
  return { ws, rows };
}
const line = (text: string, width: number) => [text, ...Array<string>(width - 1).fill('')];

describe('the documents’ tables', () => {
  const s = useAlertSuite(engine, FRIDAY_10AM);
  let wb: Workbench;
  beforeEach(() => {
    wb = createWorkbench({ store: s.store, root: ROOT, categories, render: (id, v) => templates.render(id, v), tz: 'Asia/Shanghai', now: () => s.clock.now });
  });

  async function fileCases() {
    const voting = await s.h.file(APP_VOTING);
    const formula = await s.h.file({
      ...APP_VOTING,
      itemName: '=HYPERLINK("http://evil.example/","点击")',
      organisingUnit: '+SUM(A1:A9)',
      place: '-2+3',
      content: '@cmd 每周填写三张表格',
      category: 'forms',
    });
    const elsewhere = await s.h.file({ ...APP_VOTING, schoolId: 'NX-SZS-DWK-S01', itemName: '别县的事项' });
    // 办结: measures, 已完成, 意见建议 清理.
    for (const text of [`办结 ${voting} 已约谈文明办，投票活动已停止`, '约谈县文明办，停止要求教师投票', '1', '清理']) await s.h.chat('demo-official', text);
    // 办结 with 整改中 until 4月30日, 意见建议 优化.
    for (const text of [`办结 ${formula} 正在整改`, '合并报表，减少填报频次', '2', '2026-04-30', '3']) await s.h.chat('demo-official', text);
    return { voting, formula, elsewhere };
  }

  it('附件2 摸排清单: the document’s title, header line, headings and footnote; the period’s cases of the jurisdiction', async () => {
    const { voting, formula, elsewhere } = await fileCases();
    const { ws, rows } = await readBack(await wb.problems({ org: COUNTY, ...PERIOD }));
    const w = PROBLEM_HEADINGS.length;
    expect(rows.slice(0, 4)).toEqual([
      line('专项整治问题摸排清单', w),
      line('填报单位（盖章）：永宁县教育局 填报时间：2026年4月3日 填报人员及电话：', w),
      PROBLEM_HEADINGS,
      PROBLEM_SUBHEADINGS,
    ]);
    expect(rows).toHaveLength(4 + 2 + 1);
    expect(rows[4]).toEqual(['1', '（二）社会事务进校园', '网络投票', '永宁县文明办', '2026年3月30日', '本校', '', '每天都要给某公众号投票，还要截图发到群里', '', '清理', `案件 ${voting}`]);
    expect(rows[5]![9]).toBe('优化');
    expect(rows[5]![1]).toBe('（四）报表填写、调研统计');
    expect(rows.at(-1)).toEqual(line(FOOTNOTE, w));
    expect(JSON.stringify(rows)).not.toContain(elsewhere);
    // The reporters chose anonymity: neither account nor name anywhere.
    expect(JSON.stringify(rows)).not.toMatch(/demo-teacher|演示教师/);

    // Formula injection: kept as the text typed, as string cells with the Text format, never a formula.
    const row = ws.getRow(6);
    for (const [col, text] of [[3, '=HYPERLINK("http://evil.example/","点击")'], [4, '+SUM(A1:A9)'], [6, '-2+3'], [8, '@cmd 每周填写三张表格']] as const) {
      const cell = row.getCell(col);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
      expect(cell.numFmt).toBe('@');
    }
    expect(row.getCell(10).numFmt).not.toBe('@');
    expect(formula).toMatch(/^NX-2026-/);

    // The region sees both counties' cases; a period before them, none.
    const all = (await readBack(await wb.problems({ org: 'NX', ...PERIOD }))).rows;
    expect(JSON.stringify(all)).toContain(elsewhere);
    expect(all[1]![0]).toBe('填报单位（盖章）：宁夏回族自治区教育厅 填报时间：2026年4月3日 填报人员及电话：');
    expect((await readBack(await wb.problems({ org: COUNTY, from: '2026-03-01', to: '2026-03-31' }))).rows).toHaveLength(5);

    // Two anonymous reports of one school would point at its teachers: the school shows from the third on.
    await s.h.file({ ...APP_VOTING, itemName: '第三件' });
    const three = (await readBack(await wb.problems({ org: COUNTY, ...PERIOD }))).rows.slice(4, 7);
    expect(three.map((r) => r[10])).toEqual([`案件 ${voting}；永宁县望洪镇红星村小学`, `案件 ${formula}；永宁县望洪镇红星村小学`, expect.stringMatching(/^案件 NX-2026-\d{6}；永宁县望洪镇红星村小学$/)]);
  });

  it('附件3 整改清单: headings exactly; 整改依据 the clauses cited, the rest from 办结', async () => {
    const { voting, formula } = await fileCases();
    const { rows } = await readBack(await wb.rectification({ org: COUNTY, ...PERIOD, filler: '王老师 0951-0000000' }));
    const w = RECTIFICATION_HEADINGS.length;
    expect(rows.slice(0, 3)).toEqual([
      line('专项整治问题整改清单', w),
      line('填报单位（盖章）：永宁县教育局 填报时间：2026年4月3日 填报人员及电话：王老师 0951-0000000', w),
      RECTIFICATION_HEADINGS,
    ]);
    const [done, progress] = [rows[3]!, rows[4]!];
    expect(done.slice(0, 4)).toEqual(['1', '（二）社会事务进校园', '网络投票', '永宁县文明办']);
    expect(done[4]).toContain(CITATION);
    expect(done.slice(5)).toEqual(['约谈县文明办，停止要求教师投票', '2026年4月3日', '已完成', `案件 ${voting}`]);
    expect(progress.slice(5, 8)).toEqual(['合并报表，减少填报频次', '2026年4月30日', '整改中']);
    expect(progress[8]).toContain(formula);
    expect(rows.at(-1)).toEqual(line(FOOTNOTE, w));

    s.clock.now = new Date('2026-05-06T02:00:00Z');
    expect((await readBack(await wb.rectification({ org: COUNTY, ...PERIOD }))).rows[4]![7]).toBe('整改中（已逾期）');
  });

  it('附件1 信息统计表: the bureaus of the jurisdiction with the directory’s contacts', async () => {
    const { rows } = await readBack(await wb.contacts({ org: 'NX-YC' }));
    const w = CONTACT_HEADINGS.length;
    expect(rows.slice(0, 4)).toEqual([line('专项整治相关信息统计表', w), line('填报单位（盖章）：银川市教育局', w), line('填报时间：2026年4月3日', w), CONTACT_HEADINGS]);
    expect(rows.slice(4)).toEqual([
      ['1', '银川市教育局', '人事科', '演示联系人（银川市）', '0951-0000101', '', '', '0951-0000102', 'jianfu-yc@example.cn'],
      ['2', '永宁县教育局', '人事股', '演示联系人（永宁县）', '0951-0000121', '13800000121', 'yongning-jianfu', '0951-0000122', 'jianfu-yn@example.cn'],
    ]);
  });

  it('附件7 白名单: as imported, with the total in the header', async () => {
    const lists = createListRepo(s.store);
    await lists.replace('whitelist', 'NX', 2026, [{ name: '交通安全宣传教育进校园活动', unit: '永宁县公安局交通警察大队', form: '专题讲座' }, { name: '=1+1' }], s.clock.now);
    const { rows, ws } = await readBack(await wb.whitelist({ region: 'NX', year: 2026 }));
    const w = WHITELIST_HEADINGS.length;
    expect(rows.slice(0, 4)).toEqual([
      line('社会事务进校园白名单', w),
      line('填报单位（盖章）：宁夏回族自治区教育厅 本级社会事务进校园总量为2项', w),
      line('填报时间：2026年4月3日 填报人员及电话：', w),
      WHITELIST_HEADINGS,
    ]);
    expect(rows[4]).toEqual(['1', '交通安全宣传教育进校园活动', '永宁县公安局交通警察大队', '', '', '', '', '', '专题讲座', '', '']);
    expect(ws.getRow(6).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(await wb.whitelist({ region: 'NX', year: 2025 })).toEqual({ ok: false, problem: expect.stringContaining('no whitelist of NX for 2025') });
  });

  it('says which org is unknown', async () => {
    expect(await wb.problems({ org: 'NX-XX', ...PERIOD })).toEqual({ ok: false, problem: 'there is no org NX-XX in the directory' });
  });
});
