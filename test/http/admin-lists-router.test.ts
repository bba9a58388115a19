/** POST/GET /admin/lists: bearer token, a refused file changes nothing, a good one replaces the list. */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Koa from 'koa';
import request from 'supertest';
import { createListRepo, loadListColumns, type ListRepo } from '../../src/domain/lists';
import { createAdminListsRouter } from '../../src/http/admin-lists-router';
import { projectRoot } from '../../src/project-root';
import { memoryEngines } from '../helpers/memory-engines';

const TOKEN = 'admin-token-for-tests-0123456789';
const columns = loadListColumns(join(projectRoot(), 'templates', 'lists', 'columns.yaml'));
const GOOD = '活动名称,实施单位\n禁毒教育,市禁毒办\n防溺水安全教育,县应急管理局\n';

describe('/admin/lists', () => {
  let engines: Awaited<ReturnType<typeof memoryEngines>>;
  let lists: ListRepo;
  let app: Koa;
  beforeAll(async () => {
    engines = await memoryEngines();
    lists = createListRepo(engines.store);
    app = new Koa();
    app.use(createAdminListsRouter({ adminToken: TOKEN, lists, columns, now: () => new Date('2026-11-24T02:00:00Z') }).routes());
  });
  afterAll(() => engines.close());

  const post = (path: string, body: string | Buffer, token = TOKEN) =>
    request(app.callback()).post(path).set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(body);
  const get = (path: string) => request(app.callback()).get(path).set('authorization', `Bearer ${TOKEN}`);

  it('refuses a missing or wrong token', async () => {
    expect((await post('/admin/lists/whitelist/NX/2026.csv', GOOD, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await request(app.callback()).get('/admin/lists')).status).toBe(401);
  });

  it('answers a wrong path with a sentence saying what to write', async () => {
    expect((await post('/admin/lists/blacklist/NX/2026.csv', GOOD)).body).toEqual({ error: 'unknown list "blacklist": use whitelist or plan' });
    expect((await post('/admin/lists/whitelist/nx/2026.csv', GOOD)).body.error).toMatch(/capital letters/);
    expect((await post('/admin/lists/whitelist/NX/2026.pdf', GOOD)).body.error).toBe('name the file <year>.csv or <year>.xlsx');
    expect((await post('/admin/lists/whitelist/NX/1999.csv', GOOD)).status).toBe(404);
  });

  it('imports a list, shows it, and replaces it only with a file that has no errors', async () => {
    const ok = await post('/admin/lists/whitelist/NX/2026.csv?source=永宁县白名单.csv', GOOD);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ imported: true, list: { kind: 'whitelist', region: 'NX', year: 2026, count: 2, version: 1, source: '永宁县白名单.csv' } });

    const bad = await post('/admin/lists/whitelist/NX/2026.csv', '活动名称,实施单位\n消防演练,县消防大队\n,县文明办\n');
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({ imported: false, errors: [{ line: 3, column: '活动名称', problem: 'empty: every row needs a name' }], warnings: [] });

    const shown = await get('/admin/lists/whitelist/NX/2026.json');
    expect(shown.body).toMatchObject({ version: 1, count: 2, entries: [{ name: '禁毒教育', unit: '市禁毒办' }, { name: '防溺水安全教育', unit: '县应急管理局' }] });
    expect((await get('/admin/lists')).body.lists).toEqual([expect.objectContaining({ kind: 'whitelist', region: 'NX', year: 2026, count: 2 })]);
    expect((await get('/admin/lists/plan/NX/2026.json')).status).toBe(404);
  });

  /** 5,000 rows with `long` in each of `fields` columns: a small XLSX (shared strings), a large list once stored. */
  const bigXlsx = async (fields: number, long: string): Promise<Buffer> => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('白名单');
    const heads = ['开展依据', '开展时间', '开展地点', '实施范围', '活动主要内容', '开展形式', '验收方式', '备注', '实施单位'];
    ws.addRow(['活动名称', ...heads.slice(0, fields)]);
    for (let i = 0; i < 5000; i++) ws.addRow([`进校园活动第${i}项`, ...Array.from({ length: fields }, () => long)]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const postXlsx = (path: string, body: Buffer) =>
    request(app.callback()).post(path).set('authorization', `Bearer ${TOKEN}`).set('content-type', 'application/octet-stream').send(body);

  it('refuses, with 422 and what to shorten, a list too large to be stored as one document, and keeps the old one', async () => {
    const file = await bigXlsx(9, '校'.repeat(500)); // 5,000 x 9 x 500 characters: 65 MB stored
    expect(file.length).toBeLessThan(5 * 1024 * 1024);
    const res = await postXlsx('/admin/lists/whitelist/GZ/2026.xlsx', file);
    expect(res.status).toBe(422);
    expect(res.body.imported).toBe(false);
    expect(res.body.errors).toEqual([
      { line: 0, column: '实施单位', problem: 'the list takes 65.1 MB as stored, more than the 15.0 MB one list can hold: shorten the longest columns (实施单位 takes 7.2 MB) or import fewer rows' },
    ]);
    expect(await lists.get('whitelist', 'GZ', 2026)).toBeNull();
    // Below the limit (5,000 x 2 x 500 characters, some 14 MB) it is imported.
    const fits = await postXlsx('/admin/lists/whitelist/GZ/2026.xlsx', await bigXlsx(2, '校'.repeat(500)));
    expect(fits.status).toBe(200);
    expect((await lists.get('whitelist', 'GZ', 2026))?.count).toBe(5000);
  }, 60_000);

  it('refuses a file over 5 MB with 413 and keeps the list', async () => {
    const res = await post('/admin/lists/plan/NX/2026.csv', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41));
    expect(res.status).toBe(413);
    expect(await lists.get('plan', 'NX', 2026)).toBeNull();
  });
});
