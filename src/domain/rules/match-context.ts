/** What a match is made against besides the rules, and how sure each kind of evidence makes it (match-rules.ts). */
import type { ConditionName, PlanEntry, WhitelistEntry } from './rule';

export interface MatchContext {
  whitelist?: WhitelistEntry[];
  inspectionPlan?: PlanEntry[];
  now: Date;
  /** Matches below this are dropped (default 0.3). Pass 0 to see negated and weak candidates. */
  minConfidence?: number;
  /** Time zone for "today" and the monthly deadline (default Asia/Shanghai). */
  tz?: string;
}

export const DEFAULT_MIN_CONFIDENCE = 0.3;

export const CONFIDENCE = {
  oneGroup: 0.7,
  twoGroups: 0.82,
  threeGroups: 0.88,
  crossSentenceFactor: 0.65,
  excludeElsewhereFactor: 0.7,
  negated: 0.15,
  pattern: 0.85,
  secondment: 0.95,
  /** A secondment's length read from the text (八个月), not from the structured answer. */
  secondmentText: 0.85,
  training: 0.75,
  notOnList: 0.9,
  declaredNotOnList: 0.8,
  monthlyMissing: 0.95,
  approvedNoBonus: 0.05,
  categoryBonus: 0.05,
  /** Times the share of the sentence's words that the rule's hits explain (0..1). */
  coverageBonus: 0.1,
  max: 0.99,
  /** At or above: said as 高; below: 中, and the official is asked to check (请核实). */
  high: 0.8,
} as const;

export function confidenceLevel(confidence: number): 'high' | 'medium' {
  return confidence >= CONFIDENCE.high ? 'high' : 'medium';
}

/** One detector's finding, before the rule-level adjustments. */
export interface Candidate {
  confidence: number;
  evidence: string;
  excerpt?: string;
  /** Share of its sentence's words the hits explain (keyword sets only). */
  coverage?: number;
  condition?: { name: ConditionName; facts: Record<string, string | number> };
}
