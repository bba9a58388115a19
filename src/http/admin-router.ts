/**
 * The admin API (bearer ADMIN_TOKEN). Views here never show who filed an anonymous report.
 */
import Router from '@koa/router';
import type { OutboxRepo } from '../store/outbox-repo';
import { describeDestination } from '../core/message';
import { adminAuth } from './admin-auth';

export interface AdminDeps {
  adminToken: string | undefined;
  outbox: OutboxRepo;
}

const OUTBOX_STATUSES = ['pending', 'delivered', 'failed'] as const;

export function createAdminRouter(deps: AdminDeps): Router {
  const router = new Router({ prefix: '/admin' });
  router.use(adminAuth(deps.adminToken));

  // What went out, what waits and what failed (with the platform's reason): failures must be visible.
  router.get('/outbox', async function listOutbox(ctx) {
    const status = typeof ctx.query.status === 'string' ? ctx.query.status : undefined;
    if (status !== undefined && !(OUTBOX_STATUSES as readonly string[]).includes(status)) {
      ctx.status = 400;
      ctx.body = { error: `status must be one of ${OUTBOX_STATUSES.join(', ')}` };
      return;
    }
    const rows = await deps.outbox.list(status ? { status: status as (typeof OUTBOX_STATUSES)[number] } : {}, 200);
    ctx.body = rows.map((r) => ({
      id: r._id,
      to: describeDestination(r.destination),
      kind: r.reply.kind,
      status: r.status,
      attempts: r.attempts,
      createdAt: r.createdAt,
      availableAt: r.availableAt,
      deliveredAt: r.deliveredAt,
      failedAt: r.failedAt,
      lastError: r.lastError,
    }));
  });

  return router;
}
