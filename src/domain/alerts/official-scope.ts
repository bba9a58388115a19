/**
 * Who may act on a case: an active person with the official role, on cases routed to their org or below
 * (`isWithin(case.routedTo, official.orgId)`; a case not routed yet counts by its school), unless the case
 * accuses their bureau (recusedOf). Anything else, an unknown case included, is the same `null`, so that a
 * refusal never says whether a case exists.
 */
import type { PlatformId } from '../../core/message';
import type { AlertEscalation, AlertRule, AlertStatus } from '../../store/alert.model';
import type { OrgRow } from '../../store/org.model';
import { personKey, type PersonRow } from '../../store/person.model';
import type { ReportRow } from '../../store/report.model';
import { toOfficialReportView, type OfficialReportView, type StatusActor } from '../reports';
import { normaliseName } from '../rules/normalise';
import { officeName, type AlertContext } from './alert-context';
import { currentAlert } from './open-alert';
import { reportFacts } from './report-facts';

export interface Who {
  channel: PlatformId;
  userId: string;
}

export interface Official {
  person: PersonRow;
  org: OrgRow;
  userKey: string;
  /** The history actor: the official's name (officials see it) and the office's name (reporters see it). */
  actor: StatusActor;
}

export interface AlertSummary {
  level: number;
  status: AlertStatus;
  claimDeadline?: Date;
  resolveDeadline?: Date;
  claimedBy?: string;
  escalations: (Pick<AlertEscalation, 'at' | 'reason' | 'level'> & { to: string })[];
  /** The rules the alert cites, all of them (the group message shows the first few). */
  rules: AlertRule[];
}

/** A case as officials see it: the official view (never a raw row) and names for its ids. */
export interface CaseDetail {
  view: OfficialReportView;
  bureau?: string;
  school?: string;
  category?: string;
  alert?: AlertSummary;
}

export async function findOfficial(ctx: AlertContext, who: Who): Promise<Official | null> {
  const person = await ctx.directory.findPerson(who.channel, who.userId);
  if (!person || !person.roles.includes('official') || !person.orgId) return null;
  const org = await ctx.directory.getOrg(person.orgId);
  if (!org || !org.active) return null;
  return {
    person,
    org,
    userKey: personKey(person.channel, person.userId),
    actor: { kind: 'official', name: person.name, orgId: org._id, orgName: officeName(org) },
  };
}

export async function authorise(ctx: AlertContext, who: Who, caseNumber: string): Promise<{ official: Official; report: ReportRow } | null> {
  const official = await findOfficial(ctx, who);
  if (!official) return null;
  const report = await ctx.reports.get(caseNumber);
  const scope = report ? (report.routedTo ?? report.schoolId) : undefined;
  if (!report || !scope || !(await ctx.directory.isWithin(scope, official.org._id))) return null;
  if ((await recusedOf(ctx, report)).includes(official.org._id)) return null;
  return { official, report };
}

/** The bureaus a case accuses: recorded when it was routed, worked out for a case not routed yet. */
export async function recusedOf(ctx: AlertContext, report: ReportRow): Promise<string[]> {
  return report.routedTo ? (report.recusedOrgIds ?? []) : ctx.router.recused(report);
}

/** A transfer's target as typed: an org code, or the exact (else the only containing) name of an org or its bureau. */
export async function findBureau(ctx: AlertContext, text: string, scope: OrgRow): Promise<OrgRow | null> {
  const typed = text.trim();
  if (!typed) return null;
  let org = (await ctx.directory.getOrg(typed)) ?? (await ctx.directory.getOrg(typed.toUpperCase()));
  if (!org || !org.active) {
    const n = normaliseName(typed);
    const all = await ctx.directory.orgsWithin(scope.path[0] ?? scope._id);
    const forms = (o: OrgRow) => [normaliseName(o.name), normaliseName(o.bureauName)].filter((f) => f.length > 0);
    const exact = all.filter((o) => forms(o).includes(n));
    const containing = [...n].length >= 2 ? all.filter((o) => o.bureauName && forms(o).some((f) => f.includes(n))) : [];
    org = exact.length === 1 ? exact[0]! : exact.length === 0 && containing.length === 1 ? containing[0]! : null;
  }
  return org ? ctx.directory.bureauFor(org._id) : null;
}

const nameOf = async (ctx: AlertContext, id: string | undefined): Promise<string | undefined> => {
  const org = id ? await ctx.directory.getOrg(id) : null;
  return org ? officeName(org) : id;
};

export async function caseDetail(ctx: AlertContext, report: ReportRow): Promise<CaseDetail> {
  const alert = await currentAlert(ctx, report.caseNumber);
  // As the alert says them: no school when the reporter shows only the county; a complaint's category from its rules.
  const { view, school, category } = await reportFacts(ctx, toOfficialReportView(report));
  const detail: CaseDetail = { view };
  const bureau = await nameOf(ctx, report.routedTo);
  if (bureau) detail.bureau = bureau;
  if (school) detail.school = school;
  if (category) detail.category = category;
  if (alert) {
    const escalations = [];
    for (const e of alert.escalations) escalations.push({ at: e.at, level: e.level, reason: e.reason, to: (await nameOf(ctx, e.toOrgId))! });
    detail.alert = {
      level: alert.level,
      status: alert.status,
      escalations,
      rules: alert.rules,
      ...(alert.claimDeadline ? { claimDeadline: alert.claimDeadline } : {}),
      ...(alert.resolveDeadline ? { resolveDeadline: alert.resolveDeadline } : {}),
      ...(alert.claimedBy ? { claimedBy: alert.claimedBy.name } : {}),
    };
  }
  return detail;
}
