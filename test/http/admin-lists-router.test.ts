/** POST/GET /admin/lists: bearer token, a refused file changes nothing, a good one replaces the list. */
import { join } from 'node:path';
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

  it('refuses a file over 5 MB with 413 and keeps the list', async () => {
    const res = await post('/admin/lists/plan/NX/2026.csv', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41));
    expect(res.status).toBe(413);
    expect(await lists.get('plan', 'NX', 2026)).toBeNull();
  });
});
