/**
 * Whitelists and inspection plans through the admin API (bearer ADMIN_TOKEN):
 *   POST /admin/lists/<whitelist|plan>/<REGION>/<year>.<csv|xlsx>[?source=<file name>]   import, replacing that list
 *   GET  /admin/lists                                                                    what is imported
 *   GET  /admin/lists/<whitelist|plan>/<REGION>/<year>.json                              one list's entries
 * An import is checked whole: with any row error nothing is written and every error comes back with its
 * line (422); the previous list stays until an import succeeds. One import at a time.
 */
import Router from '@koa/router';
import type Koa from 'koa';
import { LIST_KINDS, type ListKind } from '../store/activity-list.model';
import { parseActivityList, type ListColumns, type ListFormat, type ListRepo } from '../domain/lists';
import { adminAuth } from './admin-auth';
import { oneAtATime, readUpload } from './read-upload';

const FILE_LIMIT = 5 * 1024 * 1024;
const YEARS = { min: 2000, max: 2100 };

export interface AdminListsDeps {
  adminToken: string | undefined;
  lists: ListRepo;
  columns: ListColumns;
  now: () => Date;
}

type Target = { kind: ListKind; region: string; year: number; ext: string };

function target(ctx: Koa.Context, exts: readonly string[]): Target | undefined {
  const { kind, region, file } = ctx.params as Record<string, string>;
  const m = /^(\d{4})\.([a-z]+)$/.exec(file ?? '');
  const problem = !LIST_KINDS.includes(kind as ListKind)
    ? `unknown list "${String(kind).slice(0, 40)}": use ${LIST_KINDS.join(' or ')}`
    : !/^[A-Z]{2,6}$/.test(region ?? '')
      ? 'the region is 2 to 6 capital letters, as REGION (e.g. NX)'
      : !m || !exts.includes(m[2]!)
        ? `name the file <year>.${exts.join(' or <year>.')}`
        : Number(m[1]) < YEARS.min || Number(m[1]) > YEARS.max
          ? `the year must be ${YEARS.min} to ${YEARS.max}`
          : undefined;
  if (problem) {
    ctx.status = 404;
    ctx.body = { error: problem };
    return undefined;
  }
  return { kind: kind as ListKind, region: region!, year: Number(m![1]), ext: m![2]! };
}

export function createAdminListsRouter(deps: AdminListsDeps): Router {
  const router = new Router({ prefix: '/admin/lists' });
  router.use(adminAuth(deps.adminToken));
  const exclusive = oneAtATime('list');

  router.get('/', async function listLists(ctx) {
    ctx.body = { lists: await deps.lists.list() };
  });

  router.get('/:kind/:region/:file', async function showList(ctx) {
    const t = target(ctx, ['json']);
    if (!t) return;
    const row = await deps.lists.get(t.kind, t.region, t.year);
    if (!row) {
      ctx.status = 404;
      ctx.body = { error: `no ${t.kind} imported for ${t.region} ${t.year}` };
      return;
    }
    ctx.body = { kind: row.kind, region: row.region, year: row.year, version: row.version, importedAt: row.importedAt, count: row.count, entries: row.entries };
  });

  router.post('/:kind/:region/:file', async function importList(ctx) {
    const t = target(ctx, ['csv', 'xlsx']);
    if (!t) return;
    const source = typeof ctx.query.source === 'string' ? ctx.query.source.slice(0, 300) : undefined;
    await exclusive(ctx, async () => {
      const body = await readUpload(ctx, FILE_LIMIT);
      if (!body) return;
      const parsed = await parseActivityList(body, t.ext as ListFormat, t.kind, deps.columns);
      if (!parsed.ok) {
        ctx.status = 422;
        ctx.body = { imported: false, errors: parsed.errors, warnings: parsed.warnings };
        return;
      }
      const saved = await deps.lists.replace(t.kind, t.region, t.year, parsed.entries, deps.now(), source);
      ctx.body = { imported: true, list: saved, warnings: parsed.warnings };
    });
  });

  return router;
}
