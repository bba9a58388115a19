/**
 * What a table is asked for, as typed in a URL (`org=<code>&from=<YYYY-MM-DD>&to=<YYYY-MM-DD>`), checked into a
 * query or a sentence that says what to write instead (for a 400). Days are calendar days in the workbench's
 * zone (Asia/Shanghai): `from` 00:00 up to the end of `to`, both included.
 */
import { isValidYmd } from '../calendar/time-zone';

export interface WorkbenchQuery {
  /** The org whose jurisdiction (it and everything below it) the table covers. */
  org: string;
  from: string;
  to: string;
  /** 填报人员及电话 in the header line, when the caller knows it (a dashboard viewer); else left blank. */
  filler?: string;
}

export type QueryResult<T> = { ok: true; query: T } | { ok: false; problem: string };

/** The longest period a table covers (a year, plus a leap day's slack). */
export const MAX_PERIOD_DAYS = 366;
const ORG = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

const daysBetween = (a: string, b: string): number => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

export function parseOrgParam(raw: unknown): QueryResult<string> {
  const org = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!org) return { ok: false, problem: 'org is required: the code of the org whose jurisdiction the table covers, e.g. org=NX-YC-YN' };
  if (org.length > 40 || !ORG.test(org)) return { ok: false, problem: 'org is an org code of the directory: letters and digits in dash-separated parts, e.g. org=NX-YC-YN' };
  return { ok: true, query: org };
}

/** `dates: 'required'` for the period tables; 'ignored' for the contacts table (any given must still read well). */
export function parseWorkbenchQuery(raw: Record<string, unknown>, dates: 'required' | 'ignored' = 'required'): QueryResult<WorkbenchQuery> {
  const org = parseOrgParam(raw.org);
  if (!org.ok) return org;
  const out: Record<'from' | 'to', string> = { from: '', to: '' };
  for (const key of ['from', 'to'] as const) {
    const v = typeof raw[key] === 'string' ? (raw[key] as string).trim() : '';
    if (!v && dates === 'ignored') continue;
    if (!v) return { ok: false, problem: `${key} is required: a day written YYYY-MM-DD, e.g. ${key}=2026-11-01` };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || !isValidYmd(v)) return { ok: false, problem: `${key} must be a calendar day written YYYY-MM-DD, e.g. ${key}=2026-11-01` };
    out[key] = v;
  }
  if (out.from && out.to) {
    if (out.to < out.from) return { ok: false, problem: 'to must not be before from (both days are included)' };
    if (daysBetween(out.from, out.to) >= MAX_PERIOD_DAYS) return { ok: false, problem: `a table covers at most ${MAX_PERIOD_DAYS} days: narrow from and to` };
  }
  return { ok: true, query: { org: org.query, from: out.from, to: out.to } };
}
