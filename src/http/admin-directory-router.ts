/**
 * Directory import through the admin API: POST /admin/directory/<orgs|people|points>.csv with the CSV as the
 * body (UTF-8 or GB18030, as Excel writes it). Validated whole against the store; with any row error nothing
 * is written and every error comes back with its line. One import at a time (the store has no transactions).
 */
import Router from '@koa/router';
import type { StoreEngine } from '../store/collection';
import { parseDirectoryCsv } from '../domain/directory/directory-csv';
import { loadDirectory } from '../domain/directory/load-directory';
import { adminAuth } from './admin-auth';
import { oneAtATime, readUpload } from './read-upload';

const TABLES = ['orgs', 'people', 'points'] as const;
const CSV_LIMIT = 5 * 1024 * 1024;

export function createAdminDirectoryRouter(deps: { adminToken: string | undefined; store: StoreEngine; now: () => Date }): Router {
  const router = new Router({ prefix: '/admin/directory' });
  router.use(adminAuth(deps.adminToken));
  const exclusive = oneAtATime('directory');

  router.post('/:table.csv', async function importCsv(ctx) {
    const table = ctx.params.table as (typeof TABLES)[number];
    if (!TABLES.includes(table)) {
      ctx.status = 404;
      ctx.body = { error: `unknown table: use ${TABLES.map((t) => `${t}.csv`).join(', ')}` };
      return;
    }
    await exclusive(ctx, async () => {
      const body = await readUpload(ctx, CSV_LIMIT);
      if (!body) return;
      const parsed = parseDirectoryCsv({ [table]: body });
      if (!parsed.ok) {
        ctx.status = 422;
        ctx.body = { loaded: false, errors: parsed.errors, warnings: parsed.warnings };
        return;
      }
      const result = await loadDirectory(deps.store, parsed.rows, deps.now());
      if (!result.ok && result.stage === 'validate') {
        ctx.status = 422;
        ctx.body = { loaded: false, errors: result.errors, warnings: result.warnings };
        return;
      }
      if (!result.ok) {
        ctx.status = 503;
        ctx.body = { loaded: false, error: `write failed at ${result.failedAt}; safe to retry`, counts: result.counts };
        return;
      }
      ctx.body = { loaded: true, counts: result.counts, warnings: [...parsed.warnings, ...result.warnings] };
    });
  });

  return router;
}
