import type { MonthlyAnswerRow } from '../../store/monthly-answer.model';
import type { RuleSubject } from '../rules/rule';

/**
 * The channel-neutral view of a monthly answer that the rule matcher reads (kind 'monthly'):
 * - `inspections` (checked against the approved annual plan) and `activities` (against the whitelist), each
 *   with its name, unit and date, so the matcher's verdict knows the year;
 * - `secondments` with their `since` dates (a secondment longer than six months breaks the rule);
 * - `period` and `submittedAt`, so a late answer raises "monthly report missing";
 * - `content`: the free text ("other"), where a liaison may describe a burden in words.
 * Not carried, because RuleSubject has no place for them: the liaison's own "on the plan / whitelist?" answer
 * per item (the matcher decides from the imported lists), the forms, and flexible working hours.
 * The liaison is not in it: alerts are about the school's burden, not about who reported it.
 */
export function toMonthlyRuleSubject(answer: MonthlyAnswerRow): RuleSubject {
  const a = answer.answers;
  const subject: RuleSubject = {
    kind: 'monthly',
    period: answer.period,
    submittedAt: answer.submittedAt,
    inspections: a.inspections.map((i) => ({ name: i.name, unit: i.unit, date: i.date })),
    activities: a.activities.map((i) => ({ name: i.name, unit: i.unit, date: i.date })),
    secondments: a.secondments.map((s) => ({ to: s.to, since: s.since })),
  };
  if (a.other !== undefined) subject.content = a.other;
  return subject;
}

/** The name the alerts code calls it by (as reports' toRuleSubject). */
export { toMonthlyRuleSubject as toRuleSubject };
