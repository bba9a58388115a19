/**
 * The documents' tables as .xlsx through the admin API (bearer ADMIN_TOKEN):
 *   GET /admin/exports/<problems|rectification|contacts>.xlsx?org=<code>&from=<YYYY-MM-DD>&to=<YYYY-MM-DD>
 *   GET /admin/exports/whitelist/<REGION>/<year>.xlsx
 * problems = 附件2 摸排清单, rectification = 附件3 整改清单, contacts = 附件1 信息统计表 (from/to not needed),
 * whitelist = 附件7 (src/domain/workbench/). Each covers `org` and everything below it. A parameter that does
 * not read well, or an org or list that does not exist, is a 400 with a sentence saying what to write.
 */
import Router from '@koa/router';
import type Koa from 'koa';
import { parseWorkbenchQuery, writeTableXlsx, type TableResult, type Workbench } from '../domain/workbench';
import { adminAuth } from './admin-auth';
import { XLSX_CONTENT_TYPE } from './admin-monitoring-router';

const YEARS = { min: 2000, max: 2100 };
const PERIOD_TABLES = ['problems', 'rectification'] as const;

export function createAdminExportsRouter(deps: { adminToken: string | undefined; workbench: Workbench }): Router {
  const router = new Router({ prefix: '/admin/exports' });
  router.use(adminAuth(deps.adminToken));

  const bad = (ctx: Koa.Context, problem: string): void => {
    ctx.status = 400;
    ctx.body = { error: problem };
  };
  async function send(ctx: Koa.Context, r: TableResult): Promise<void> {
    if (!r.ok) return bad(ctx, r.problem);
    const body = await writeTableXlsx(r.table);
    ctx.set('Content-Type', XLSX_CONTENT_TYPE);
    ctx.set('Content-Disposition', `attachment; filename="${r.table.fileName}"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  }

  router.get('/whitelist/:region/:file', async function exportWhitelist(ctx) {
    const region = String(ctx.params.region);
    const m = /^(\d{4})\.xlsx$/.exec(String(ctx.params.file));
    if (!/^[A-Z]{2,6}$/.test(region)) return bad(ctx, 'the region is 2 to 6 capital letters, as REGION (e.g. NX)');
    if (!m) return bad(ctx, 'name the file <year>.xlsx, e.g. /admin/exports/whitelist/NX/2026.xlsx');
    const year = Number(m[1]);
    if (year < YEARS.min || year > YEARS.max) return bad(ctx, `the year must be ${YEARS.min} to ${YEARS.max}`);
    await send(ctx, await deps.workbench.whitelist({ region, year }));
  });

  router.get('/:file', async function exportTable(ctx) {
    const file = String(ctx.params.file);
    const name = file.endsWith('.xlsx') ? file.slice(0, -'.xlsx'.length) : '';
    if (name !== 'contacts' && !(PERIOD_TABLES as readonly string[]).includes(name)) {
      ctx.status = 404;
      ctx.body = { error: 'use /admin/exports/<problems|rectification|contacts>.xlsx or /admin/exports/whitelist/<REGION>/<year>.xlsx' };
      return;
    }
    const q = parseWorkbenchQuery(ctx.query as Record<string, unknown>, name === 'contacts' ? 'ignored' : 'required');
    if (!q.ok) return bad(ctx, q.problem);
    const w = deps.workbench;
    await send(ctx, name === 'contacts' ? await w.contacts(q.query) : name === 'problems' ? await w.problems(q.query) : await w.rectification(q.query));
  });

  return router;
}
