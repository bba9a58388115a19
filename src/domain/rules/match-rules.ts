/**
 * Which published rules does a report, complaint or monthly answer break? Pure: no I/O, the clock is ctx.now.
 *
 * Text. The subject's organising unit + item name (one sentence), content, form, and each listed activity or
 * inspection are normalised (see normalise.ts), split into sentences at 。!?; and line breaks, and read as
 * people write (prepare-sentences.ts): words by a segmenter, paraphrases of the lexicon ("投三票" is 投票,
 * "装…软件" is 安装 app, "填了四回" is 重复填报), numbers and durations (read-text-facts.ts).
 * A listed item the whitelist / plan has, or that the school declared on it, is not read as text.
 *
 * Keyword sets (detect.keywords, eval-keyword-set.ts). Each group of a set must have a hit; one word cannot
 * serve two groups.
 *   - all groups inside one sentence: 0.70 for one group, 0.82 for two, 0.88 for three or more;
 *   - groups spread over several sentences: × 0.65;
 *   - × the set's weight from the data;
 *   - + 0.1 × the share of the sentence's words the set's hits explain, so that of two rules the one that
 *     explains more of the sentence comes first;
 *   - a negated hit (没有要求我们下载APP) or a hypothetical one (如果以后再让我们…) does not count
 *     (is-negated.ts); a set met only by such hits scores 0.15, below the default threshold;
 *   - an `exclude` word in the matched sentence cancels that sentence; elsewhere in the text it gives × 0.7.
 * Patterns (detect.patterns): a regex matching inside one sentence scores 0.85; they are not negation-checked
 * (the pattern says what it means, e.g. "没有落实弹性上下班"), but a hypothetical cancels them; `exclude` applies.
 * Conditions (detect.condition), on the structured fields and ctx: secondment longer than N months 0.95, or
 * 0.85 from a duration in the text; training hours over N 0.75, from the field or the text (hours beyond 72
 * may be 新课改 training the rule allows); activity not on the whitelist / inspection not on the plan 0.90
 * (verdict 'not_on_list' of match-activity), or 0.80 without a list when the school itself declared the item
 * not on it (DatedItem.declaredOnList); monthly report missing after the deadline 0.95 (match-conditions.ts).
 * Rule level: the best of its detectors; approved = 'yes' cancels an `unless_approved` rule and 'no' adds
 * 0.05; `only_if_unapproved` rules need approved = 'no'; the subject's category equal to the rule's adds 0.05;
 * capped at 0.99, rounded to two decimals, dropped below ctx.minConfidence (default 0.3).
 * Output: sorted by confidence, then by catalog order and rule order (document order); one match per clause.
 */
import { ymdInZone, DEFAULT_TZ } from '../calendar/time-zone';
import { evalKeywordSet, evalPatterns } from './eval-keyword-set';
import { matchActivity } from './match-activity';
import { evalCondition } from './match-conditions';
import { CONFIDENCE, DEFAULT_MIN_CONFIDENCE, type Candidate, type MatchContext } from './match-context';
import { normaliseText, splitSentences } from './normalise';
import { prepareSentence, type Sentence } from './prepare-sentences';
import { readTextFacts, type TextFacts } from './read-text-facts';
import type { Catalog, DatedItem, Lexicon, Rule, RuleMatch, RuleSubject, WhitelistEntry } from './rule';

export { CONFIDENCE, DEFAULT_MIN_CONFIDENCE, type MatchContext } from './match-context';

/**
 * Listed activities and inspections are read as text too, except those found on the whitelist / plan, or,
 * with no list imported, declared on it by the school: a listed, approved activity is by definition allowed
 * and must not raise "进校园宣传" rules every month.
 */
function subjectSentences(s: RuleSubject, ctx: MatchContext, lex: Lexicon): string[] {
  const out: string[] = [];
  const line = (...parts: Array<string | undefined>) => {
    const t = parts.filter((p): p is string => !!p && p.trim().length > 0).join(',');
    if (t) out.push(...splitSentences(t));
  };
  line(s.organisingUnit, s.itemName);
  if (s.content) out.push(...splitSentences(s.content));
  line(s.form);
  const listed = (items: DatedItem[] | undefined, list: WhitelistEntry[] | undefined) => {
    for (const a of items ?? []) {
      if (list && list.length > 0 ? matchActivity(a, list, lex.activity).verdict === 'on_list' : a.declaredOnList === 'yes') continue;
      line(a.unit, a.name);
    }
  };
  listed(s.activities, ctx.whitelist);
  listed(s.inspections, ctx.inspectionPlan);
  return out;
}

// ---------- rules ----------

function evalRule(rule: Rule, subject: RuleSubject, sentences: Sentence[], facts: TextFacts, ctx: MatchContext, lex: Lexicon): Candidate | undefined {
  const d = rule.detect;
  if (d.manual) return undefined;
  if (d.unlessApproved && subject.approved === 'yes') return undefined;
  if (d.onlyIfUnapproved && subject.approved !== 'no') return undefined;
  const candidates: Candidate[] = [];
  for (const set of d.keywordSets) {
    const c = evalKeywordSet(set, sentences, d.exclude, lex);
    if (c) candidates.push(c);
  }
  const p = evalPatterns(d.patterns, sentences, d.exclude);
  if (p) candidates.push(p);
  if (d.condition) {
    const c = evalCondition(d.condition, subject, ctx, lex, facts);
    if (c) candidates.push(c);
  }
  if (candidates.length === 0) return undefined;
  const score = (c: Candidate) => c.confidence + (c.coverage ?? 0) * CONFIDENCE.coverageBonus;
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
  let confidence = score(best);
  if (best.confidence > CONFIDENCE.negated) {
    if (d.unlessApproved && subject.approved === 'no') confidence += CONFIDENCE.approvedNoBonus;
    if (subject.category !== undefined && subject.category === rule.category) confidence += CONFIDENCE.categoryBonus;
  }
  return { ...best, confidence: Math.round(Math.min(CONFIDENCE.max, confidence) * 100) / 100 };
}

export function matchRules(subject: RuleSubject, catalogs: readonly Catalog[], ctx: MatchContext): RuleMatch[] {
  const prepared = new Map<Lexicon, { sentences: Sentence[]; facts: TextFacts }>();
  const min = ctx.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  let today: string | undefined;
  const month = () => (today ??= ymdInZone(ctx.now, ctx.tz ?? DEFAULT_TZ).slice(0, 7));
  const found: Array<{ m: RuleMatch; ci: number; ri: number }> = [];
  catalogs.forEach((catalog, ci) => {
    const lex = catalog.lexicon;
    let text = prepared.get(lex);
    if (!text) {
      const sentences = subjectSentences(subject, ctx, lex).map((t) => prepareSentence(t, lex));
      text = { sentences, facts: readTextFacts(sentences, lex, month) };
      prepared.set(lex, text);
    }
    catalog.rules.forEach((rule, ri) => {
      const c = evalRule(rule, subject, text!.sentences, text!.facts, ctx, lex);
      if (!c || c.confidence < min) return;
      found.push({
        ci,
        ri,
        m: {
          ruleId: rule.id,
          catalogId: catalog.id,
          document: catalog.document,
          item: rule.item,
          clause: rule.clause,
          summary: rule.summary,
          category: rule.category,
          confidence: c.confidence,
          evidence: c.evidence,
          ...(c.excerpt !== undefined ? { excerpt: c.excerpt } : {}),
          ...(c.condition !== undefined ? { condition: c.condition } : {}),
        },
      });
    });
  });
  found.sort((a, b) => b.m.confidence - a.m.confidence || a.ci - b.ci || a.ri - b.ri);
  const seen = new Set<string>();
  const out: RuleMatch[] = [];
  for (const f of found) {
    const key = normaliseText(f.m.clause);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f.m);
  }
  return out;
}
