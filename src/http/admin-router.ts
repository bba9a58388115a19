/**
 * The admin API (bearer ADMIN_TOKEN). Views here never show who filed an anonymous report: a destination is
 * shown by its safe description (describeDestination) and an opaque id, never by a person's id or a robot key.
 */
import { createHash } from 'node:crypto';
import Router from '@koa/router';
import type { OutboxRepo } from '../store/outbox-repo';
import type { OutboxRow } from '../store/outbox.model';
import { describeDestination } from '../core/message';
import { adminAuth } from './admin-auth';

export interface AdminDeps {
  adminToken: string | undefined;
  outbox: OutboxRepo;
  now: () => Date;
}

const OUTBOX_STATUSES = ['pending', 'delivered', 'failed'] as const;
/** Failed rows looked at to group them by destination; more than this many at once is an outage to fix first. */
const FAILED_SCAN = 10_000;

/** The opaque id of a destination in admin views: a hash of its key, which may hold a secret robot key. */
export function destinationId(destKey: string): string {
  return createHash('sha256').update(destKey).digest('hex').slice(0, 20);
}

function view(r: OutboxRow) {
  return {
    id: r._id,
    to: describeDestination(r.destination),
    destination: destinationId(r.destKey),
    kind: r.reply.kind,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.createdAt,
    availableAt: r.availableAt,
    deliveredAt: r.deliveredAt,
    failedAt: r.failedAt,
    failingSince: r.firstErrorAt,
    lastError: r.lastError,
    ...(r.recipients !== undefined ? { recipients: r.recipients } : {}),
    // A batch delivered to all but some: each of those is a row of its own, `<id>/<ref>`, with the reason.
    ...(r.undelivered ? { undelivered: r.undelivered } : {}),
  };
}

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
    ctx.body = rows.map(view);
  });

  // The destinations that have failed rows, each with how many and the latest reason.
  router.get('/outbox/destinations', async function failingDestinations(ctx) {
    const failed = await deps.outbox.list({ status: 'failed' }, FAILED_SCAN);
    const byDest = new Map<string, { destination: string; to: string; failed: number; lastError?: string; lastFailedAt?: Date }>();
    for (const r of failed) {
      const id = destinationId(r.destKey);
      const d = byDest.get(id) ?? { destination: id, to: describeDestination(r.destination), failed: 0 };
      d.failed++;
      if (!d.lastFailedAt || (r.failedAt && r.failedAt > d.lastFailedAt)) Object.assign(d, { lastError: r.lastError, lastFailedAt: r.failedAt });
      byDest.set(id, d);
    }
    ctx.body = [...byDest.values()].sort((a, b) => b.failed - a.failed);
  });

  // Sends every failed row of one destination again (the server's IP now trusted, the person back in the
  // app's visible range, an outage that outlasted OUTBOX_RETRY_HOURS).
  router.post('/outbox/destinations/:destination/retry', async function retryDestination(ctx) {
    const failed = await deps.outbox.list({ status: 'failed' }, FAILED_SCAN);
    const keys = new Set(failed.filter((r) => destinationId(r.destKey) === ctx.params.destination).map((r) => r.destKey));
    let retried = 0;
    for (const destKey of keys) retried += await deps.outbox.retryFailed({ destKey }, deps.now());
    if (retried === 0) {
      ctx.status = 404;
      ctx.body = { error: 'no failed row for this destination' };
      return;
    }
    ctx.body = { retried };
  });

  // Sends one failed row again (after its cause was fixed).
  router.post('/outbox/:id/retry', async function retryRow(ctx) {
    const row = await deps.outbox.get(ctx.params.id ?? '');
    if (!row) {
      ctx.status = 404;
      ctx.body = { error: 'no such outbox row' };
      return;
    }
    if (row.status !== 'failed') {
      ctx.status = 409;
      ctx.body = { error: `the row is ${row.status}, not failed` };
      return;
    }
    ctx.body = { retried: await deps.outbox.retryFailed({ id: row._id }, deps.now()) };
  });

  return router;
}
