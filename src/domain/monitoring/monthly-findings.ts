/**
 * What a monthly table tells the bureau: every item of an observation point's answer is checked against the
 * published lists like a teacher's report (an inspection not on the approved plan, an activity not on the
 * whitelist, a secondment longer than six months, a form or the free text that names a listed burden), and
 * each item that breaks a rule becomes a case filed in the liaison's name (`origin: monitoring`), routed
 * and alerted by the alert workflow like any report.
 *
 * Idempotent: an item's draft id is the point plus a hash of the item, so the same item filed again (an
 * amendment that keeps it, the deadline job's second look, a retry, a secondment still running next month)
 * gives the first case; an amended item is a new one. The free text is keyed by the answer. Never throws: a
 * failure is logged and the monthly-deadline job looks at every answer again.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../../core/ports';
import type { TemplateVars } from '../../core/templates';
import type { PlatformId } from '../../core/message';
import { countGraphemes } from '../../core/parsers/count-graphemes';
import type { MonthlyAnswerRow } from '../../store/monthly-answer.model';
import type { DirectoryRepo } from '../directory/directory-repo';
import { REPORT_LIMITS, type ReportDraft, type ReportService } from '../reports';
import type { RuleBook } from '../rules/load-catalogs';
import { matchRules, type MatchContext } from '../rules/match-rules';
import { catalogsForRegion } from '../rules/regions';
import type { ListSource, RuleMatch, RuleSubject } from '../rules/rule';
import { zonedInstant } from '../calendar/time-zone';

export interface MonthlyFindingsDeps {
  reports: Pick<ReportService, 'submit'>;
  /** Routes and alerts a filed case (AlertService.afterSubmit: never throws). */
  raise(caseNumber: string): Promise<void>;
  ruleBook: Pick<RuleBook, 'catalogs' | 'regions'>;
  directory: Pick<DirectoryRepo, 'bureauFor' | 'findPerson'>;
  /** The region's imported whitelist and inspection plan. */
  lists?: ListSource;
  render(id: string, vars?: TemplateVars): string;
  region: string;
  tz: string;
  logger: Pick<Logger, 'info' | 'error'>;
}

export interface MonthlyFindings {
  /** Files a case for each item of the answer that breaks a rule; returns their case numbers. */
  file(row: MonthlyAnswerRow, at: Date): Promise<string[]>;
}

type Draft = Omit<ReportDraft, 'draftId' | 'anonymous' | 'region' | 'origin' | 'schoolId'>;
/** `draft` gets its content once the item's matches are known (the facts that break the rule). */
type Finding = { subject: RuleSubject; draft: (matches: RuleMatch[]) => Draft };

const clip = (text: string, max: number) => (countGraphemes(text) <= max ? text : `${[...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].slice(0, max - 1).map((s) => s.segment).join('')}…`);
const name = (text: string) => clip(text, REPORT_LIMITS.itemName);
const unit = (text: string) => clip(text, REPORT_LIMITS.organisingUnit);
const itemHash = (item: unknown) => createHash('sha256').update(JSON.stringify(item)).digest('hex').slice(0, 16);

export function createMonthlyFindings(deps: MonthlyFindingsDeps): MonthlyFindings {
  const t = (id: string, vars?: TemplateVars) => deps.render(`monthly.${id}`, vars);

  /** One subject per item (so a rule names the item that broke it) and the report that item would be. */
  function findingsOf(row: MonthlyAnswerRow): Array<Finding & { key: unknown }> {
    const a = row.answers;
    const [year, month] = row.period.split('-');
    const period = month === undefined ? t('period_year', { year }) : t('period_month', { year, month: Number(month) });
    // The facts that break the rule (借用…已持续约15个月，超过半年), else the words that matched: not a stock sentence.
    const content = (what: string) => (matches: RuleMatch[]) => {
      const m = matches.find((x) => x.condition) ?? matches[0];
      const words = () => m!.evidence.split('+').join(deps.render('alerts.why_join'));
      const facts = m ? (m.condition ? m.evidence : t('finding_words', { words: words() })) : undefined;
      return clip(t('finding_content', { period, what, facts }), REPORT_LIMITS.burdenContent);
    };
    const monthly = (extra: Partial<RuleSubject>): RuleSubject => ({ kind: 'monthly', period: row.period, ...extra });
    return [
      ...a.inspections.map((i) => ({
        key: i,
        subject: monthly({ inspections: [{ name: i.name, unit: i.unit, date: i.date, declaredOnList: i.onPlan }] }),
        draft: (m: RuleMatch[]) => ({ kind: 'burden' as const, category: 'inspection', itemName: name(i.name), organisingUnit: unit(i.unit), happenedOn: i.date, approved: i.onPlan, content: content(t('label_inspections'))(m) }),
      })),
      ...a.activities.map((i) => ({
        key: i,
        subject: monthly({ activities: [{ name: i.name, unit: i.unit, date: i.date, declaredOnList: i.onWhitelist }] }),
        draft: (m: RuleMatch[]) => ({ kind: 'burden' as const, category: 'campus_affairs', itemName: name(i.name), organisingUnit: unit(i.unit), happenedOn: i.date, approved: i.onWhitelist, content: content(t('label_activities'))(m) }),
      })),
      ...a.forms.map((i) => ({
        key: i,
        subject: monthly({ category: 'forms', itemName: i.name, organisingUnit: i.unit }),
        draft: (m: RuleMatch[]) => ({ kind: 'burden' as const, category: 'forms', itemName: name(i.name), organisingUnit: unit(i.unit), content: content(t('label_forms'))(m) }),
      })),
      ...a.secondments.map((i) => ({
        key: i,
        subject: monthly({ secondments: [{ to: i.to, since: i.since }] }),
        draft: (m: RuleMatch[]) => ({ kind: 'burden' as const, category: 'secondment', itemName: name(t('finding_secondment_item', { to: i.to })), organisingUnit: unit(i.to), happenedOn: i.since, content: content(t('label_secondments'))(m) }),
      })),
      ...(a.other
        ? [{ key: { answer: row._id, other: a.other }, subject: monthly({ content: a.other }), draft: () => ({ kind: 'burden' as const, category: 'other', itemName: t('finding_other_item'), content: clip(a.other!, REPORT_LIMITS.burdenContent) }) }]
        : []),
    ];
  }

  return {
    async file(row, at) {
      const filed: string[] = [];
      const [channel, ...rest] = row.submittedBy.split(':');
      const who = { channel: channel as PlatformId, userId: rest.join(':') };
      let found: Array<Finding & { key: unknown; matches: RuleMatch[] }>;
      let person: Awaited<ReturnType<MonthlyFindingsDeps['directory']['findPerson']>>;
      try {
        const bureau = await deps.directory.bureauFor(row.schoolId);
        const { catalogs } = catalogsForRegion(deps.ruleBook, bureau?.divisionCode);
        // The lists of the period's year (a table for December answered in January is checked against December's).
        const periodStart = zonedInstant(`${row.period.slice(0, 4)}-${row.period.slice(5, 7) || '01'}-01`, 12 * 3_600_000, deps.tz);
        const ctx: MatchContext = { now: at, tz: deps.tz, ...(deps.lists ? await deps.lists(deps.region, periodStart) : {}) };
        // Only an item that breaks a rule becomes a case; the others are counted in the monitoring table only.
        found = findingsOf(row)
          .map((f) => ({ ...f, matches: matchRules(f.subject, catalogs, ctx) }))
          .filter((f) => f.matches.length > 0);
        person = await deps.directory.findPerson(who.channel, who.userId);
      } catch (e) {
        deps.logger.error({ err: e, answerId: row._id }, 'checking a monthly answer failed; the monthly-deadline job looks again');
        return filed;
      }
      for (const f of found) {
        const draft: ReportDraft = {
          ...f.draft(f.matches),
          draftId: `monthly:${row.pointId}:${itemHash(f.key)}`,
          schoolId: row.schoolId,
          region: deps.region,
          anonymous: false,
          origin: { kind: 'monitoring', answerId: row._id, period: row.period },
        };
        try {
          const { caseNumber } = await deps.reports.submit(draft, { ...who, ...(person?.name ? { name: person.name } : {}) });
          await deps.raise(caseNumber);
          filed.push(caseNumber);
        } catch (e) {
          // One item that cannot be filed (e.g. a date the report refuses) does not hold back the others.
          deps.logger.error({ err: e, answerId: row._id }, 'filing a monthly finding failed; the monthly-deadline job looks again');
        }
      }
      if (filed.length > 0) deps.logger.info({ answerId: row._id, cases: filed.length }, 'monthly findings filed as cases');
      return filed;
    },
  };
}
