/**
 * /dashboard: the officials' dashboard, server-rendered, scoped to the session's official and org.
 *
 * - GET /dashboard/login?t=... shows a button; POST /dashboard/login redeems the one-time link and sets the
 *   session cookie (HttpOnly, SameSite=Strict, 8 hours, Secure when PUBLIC_URL is https), then 303 to
 *   /dashboard. The link is not spent by a GET: chat apps and scanners open links to preview them, and a
 *   Strict cookie set during a navigation that began in another app would not be sent on its redirect.
 * - Every page view, export, login and logout goes into the audit log.
 * - Every response: no-store, no referrer to other sites (the link's secret must not travel), a CSP with no script at all,
 *   frames refused. A POST whose Origin is another site is refused.
 */
import Router from '@koa/router';
import type Koa from 'koa';
import type { DashboardPage } from '../core/data-table';
import type { DashboardHtml } from './dashboard-html';
import { BodyTooLarge, readBody } from './read-body';
import { XLSX_CONTENT_TYPE } from './admin-monitoring-router';

export interface DashboardViewer {
  userKey: string;
  name: string;
  org: { _id: string; name: string; bureauName: string };
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
type Params = { period?: string; year?: string };

/** What the routes need of the domain (wired in main.ts). */
export interface DashboardPort {
  redeem(token: string): Promise<{ session: string; expiresAt: Date; viewer: DashboardViewer } | null>;
  viewerOf(session: string): Promise<DashboardViewer | null>;
  logout(session: string): Promise<void>;
  record(viewer: DashboardViewer, action: 'login' | 'logout' | 'view' | 'export', target: string, params?: Record<string, string>): Promise<void>;
  page(viewer: DashboardViewer, id: 'overview' | 'ledger', params: Params): Promise<Checked<DashboardPage & { period: string; year: number }>>;
  exportTable(viewer: DashboardViewer, tableId: string, params: Params): Promise<Checked<{ body: Buffer; fileName: string } | null>>;
}

export const SESSION_COOKIE = 'jf_dash';
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface DashboardRouterDeps {
  port: DashboardPort;
  html: DashboardHtml;
  /** PUBLIC_URL is https: the cookie is Secure. */
  secureCookie: boolean;
  /** The session's lifetime, the cookie's Max-Age (the store's expiry is what counts). */
  sessionSeconds: number;
  /** The origin people reach us at (PUBLIC_URL's), accepted on POSTs besides the request's own. */
  publicOrigin: () => string;
}

export function createDashboardRouter(deps: DashboardRouterDeps): Router {
  const { port, html } = deps;
  const router = new Router({ prefix: '/dashboard' });

  router.use(async function dashboardHeaders(ctx, next) {
    ctx.set('Cache-Control', 'no-store');
    // Not 'no-referrer': under it a browser sends `Origin: null` with our own forms, which the check below refuses.
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', CSP);
    await next();
  });

  const send = (ctx: Koa.Context, status: number, body: string) => {
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = body;
  };
  const cookie = (value: string, maxAge: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${deps.secureCookie ? '; Secure' : ''}`;
  const sessionOf = (ctx: Koa.Context): string | undefined => {
    const m = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]{1,100})`).exec(ctx.get('cookie'));
    return m?.[1];
  };
  const first = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
  const paramsOf = (ctx: Koa.Context): Params => {
    const period = first(ctx.query.period)?.trim();
    const year = first(ctx.query.year)?.trim();
    return { ...(period ? { period: period.slice(0, 20) } : {}), ...(year ? { year: year.slice(0, 10) } : {}) };
  };
  const queryOf = (p: Params) => {
    const q = new URLSearchParams(p as Record<string, string>).toString();
    return q ? `?${q}` : '';
  };
  /** A POST from a page of another site (Origin is sent on every cross-site POST by today's browsers). */
  const crossSite = (ctx: Koa.Context) => {
    const origin = ctx.get('origin');
    return origin !== '' && origin !== `${ctx.protocol}://${ctx.host}` && origin !== deps.publicOrigin();
  };
  async function viewer(ctx: Koa.Context): Promise<DashboardViewer | null> {
    const s = sessionOf(ctx);
    const v = s ? await port.viewerOf(s) : null;
    if (!v) send(ctx, 401, html.notice('need_login'));
    return v;
  }

  router.get('/style.css', function dashboardCss(ctx) {
    ctx.type = 'text/css; charset=utf-8';
    ctx.body = html.css;
  });

  router.get('/login', function loginPage(ctx) {
    const t = first(ctx.query.t) ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(t)) return send(ctx, 400, html.notice('link_invalid'));
    send(ctx, 200, html.login(t));
  });

  router.post('/login', async function login(ctx) {
    if (crossSite(ctx)) return send(ctx, 403, html.notice('refused'));
    let body: Buffer;
    try {
      body = await readBody(ctx.req, 4096);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      return send(ctx, 413, html.notice('link_invalid'));
    }
    const token = new URLSearchParams(body.toString('utf8')).get('t') ?? '';
    const r = await port.redeem(token);
    if (!r) return send(ctx, 400, html.notice('link_invalid'));
    await port.record(r.viewer, 'login', 'login');
    ctx.set('Set-Cookie', cookie(r.session, deps.sessionSeconds));
    ctx.status = 303;
    ctx.redirect('/dashboard');
  });

  router.post('/logout', async function logout(ctx) {
    if (crossSite(ctx)) return send(ctx, 403, html.notice('refused'));
    const s = sessionOf(ctx);
    const v = s ? await port.viewerOf(s) : null;
    if (s) await port.logout(s);
    if (v) await port.record(v, 'logout', 'logout');
    ctx.set('Set-Cookie', cookie('', 0));
    send(ctx, 200, html.notice('signed_out'));
  });

  const showPage = (id: 'overview' | 'ledger') =>
    async function dashboardPage(ctx: Koa.Context) {
      const v = await viewer(ctx);
      if (!v) return;
      const params = paramsOf(ctx);
      const page = await port.page(v, id, params);
      await port.record(v, 'view', id, params);
      if (!page.ok) return send(ctx, 400, html.notice('bad_param', page.message));
      send(ctx, 200, html.page(page.value, { name: v.name, scope: v.org.bureauName || v.org.name }, queryOf({ period: page.value.period, year: String(page.value.year) })));
    };
  router.get('/', showPage('overview'));
  router.get('/ledger', showPage('ledger'));

  router.get('/export/:file', async function exportTable(ctx) {
    const v = await viewer(ctx);
    if (!v) return;
    const file = String(ctx.params.file);
    const m = /^([a-z0-9-]{1,80})\.xlsx$/.exec(file);
    const params = paramsOf(ctx);
    await port.record(v, 'export', file.slice(0, 100), params);
    const r = m ? await port.exportTable(v, m[1]!, params) : { ok: true as const, value: null };
    if (!r.ok) return send(ctx, 400, html.notice('bad_param', r.message));
    if (!r.value) return send(ctx, 404, html.notice('not_found'));
    ctx.set('Content-Type', XLSX_CONTENT_TYPE);
    ctx.set('Content-Disposition', `attachment; filename="${r.value.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    ctx.body = r.value.body;
  });

  router.all('/{*rest}', function dashboardNotFound(ctx) {
    send(ctx, 404, html.notice('not_found'));
  });

  return router;
}
