/**
 * The dashboard's HTML, from the mustache templates in templates/dashboard/ (zh-CN). Mustache escapes every
 * value ({{x}}); the only unescaped insertions ({{{x}}}) are fragments rendered here from escaped parts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import type { DashboardPage } from '../core/data-table';
import { svgBars } from './svg-bars';

const FILES = ['layout', 'page', 'login', 'notice'] as const;
type File = (typeof FILES)[number];

export interface DashboardHtml {
  css: string;
  page(p: DashboardPage & { period: string; year: number }, viewer: { name: string; scope: string }, query: string): string;
  login(token: string): string;
  /** A page with a title and a sentence: errors, "signed out"; `message` is a sentence from the domain's templates. */
  notice(kind: string, message?: string): string;
}

export function loadDashboardHtml(dir: string): DashboardHtml {
  const files = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, `${f}.html`), 'utf8')])) as Record<File, string>;
  for (const f of FILES) Mustache.parse(files[f]);
  const css = readFileSync(join(dir, 'style.css'), 'utf8');
  const layout = (title: string, body: string, viewer?: { name: string; scope: string }) => Mustache.render(files.layout, { title, body, viewer });

  return {
    css,
    page(p, viewer, query) {
      const tables = p.tables.map((tb) => ({
        ...tb,
        chart: tb.chart ? svgBars(tb.chart, tb.title) : '',
        rows: tb.rows.map((r) => ({ first: String(r[0] ?? ''), rest: r.slice(1).map((c) => ({ c: String(c) })) })),
        empty: tb.rows.length === 0,
        download: `/dashboard/export/${encodeURIComponent(tb.id)}.xlsx${query}`,
      }));
      const body = Mustache.render(files.page, { ...p, tables, isOverview: p.id === 'overview', isLedger: p.id === 'ledger' });
      return layout(p.title, body, viewer);
    },
    login: (token) => layout('', Mustache.render(files.login, { token })),
    notice: (kind, message) => layout('', Mustache.render(files.notice, { [kind]: true, message })),
  };
}
