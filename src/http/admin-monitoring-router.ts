/**
 * GET /admin/monitoring/<period>.xlsx (bearer ADMIN_TOKEN): the period's monitoring export, a summary sheet
 * and one sheet per city (see src/domain/monitoring/monthly-export.ts). A period that is not a period of the
 * region's schedule is a 400 with a sentence saying the expected form.
 */
import Router from '@koa/router';
import { adminAuth } from './admin-auth';

/** What the route needs of the monitoring service. */
export interface MonitoringExport {
  calendar: { isPeriod(period: string): boolean; schedule: { cycle: 'monthly' | 'yearly' } };
  exportXlsx(period: string): Promise<Buffer>;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function createAdminMonitoringRouter(deps: { adminToken: string | undefined; monitoring: MonitoringExport }): Router {
  const router = new Router({ prefix: '/admin/monitoring' });
  router.use(adminAuth(deps.adminToken));

  router.get('/:file', async function exportMonitoring(ctx) {
    const file = String(ctx.params.file);
    const period = file.endsWith('.xlsx') ? file.slice(0, -'.xlsx'.length) : undefined;
    if (period === undefined) {
      ctx.status = 404;
      ctx.body = { error: 'use /admin/monitoring/<period>.xlsx' };
      return;
    }
    if (!deps.monitoring.calendar.isPeriod(period)) {
      const form = deps.monitoring.calendar.schedule.cycle === 'monthly' ? 'YYYY-MM, for example 2026-11' : 'YYYY, for example 2026';
      ctx.status = 400;
      ctx.body = { error: `"${period.slice(0, 40)}" is not a period: write it as ${form}` };
      return;
    }
    const body = await deps.monitoring.exportXlsx(period);
    ctx.set('Content-Type', XLSX_CONTENT_TYPE);
    ctx.set('Content-Disposition', `attachment; filename="monitoring-${period}.xlsx"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });

  return router;
}
