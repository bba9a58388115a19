/**
 * Creates an alert row (`<caseNumber>:<n>`, n from 1) with its deadlines in working days, marked for
 * announcement. The first alert of a case has the fixed id `<caseNumber>:1`, so raising a case twice finds
 * the row the first call made instead of making a second.
 */
import { isAppError } from '../../core/errors';
import type { AlertEscalation, AlertRow, AlertRule } from '../../store/alert.model';
import type { MatchedRule } from '../../store/report.model';
import { addWorkingDays } from '../calendar/working-days';
import { catalogsForRegion } from '../rules/regions';
import type { AlertContext } from './alert-context';

export interface OpenAlertInput {
  caseNumber: string;
  orgId: string;
  rules: AlertRule[];
  at: Date;
  /** Opened one level up at once (a reopened case that had no alert). */
  escalation?: AlertEscalation;
  /** The case's first alert: return the existing row rather than a second one. */
  first?: boolean;
}

/** Deadlines counted from `at` in working days (the day itself not counted). */
export function deadlinesFrom(ctx: AlertContext, at: Date): { claimDeadline: Date; resolveDeadline: Date } {
  const { claimDays, resolveDays, tz } = ctx.config;
  return {
    claimDeadline: addWorkingDays(at, claimDays, ctx.calendar, tz).deadline,
    resolveDeadline: addWorkingDays(at, resolveDays, ctx.calendar, tz).deadline,
  };
}

/** The matches as an alert cites them: 依据 for the region's own documents, 参照 for the others. */
export function alertRules(ctx: AlertContext, matches: readonly Omit<MatchedRule, 'matchedAt'>[], divisionCode: string | undefined): AlertRule[] {
  const { binding } = catalogsForRegion(ctx.ruleBook, divisionCode);
  return matches.map((m) => ({
    ruleId: m.ruleId,
    clause: m.clause,
    summary: m.summary,
    confidence: m.confidence,
    binding: binding.has(m.catalogId),
    ...(m.evidence ? { evidence: m.evidence } : {}),
    ...(m.condition ? { byCondition: true } : {}),
  }));
}

const seqOf = (id: string): number => Number(id.slice(id.lastIndexOf(':') + 1)) || 0;

export async function openAlert(ctx: AlertContext, input: OpenAlertInput): Promise<AlertRow> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await ctx.alerts.find({ caseNumber: input.caseNumber });
    const n = input.first ? 1 : Math.max(0, ...existing.map((a) => seqOf(a._id))) + 1;
    const row: AlertRow = {
      _id: `${input.caseNumber}:${n}`,
      caseNumber: input.caseNumber,
      orgId: input.orgId,
      level: input.escalation?.level ?? 0,
      rules: input.rules,
      status: 'open',
      ...deadlinesFrom(ctx, input.at),
      escalations: input.escalation ? [input.escalation] : [],
      announcePending: true,
      createdAt: input.at,
      updatedAt: input.at,
    };
    try {
      return await ctx.alerts.insertOne(row);
    } catch (e) {
      if (!isAppError(e, 'duplicate_key')) throw e;
      if (input.first) return (await ctx.alerts.findOne({ _id: row._id }))!;
    }
  }
  throw new Error(`no free alert number for ${input.caseNumber}`);
}

/** The alert the case is under now: the latest that was not transferred away. */
export async function currentAlert(ctx: AlertContext, caseNumber: string): Promise<AlertRow | null> {
  const all = await ctx.alerts.find({ caseNumber });
  const live = all.filter((a) => a.status !== 'transferred').sort((a, b) => seqOf(b._id) - seqOf(a._id));
  return live[0] ?? null;
}
