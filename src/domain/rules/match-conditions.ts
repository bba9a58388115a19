/**
 * The structured conditions of the rules (detect.condition), evaluated on a subject's fields and the match
 * context: secondment longer than N months, training hours over N, an activity not on the whitelist, an
 * inspection not on the plan, a monthly report missing after its deadline. See match-rules.ts for the scores.
 */
import { addMonthsYmd, DEFAULT_TZ, diffDaysYmd, endOfDayInZone, isValidYmd, ymdInZone } from '../calendar/time-zone';
import { monthlyDeadline } from '../calendar/working-days';
import { matchActivity, type ActivityMatch } from './match-activity';
import { CONFIDENCE, type Candidate, type MatchContext } from './match-context';
import type { TextFacts } from './read-text-facts';
import type { Condition, DatedItem, Lexicon, RuleSubject, WhitelistEntry } from './rule';

function render(template: string, facts: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in facts ? String(facts[k]) : m));
}

function describe(lex: Lexicon, name: string, facts: Record<string, string | number>): string {
  const t = lex.evidence[name];
  if (t) return render(t, facts);
  return `${name}: ${Object.entries(facts)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}`;
}

function listItems(explicit: DatedItem[] | undefined, subject: RuleSubject, category: string): DatedItem[] {
  if (explicit && explicit.length > 0) return explicit;
  if (subject.category === category && subject.itemName) {
    return [{ name: subject.itemName, ...(subject.organisingUnit ? { unit: subject.organisingUnit } : {}) }];
  }
  return [];
}

function notOnList(
  name: 'activity_not_on_whitelist' | 'inspection_not_on_plan',
  items: DatedItem[],
  list: WhitelistEntry[] | undefined,
  lex: Lexicon,
): Candidate | undefined {
  if (items.length === 0) return undefined;
  // No list (or an empty one, which is what a region that has not imported its list looks like): only what the
  // school itself declared "not on the list" counts, a little less sure than the list's own verdict.
  if (!list || list.length === 0) {
    const declared = items.filter((i) => i.declaredOnList === 'no');
    if (declared.length === 0) return undefined;
    return {
      confidence: CONFIDENCE.declaredNotOnList,
      evidence: declared.map((i) => describe(lex, `${name}_declared`, { name: i.name })).join('; '),
      condition: { name, facts: { name: declared[0]!.name, declared: 'no', count: declared.length } },
    };
  }
  const misses: Array<{ item: DatedItem; m: ActivityMatch }> = [];
  for (const item of items) {
    const m = matchActivity({ name: item.name, ...(item.unit ? { unit: item.unit } : {}), ...(item.date ? { date: item.date } : {}) }, list, lex.activity);
    if (m.verdict === 'not_on_list') misses.push({ item, m });
  }
  if (misses.length === 0) return undefined;
  const parts = misses.map(({ item, m }) => {
    const closest = m.entry && m.score > 0 ? describe(lex, 'closest', { best: m.entry.name, score: m.score.toFixed(2) }) : '';
    return { facts: { name: item.name, ...(m.entry ? { best: m.entry.name, score: m.score } : {}) }, text: describe(lex, name, { name: item.name, closest }) };
  });
  return {
    confidence: CONFIDENCE.notOnList,
    evidence: parts.map((p) => p.text).join('; '),
    condition: { name, facts: { ...parts[0]!.facts, count: misses.length } },
  };
}

/** "半年" for 6 months when the lexicon has a word for it (evidence months_6), else "6个月". */
function monthsText(lex: Lexicon, months: number): string {
  return lex.evidence[`months_${months}`] ?? describe(lex, 'months', { months });
}

export function evalCondition(cond: Condition, subject: RuleSubject, ctx: MatchContext, lex: Lexicon, text: TextFacts = {}): Candidate | undefined {
  const tz = ctx.tz ?? DEFAULT_TZ;
  switch (cond.name) {
    case 'secondment_longer_than_months': {
      const today = ymdInZone(ctx.now, tz);
      let worst: { to: string; since: string; months: number; days: number } | undefined;
      for (const s of subject.secondments ?? []) {
        if (!isValidYmd(s.since) || s.since > today) continue;
        if (addMonthsYmd(s.since, cond.months) >= today) continue;
        let months = cond.months;
        while (addMonthsYmd(s.since, months + 1) <= today) months++;
        const days = diffDaysYmd(addMonthsYmd(s.since, months), today);
        if (!worst || s.since < worst.since) worst = { to: s.to, since: s.since, months, days };
      }
      if (!worst) {
        const t = text.secondment;
        if (!t || !(t.months > cond.months)) return undefined;
        const facts = { months: t.months, surface: t.surface, limit: cond.months, limitText: monthsText(lex, cond.months) };
        return { confidence: CONFIDENCE.secondmentText, evidence: describe(lex, 'secondment_text', facts), condition: { name: cond.name, facts } };
      }
      // "about 15 months": a part of a month past its half counts as a month.
      const approx = worst.months + (worst.days >= 15 ? 1 : 0);
      const facts = { ...worst, approx, limit: cond.months, limitText: monthsText(lex, cond.months) };
      return { confidence: CONFIDENCE.secondment, evidence: describe(lex, cond.name, facts), condition: { name: cond.name, facts } };
    }
    case 'training_hours_per_year_over': {
      const hours = subject.trainingHoursThisYear;
      if (hours === undefined) {
        const t = text.trainingHours;
        if (!t || !(t.hours > cond.hours)) return undefined;
        const facts = { hours: t.hours, surface: t.surface, limit: cond.hours };
        return { confidence: CONFIDENCE.training, evidence: describe(lex, 'training_text', facts), condition: { name: cond.name, facts } };
      }
      if (!(hours > cond.hours)) return undefined;
      const facts = { hours, limit: cond.hours };
      return { confidence: CONFIDENCE.training, evidence: describe(lex, cond.name, facts), condition: { name: cond.name, facts } };
    }
    case 'activity_not_on_whitelist':
      return notOnList(cond.name, listItems(subject.activities, subject, 'campus_affairs'), ctx.whitelist, lex);
    case 'inspection_not_on_plan':
      return notOnList(cond.name, listItems(subject.inspections, subject, 'inspection'), ctx.inspectionPlan, lex);
    case 'monthly_report_missing': {
      if (subject.kind !== 'monthly' || !subject.period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(subject.period)) return undefined;
      const deadline = monthlyDeadline(subject.period);
      const passes = endOfDayInZone(deadline, tz);
      const late = subject.submittedAt ? subject.submittedAt.getTime() >= passes.getTime() : ctx.now.getTime() >= passes.getTime();
      if (!late) return undefined;
      const facts = { period: subject.period, deadline };
      return { confidence: CONFIDENCE.monthlyMissing, evidence: describe(lex, cond.name, facts), condition: { name: cond.name, facts } };
    }
  }
}

