import type { ReportRow } from '../../store/report.model';
import type { DatedItem, RuleSubject } from '../rules/rule';

/**
 * The channel-neutral view of a report that the rule matcher reads. Nothing about the reporter is in it.
 * The report's own item also becomes a dated list item when its category has a list to check it against, so
 * the whitelist / plan verdict knows the date (without it the matcher would build the item undated):
 * - campus_affairs (社会事务进校园) → `activities` (checked against the whitelist, 白名单);
 * - inspection (督查检查评比考核) → `inspections` (checked against the approved annual plan);
 * - secondment (抽调借用) with a date and a unit → `secondments: [{ to: organisingUnit, since: happenedOn }]`
 *   (the chat asks for the date the secondment began as its 开展时间).
 * For a finding of a monthly table (`origin`), `approved` is what the school declared about the item being on
 * the plan / whitelist: it goes with the item as `declaredOnList`. A teacher's answer does not (a belief, not
 * the school's declaration).
 */
export function toRuleSubject(report: ReportRow): RuleSubject {
  const subject: RuleSubject = { kind: report.kind, content: report.content };
  if (report.category !== undefined) subject.category = report.category;
  if (report.itemName !== undefined) subject.itemName = report.itemName;
  if (report.organisingUnit !== undefined) subject.organisingUnit = report.organisingUnit;
  if (report.form !== undefined) subject.form = report.form;
  if (report.approved !== undefined) subject.approved = report.approved;
  if (report.itemName !== undefined) {
    const item: DatedItem = { name: report.itemName };
    if (report.organisingUnit !== undefined) item.unit = report.organisingUnit;
    if (report.happenedOn !== undefined) item.date = report.happenedOn;
    if (report.origin && report.approved !== undefined) item.declaredOnList = report.approved;
    if (report.category === 'campus_affairs') subject.activities = [item];
    if (report.category === 'inspection') subject.inspections = [item];
  }
  if (report.category === 'secondment' && report.happenedOn !== undefined && report.organisingUnit !== undefined) {
    subject.secondments = [{ to: report.organisingUnit, since: report.happenedOn }];
  }
  return subject;
}
