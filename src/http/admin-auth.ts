import { createHash, timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';

/**
 * Bearer ADMIN_TOKEN on every /admin route. Without a configured token the admin API does not exist (404).
 * Compared as hashes so that the comparison is timing-safe whatever the lengths.
 */
export function adminAuth(adminToken: string | undefined): Koa.Middleware {
  const expected = adminToken ? createHash('sha256').update(adminToken).digest() : undefined;
  return async function requireAdmin(ctx, next) {
    if (!expected) {
      ctx.status = 404;
      ctx.body = '';
      return;
    }
    const header = ctx.get('authorization');
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (!given || !timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer');
      ctx.body = '';
      return;
    }
    await next();
  };
}
