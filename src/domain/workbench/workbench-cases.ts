/**
 * What the tables share: the jurisdiction of an org (it and everything below it, inactive orgs included so that
 * old cases still count) and the cases of a period within it.
 *
 * A case belongs to the jurisdiction that handles it: `routedTo` within the org's subtree (a case not routed yet
 * counts by its school), exactly as officials' rights (official-scope.ts). So a case sent up because it accuses
 * a bureau never shows in that bureau's tables. Rejected cases (驳回: not a problem after checking) are left out.
 * The period is the day the case was filed, in the workbench's zone.
 */
import type { StoreEngine } from '../../store/collection';
import { orgModel, type OrgRow } from '../../store/org.model';
import { reportModel, type ReportRow } from '../../store/report.model';
import { endOfDayInZone, zonedInstant } from '../calendar/time-zone';
import type { Category } from '../rules/rule';
import type { TableLayouts } from './table-layout';

export interface WorkbenchContext {
  store: StoreEngine;
  layouts: TableLayouts;
  categories: readonly Category[];
  /** Renders templates/messages ids (rectification.*). */
  render(id: string, vars?: Record<string, unknown>): string;
  tz: string;
  now: () => Date;
}

export interface Jurisdiction {
  org: OrgRow;
  /** The org and every org below it, top down (parents before children), by code within a level. */
  orgs: OrgRow[];
}

export async function jurisdictionOf(ctx: WorkbenchContext, orgId: string): Promise<Jurisdiction | null> {
  const orgs = ctx.store.collection(orgModel);
  const org = await orgs.findOne({ _id: orgId });
  if (!org) return null;
  const below = await orgs.find({ path: orgId });
  below.sort((a, b) => a.path.length - b.path.length || a.path.join('/').localeCompare(b.path.join('/')));
  return { org, orgs: below };
}

export async function casesOf(ctx: WorkbenchContext, j: Jurisdiction, from: string, to: string): Promise<ReportRow[]> {
  const bureaus = j.orgs.filter((o) => o.bureauName).map((o) => o._id);
  const schools = j.orgs.filter((o) => o.level === 'school').map((o) => o._id);
  const createdAt = { $gte: zonedInstant(from, 0, ctx.tz), $lt: endOfDayInZone(to, ctx.tz) };
  const within = [
    ...(bureaus.length > 0 ? [{ routedTo: { $in: bureaus } }] : []),
    ...(schools.length > 0 ? [{ routedTo: { $exists: false }, schoolId: { $in: schools } }] : []),
  ];
  if (within.length === 0) return [];
  const rows = await ctx.store.collection(reportModel).find({ createdAt, status: { $ne: 'rejected' }, $or: within }, { sort: { createdAt: 1, _id: 1 } });
  return rows;
}

/** 问题类别 as the documents write it: "（一）监督检查评比考核". A complaint takes the category of the rule it breaks. */
export function categoryText(ctx: WorkbenchContext, r: ReportRow): string {
  const code = r.category ?? r.matchedRules?.[0]?.category ?? 'other';
  const c = ctx.categories.find((x) => x.code === code);
  return c ? ctx.layouts.render('category', { numeral: c.numeral, name: c.name }) : '';
}

/** The footnote's list of the 8 categories, in the document's order. */
export function categoryList(ctx: WorkbenchContext): string {
  return [...ctx.categories]
    .sort((a, b) => a.order - b.order)
    .map((c) => ctx.layouts.render('category', { numeral: c.numeral, name: c.name }))
    .join(ctx.layouts.categorySeparator);
}

/** A day 'YYYY-MM-DD' as the documents write dates (2026年11月5日). */
export function dateText(ctx: WorkbenchContext, ymd: string | undefined): string {
  if (!ymd) return '';
  const [y, m, d] = ymd.split('-').map(Number);
  return ctx.layouts.render('date', { y, m, d });
}
