/** GET /admin/monitoring/<period>.xlsx: bearer token, a sentence for a bad period, an .xlsx with a filename. */
import Koa from 'koa';
import ExcelJS from 'exceljs';
import { getBinary } from '../helpers/get-binary';
import { createAdminMonitoringRouter, XLSX_CONTENT_TYPE } from '../../src/http/admin-monitoring-router';
import { monitoringHarness, type MonitoringHarness } from '../domain/monitoring/monitoring-harness';

const TOKEN = 'admin-token-for-tests-0123456789';

describe('GET /admin/monitoring/<period>.xlsx', () => {
  let h: MonitoringHarness;
  let app: Koa;
  beforeAll(async () => {
    h = await monitoringHarness();
    app = new Koa();
    app.use(createAdminMonitoringRouter({ adminToken: TOKEN, monitoring: h.monitoring }).routes());
  });
  afterAll(() => h.close());

  const get = (path: string, token = TOKEN) => getBinary(app, path, token);

  it('refuses a wrong token', async () => {
    expect((await get('/admin/monitoring/2026-11.xlsx', 'wrong-token-wrong-token')).status).toBe(401);
  });

  it('answers a bad period with 400 and a sentence saying the form', async () => {
    const res = await get('/admin/monitoring/2026-13.xlsx');
    expect(res.status).toBe(400);
    expect(JSON.parse((res.body as Buffer).toString('utf8'))).toEqual({ error: '"2026-13" is not a period: write it as YYYY-MM, for example 2026-11' });
    expect((await get('/admin/monitoring/2026-11.csv')).status).toBe(404);
  });

  it('sends the workbook as an attachment', async () => {
    const res = await get('/admin/monitoring/2026-11.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(res.headers['content-disposition']).toBe('attachment; filename="monitoring-2026-11.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(6);
  });
});
