/** GET /admin/exports/...: bearer token, a 400 with a sentence for each bad parameter, the .xlsx as an attachment. */
import Koa from 'koa';
import ExcelJS from 'exceljs';
import { getBinary } from '../helpers/get-binary';
import { join } from 'node:path';
import { loadTemplates } from '../../src/core/templates';
import { demoDirectoryPath } from '../../src/domain/directory/directory-file';
import { loadDirectoryFile } from '../../src/domain/directory/load-directory-file';
import { loadRuleBook } from '../../src/domain/rules/load-catalogs';
import { createWorkbench } from '../../src/domain/workbench';
import { createAdminExportsRouter } from '../../src/http/admin-exports-router';
import { XLSX_CONTENT_TYPE } from '../../src/http/admin-monitoring-router';
import { projectRoot } from '../../src/project-root';
import type { StoreEngine } from '../../src/store/collection';
import { createEmbeddedStore } from '../../src/store/engines/embedded-store';

const TOKEN = 'admin-token-for-tests-0123456789';
const ROOT = projectRoot();

describe('GET /admin/exports', () => {
  let store: StoreEngine;
  let app: Koa;
  beforeAll(async () => {
    const now = () => new Date('2026-11-23T02:00:00Z');
    store = await createEmbeddedStore('unused', { inMemory: true, now });
    await loadDirectoryFile(store, demoDirectoryPath(), now());
    const templates = loadTemplates(join(ROOT, 'templates', 'messages'));
    const workbench = createWorkbench({ store, root: ROOT, categories: loadRuleBook(join(ROOT, 'templates', 'rules')).categories, render: (id, v) => templates.render(id, v), tz: 'Asia/Shanghai', now });
    app = new Koa();
    app.use(createAdminExportsRouter({ adminToken: TOKEN, workbench }).routes());
  });
  afterAll(() => store.close());

  const get = (path: string, token = TOKEN) => getBinary(app, path, token);
  const error = async (path: string) => {
    const res = await get(path);
    return { status: res.status, body: JSON.parse((res.body as Buffer).toString('utf8')) as { error: string } };
  };

  it('refuses a wrong token', async () => {
    expect((await get('/admin/exports/problems.xlsx?org=NX&from=2026-11-01&to=2026-11-30', 'wrong-token-wrong-token')).status).toBe(401);
  });

  it.each([
    ['/admin/exports/problems.xlsx?from=2026-11-01&to=2026-11-30', 'org is required: the code of the org whose jurisdiction the table covers, e.g. org=NX-YC-YN'],
    ['/admin/exports/problems.xlsx?org=NX/../x&from=2026-11-01&to=2026-11-30', 'org is an org code of the directory: letters and digits in dash-separated parts, e.g. org=NX-YC-YN'],
    ['/admin/exports/problems.xlsx?org=NX&to=2026-11-30', 'from is required: a day written YYYY-MM-DD, e.g. from=2026-11-01'],
    ['/admin/exports/rectification.xlsx?org=NX&from=2026-11-01&to=2026-02-30', 'to must be a calendar day written YYYY-MM-DD, e.g. to=2026-11-01'],
    ['/admin/exports/rectification.xlsx?org=NX&from=2026-11-30&to=2026-11-01', 'to must not be before from (both days are included)'],
    ['/admin/exports/problems.xlsx?org=NX&from=2024-01-01&to=2026-11-01', 'a table covers at most 366 days: narrow from and to'],
    ['/admin/exports/problems.xlsx?org=NX-NOPE&from=2026-11-01&to=2026-11-30', 'there is no org NX-NOPE in the directory'],
    ['/admin/exports/whitelist/nx/2026.xlsx', 'the region is 2 to 6 capital letters, as REGION (e.g. NX)'],
    ['/admin/exports/whitelist/NX/26.xlsx', 'name the file <year>.xlsx, e.g. /admin/exports/whitelist/NX/2026.xlsx'],
    ['/admin/exports/whitelist/NX/1999.xlsx', 'the year must be 2000 to 2100'],
    ['/admin/exports/whitelist/NX/2026.xlsx', 'no whitelist of NX for 2026 has been imported (POST /admin/lists/whitelist/NX/2026.csv)'],
  ])('answers %s with 400 and a sentence', async (path, sentence) => {
    expect(await error(path)).toEqual({ status: 400, body: { error: sentence } });
  });

  it('does not know other tables', async () => {
    expect((await get('/admin/exports/reports.xlsx?org=NX')).status).toBe(404);
  });

  it('sends a table as an attachment, the contacts without a period', async () => {
    const res = await get('/admin/exports/contacts.xlsx?org=NX-YC-YN');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(res.headers['content-disposition']).toBe('attachment; filename="contacts-NX-YC-YN.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(5).getCell(2).text).toBe('永宁县教育局');
    const problems = await get('/admin/exports/problems.xlsx?org=nx-yc&from=2026-11-01&to=2026-11-30');
    expect(problems.status).toBe(200);
    expect(problems.headers['content-disposition']).toBe('attachment; filename="problems-NX-YC-2026-11-01-2026-11-30.xlsx"');
  });
});
