/**
 * GET /admin/audit (bearer ADMIN_TOKEN): the dashboard's audit log, newest first: who (the official),
 * what (login, view, export, logout; the page or table and its parameters) and when. `since` (an ISO time)
 * and `limit` (1 to 1000, default 200) narrow it.
 */
import Router from '@koa/router';
import { adminAuth } from './admin-auth';

export interface AuditReader {
  list(opts: { since?: Date; limit: number }): Promise<Array<{ at: Date; action: string; userKey: string; name: string; orgId: string; target: string; params?: Record<string, string> }>>;
}

export function createAdminAuditRouter(deps: { adminToken: string | undefined; audit: AuditReader }): Router {
  const router = new Router({ prefix: '/admin' });
  router.use(adminAuth(deps.adminToken));
  router.get('/audit', async function listAudit(ctx) {
    const since = typeof ctx.query.since === 'string' ? new Date(ctx.query.since) : undefined;
    if (since && Number.isNaN(since.getTime())) {
      ctx.status = 400;
      ctx.body = { error: 'since must be an ISO time, for example 2026-11-01T00:00:00+08:00' };
      return;
    }
    const raw = typeof ctx.query.limit === 'string' ? ctx.query.limit : '200';
    const limit = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
    if (!(limit >= 1 && limit <= 1000)) {
      ctx.status = 400;
      ctx.body = { error: 'limit must be a whole number from 1 to 1000' };
      return;
    }
    const rows = await deps.audit.list({ ...(since ? { since } : {}), limit });
    ctx.body = rows.map((r) => ({ at: r.at, who: { userKey: r.userKey, name: r.name, orgId: r.orgId }, action: r.action, target: r.target, ...(r.params ? { params: r.params } : {}) }));
  });
  return router;
}
