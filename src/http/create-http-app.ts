/**
 * Koa stops here: routes for the channels, health, readiness and metrics. A channel route reads the raw body
 * (64 KB at most), lets the channel verify and parse it, and hands the receipt to the dispatcher.
 */
import Koa from 'koa';
import Router from '@koa/router';
import type { ChannelAdapter, RawRequest } from '../core/channel';
import type { Dispatcher } from '../core/dispatcher';
import type { Logger } from '../core/ports';
import { BodyTooLarge, readBody } from './read-body';

export const BODY_LIMIT = 64 * 1024;

export interface ChannelRoute {
  path: string;
  adapter: ChannelAdapter;
}

export interface HttpAppDeps {
  channels: readonly ChannelRoute[];
  dispatcher: Dispatcher;
  logger: Logger;
  now: () => Date;
  /** Throws when a dependency (store, coordination) is unreachable. */
  ready: () => Promise<void>;
  metricsText: () => Promise<{ contentType: string; body: string }>;
  /** Extra routes (admin API), mounted as they are. */
  extraRoutes?: Router[];
}

export function createHttpApp(deps: HttpAppDeps): Koa {
  const app = new Koa();
  const router = new Router();

  app.use(async function errorBoundary(ctx, next) {
    try {
      await next();
    } catch (e) {
      // A bug of ours: the client learns nothing, the log learns everything but secrets.
      deps.logger.error({ err: e, path: ctx.path }, 'unhandled error');
      ctx.status = 500;
      ctx.body = '';
    }
  });

  /** The channels' callbacks by their exact path: what a platform posts to, found without the router's walk. */
  const callbacks = new Map<string, Koa.Middleware>();
  for (const route of deps.channels) {
    const callback: Koa.Middleware = async function channelCallback(ctx) {
      if (ctx.method !== 'GET' && ctx.method !== 'POST') {
        ctx.status = 405;
        ctx.body = '';
        return;
      }
      let body: Buffer;
      try {
        body = ctx.method === 'POST' ? await readBody(ctx.req, BODY_LIMIT) : Buffer.alloc(0);
      } catch (e) {
        ctx.status = e instanceof BodyTooLarge ? 413 : 400;
        ctx.body = '';
        ctx.set('Connection', 'close');
        return;
      }
      const raw: RawRequest = {
        method: ctx.method,
        query: Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
        headers: Object.fromEntries(Object.entries(ctx.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
        body,
      };
      const receipt = await route.adapter.receive(raw, deps.now());
      const res = await deps.dispatcher.dispatch(receipt);
      ctx.status = res.status;
      ctx.body = res.body;
      ctx.type = res.contentType ?? 'text/plain; charset=utf-8';
    };
    callbacks.set(route.path, callback);
    router.all(route.path, callback); // the path as the router matches it too (a trailing slash, another case)
  }
  app.use(function channelPaths(ctx, next) {
    const callback = callbacks.get(ctx.path);
    return callback ? callback(ctx, next) : next();
  });

  router.get('/healthz', function healthz(ctx) {
    ctx.body = 'ok';
  });

  router.get('/readyz', async function readyz(ctx) {
    try {
      await deps.ready();
      ctx.body = 'ready';
    } catch (e) {
      deps.logger.warn({ err: e }, 'not ready');
      ctx.status = 503;
      ctx.body = 'not ready';
    }
  });

  router.get('/metrics', async function metrics(ctx) {
    const m = await deps.metricsText();
    ctx.type = m.contentType;
    ctx.body = m.body;
  });

  app.use(router.routes());
  app.use(router.allowedMethods());
  for (const r of deps.extraRoutes ?? []) {
    app.use(r.routes());
    app.use(r.allowedMethods());
  }
  return app;
}
