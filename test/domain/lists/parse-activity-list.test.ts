/**
 * Reading whitelists and plans as bureaus keep them: the columns of 附件7 under a title row, headings with
 * their notes in brackets, GB18030 CSV from Excel, XLSX with date cells; every bad row reported by line.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadListColumns, parseActivityList, parseListColumns, type ParsedList } from '../../../src/domain/lists';
import { projectRoot } from '../../../src/project-root';

const columns = loadListColumns(join(projectRoot(), 'templates', 'lists', 'columns.yaml'));
const HEADER = '序号,活动名称,实施单位,开展依据,开展时间,开展地点,实施范围,活动主要内容（100字以内）,开展形式,验收方式,备注';
const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const errorsOf = (r: ParsedList) => (r.ok ? [] : r.errors);

describe('parseActivityList', () => {
  it('reads the 附件7 columns under a title row, skipping blank rows and the 序号 column', async () => {
    const r = await parseActivityList(
      csv('永宁县2026年进校园事务白名单,,,,,,,,,,', HEADER, '1,交通安全宣传教育进校园活动,县交警大队,道路交通安全法,每学期,各校,全县,讲座,讲座,无,', ',,,,,,,,,,', '2,防溺水安全教育,县应急管理局,,5月至9月,,,,,,'),
      'csv',
      'whitelist',
      columns,
    );
    expect(r).toEqual({
      ok: true,
      warnings: [],
      entries: [
        { name: '交通安全宣传教育进校园活动', unit: '县交警大队', basis: '道路交通安全法', time: '每学期', place: '各校', scope: '全县', content: '讲座', form: '讲座', acceptance: '无' },
        { name: '防溺水安全教育', unit: '县应急管理局', time: '5月至9月' },
      ],
    });
  });

  it('reads CSV that Excel saved in GB18030', async () => {
    const gb = Buffer.from(new Uint8Array([0xbb, 0xee, 0xb6, 0xaf, 0xc3, 0xfb, 0xb3, 0xc6, 0x0d, 0x0a, 0xbd, 0xfb, 0xb6, 0xbe, 0xbd, 0xcc, 0xd3, 0xfd])); // 活动名称 / 禁毒教育
    const r = await parseActivityList(gb, 'csv', 'whitelist', columns);
    expect(r).toMatchObject({ ok: true, entries: [{ name: '禁毒教育' }] });
  });

  it('reports every bad row with its line and column, and imports nothing', async () => {
    const long = '长'.repeat(101);
    const r = await parseActivityList(
      csv(HEADER, '1,,县交警大队,,,,,,,,', `2,${long},县应急管理局,,,,,,,,`, '3,禁毒教育,市禁毒办,,,,,,,,', '4,禁毒 教育！,市禁毒办,,,,,,,,'),
      'csv',
      'whitelist',
      columns,
    );
    expect(r.ok).toBe(false);
    expect(errorsOf(r)).toEqual([
      { line: 2, column: '活动名称', problem: 'empty: every row needs a name' },
      { line: 3, column: '活动名称', problem: 'longer than 100 characters' },
      { line: 5, column: '活动名称', problem: 'the same entry as line 4' },
    ]);
  });

  it('says when no header is found, when the file has no rows, and when a column is there twice', async () => {
    expect(errorsOf(await parseActivityList(csv('a,b,c', '1,2,3'), 'csv', 'whitelist', columns))[0]!.problem).toMatch(/no header row with a name column \(活动名称/);
    expect(errorsOf(await parseActivityList(csv(HEADER), 'csv', 'whitelist', columns))).toEqual([{ line: 1, problem: 'no entries under the header' }]);
    expect(errorsOf(await parseActivityList(Buffer.alloc(0), 'csv', 'whitelist', columns))[0]!.problem).toMatch(/no header row/);
    expect(errorsOf(await parseActivityList(csv('活动名称,名称', 'a,b'), 'csv', 'whitelist', columns))[0]).toMatchObject({ column: '名称', problem: expect.stringContaining('second column') });
  });

  it('imports a row with long content, with a warning, and names unknown columns', async () => {
    const r = await parseActivityList(csv('活动名称,主要内容,负责人', `禁毒教育,${'讲'.repeat(120)},张三`), 'csv', 'whitelist', columns);
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      { line: 1, column: '负责人', problem: 'unknown column, not imported' },
      { line: 2, column: '主要内容', problem: 'longer than the 100 characters 附件7 asks for' },
    ]);
  });

  it('reads an inspection plan with its own headings', async () => {
    const r = await parseActivityList(csv('序号,事项名称,实施单位,依据,时间,检查对象,检查方式,审批文号', '1,春季学校安全大检查,县教育局,安全工作要点,3月,全县中小学,实地检查,永党办〔2026〕1号'), 'csv', 'plan', columns);
    expect(r).toMatchObject({ ok: true, entries: [{ name: '春季学校安全大检查', unit: '县教育局', scope: '全县中小学', form: '实地检查', approval: '永党办〔2026〕1号' }] });
  });

  it('reads the first sheet of an XLSX, dates as YYYY-MM-DD; a file that is not XLSX is refused', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('白名单');
    ws.addRow(['活动名称', '实施单位', '开展时间']);
    ws.addRow(['消防安全演练', '县消防救援大队', new Date(Date.UTC(2026, 10, 9))]);
    const r = await parseActivityList(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx', 'whitelist', columns);
    expect(r).toEqual({ ok: true, warnings: [], entries: [{ name: '消防安全演练', unit: '县消防救援大队', time: '2026-11-09' }] });
    expect(errorsOf(await parseActivityList(csv(HEADER), 'xlsx', 'whitelist', columns))[0]).toMatchObject({ line: 0, problem: expect.stringContaining('not a readable XLSX') });
  });

  it('refuses a columns file that gives one heading to two fields', () => {
    const yaml = 'whitelist:\n  name: [名称]\n  unit: [名称（单位）]\nplan:\n  name: [名称]\n';
    expect(() => parseListColumns(yaml, 'columns.yaml')).toThrow('columns.yaml: whitelist: "名称（单位）" is a heading of both name and unit');
  });
});
