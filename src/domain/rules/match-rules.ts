/**
 * Which published rules does a report, complaint or monthly answer break? Pure: no I/O, the clock is ctx.now.
 *
 * Text. The subject's organising unit + item name (one sentence), content, form, and each listed activity or
 * inspection are normalised (see normalise.ts) and split into sentences at 。!?; and line breaks.
 *
 * Keyword sets (detect.keywords). Each group of a set must have a hit; one word cannot serve two groups.
 *   - all groups inside one sentence: 0.70 for one group, 0.82 for two, 0.88 for three or more;
 *   - groups spread over several sentences: × 0.65;
 *   - × the set's weight from the data;
 *   - a hit is negated when a negation cue (lexicon: 没/未/不/无…) stands in the same clause, at most
 *     `window` characters before it, is not part of a non-negating word (不得不, 无关, 未经, 有没有…) nor of
 *     another keyword of the set (没有手续), with no resetter (但是, 却…) in between, and the hit is not
 *     followed by a conditional (不下载就扣分). A set satisfied only by negated hits scores 0.15, below the
 *     default threshold, so "没有要求我们下载APP" raises nothing;
 *   - an `exclude` word in the matched sentence cancels that sentence; elsewhere in the text it gives × 0.7.
 * Patterns (detect.patterns): a regex matching inside one sentence scores 0.85; they are not negation-checked
 * (the pattern says what it means, e.g. "没有落实弹性上下班"); `exclude` applies.
 * Conditions (detect.condition), on the structured fields and ctx: secondment longer than N months 0.95;
 * training hours over N 0.75 (hours beyond 72 may be 新课改 training the rule allows); activity not on
 * the whitelist / inspection not on the plan 0.90 (verdict 'not_on_list' of match-activity), or 0.80 without
 * a list when the school itself declared the item not on it (DatedItem.declaredOnList); monthly report missing
 * after the deadline 0.95 (match-conditions.ts).
 * Rule level: the best of its detectors; approved = 'yes' cancels an `unless_approved` rule and 'no' adds
 * 0.05; `only_if_unapproved` rules need approved = 'no'; the subject's category equal to the rule's adds 0.05;
 * capped at 0.99, rounded to two decimals, dropped below ctx.minConfidence (default 0.3).
 * Output: sorted by confidence, then by catalog order and rule order (document order); one match per clause.
 */
import { matchActivity } from './match-activity';
import { evalCondition } from './match-conditions';
import { CONFIDENCE, DEFAULT_MIN_CONFIDENCE, type Candidate, type MatchContext } from './match-context';
import { isClauseBoundary, normaliseText, splitSentences } from './normalise';
import type { Catalog, DatedItem, KeywordSet, Lexicon, Rule, RuleMatch, RuleSubject, WhitelistEntry } from './rule';

export { CONFIDENCE, DEFAULT_MIN_CONFIDENCE, type MatchContext } from './match-context';

const EXCERPT_MAX = 80;
const MAX_HITS_PER_GROUP = 16;


interface Sentence {
  text: string;
  /** 1 where a non-negating compound (不得不, 无关…) covers the character. */
  compound: Uint8Array;
  /** Positions of each word looked up so far (the shared "@sets" are scanned by many rules). */
  hits: Map<string, number[]>;
}

interface Hit {
  start: number;
  end: number;
  word: string;
  negated: boolean;
}

// ---------- text ----------

/**
 * Listed activities and inspections are read as text too, except those found on the whitelist / plan:
 * a listed, approved activity is by definition allowed and must not raise "进校园宣传" rules every month.
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
      if (list && list.length > 0 && matchActivity(a, list, lex.activity).verdict === 'on_list') continue;
      line(a.unit, a.name);
    }
  };
  listed(s.activities, ctx.whitelist);
  listed(s.inspections, ctx.inspectionPlan);
  return out;
}

function indexesOf(text: string, word: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) out.push(i);
  return out;
}

function hitsOf(s: Sentence, word: string): number[] {
  let h = s.hits.get(word);
  if (!h) {
    h = indexesOf(s.text, word);
    s.hits.set(word, h);
  }
  return h;
}

function prepareSentences(texts: string[], lex: Lexicon): Sentence[] {
  return texts.map((text) => {
    const compound = new Uint8Array(text.length);
    for (const c of lex.negation.compounds) {
      for (const i of indexesOf(text, c)) compound.fill(1, i, i + c.length);
    }
    return { text, compound, hits: new Map<string, number[]>() };
  });
}

function isNegated(s: Sentence, start: number, end: number, covered: Uint8Array, lex: Lexicon): boolean {
  const n = lex.negation;
  let from = Math.max(0, start - n.window);
  for (let i = start - 1; i >= from; i--) {
    if (isClauseBoundary(s.text[i])) {
      from = i + 1;
      break;
    }
  }
  for (const r of n.resetters) {
    const at = s.text.lastIndexOf(r, start - r.length);
    if (at >= from) from = at + r.length;
  }
  // The nearest cue wins; a cue with another keyword hit or a conditional ("就") between it and this hit
  // belongs to that nearer word ("不下载就扣绩效": 不 negates 下载, not 扣绩效).
  let cueEnd = -1;
  for (let p = start - 1; p >= from && cueEnd < 0; p--) {
    if (s.compound[p] || covered[p]) continue;
    const c = n.cues.find((w) => s.text.startsWith(w, p) && p + w.length <= start);
    if (c) cueEnd = p + c.length;
  }
  if (cueEnd < 0) return false;
  for (let q = cueEnd; q < start; q++) {
    if (covered[q]) return false;
    if (n.conditionalAfter.some((m) => s.text.startsWith(m, q))) return false;
  }
  for (let q = end; q <= end + n.conditionalWindow && q < s.text.length; q++) {
    if (n.conditionalAfter.some((m) => s.text.startsWith(m, q))) return false;
  }
  return true;
}

/** Pick one hit per group, pairwise non-overlapping, using only hits accepted by `ok`. */
function choose(groups: Hit[][], ok: (h: Hit) => boolean): Hit[] | undefined {
  const picked: Hit[] = [];
  const overlaps = (h: Hit) => picked.some((p) => h.start < p.end && p.start < h.end);
  const go = (g: number): boolean => {
    if (g === groups.length) return true;
    for (const h of groups[g]!) {
      if (!ok(h) || overlaps(h)) continue;
      picked.push(h);
      if (go(g + 1)) return true;
      picked.pop();
    }
    return false;
  };
  return go(0) ? [...picked] : undefined;
}

function excerpt(text: string): string {
  return text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX - 1)}\u2026` : text;
}

function baseFor(groups: number): number {
  if (groups <= 1) return CONFIDENCE.oneGroup;
  if (groups === 2) return CONFIDENCE.twoGroups;
  return CONFIDENCE.threeGroups;
}

function hasAny(s: Sentence, words: string[]): boolean {
  return words.some((w) => hitsOf(s, w).length > 0);
}

function evalKeywordSet(set: KeywordSet, sentences: Sentence[], exclude: string[], lex: Lexicon): Candidate | undefined {
  const perSentence = sentences.map((s) => {
    const groups: Hit[][] = set.groups.map((words) => {
      const hits: Hit[] = [];
      for (const w of words) for (const i of hitsOf(s, w)) hits.push({ start: i, end: i + w.length, word: w, negated: false });
      return hits.sort((a, b) => a.start - b.start || b.end - a.end).slice(0, MAX_HITS_PER_GROUP);
    });
    const covered = new Uint8Array(s.text.length);
    for (const g of groups) for (const h of g) covered.fill(1, h.start, h.end);
    for (const g of groups) for (const h of g) h.negated = isNegated(s, h.start, h.end, covered, lex);
    return { s, groups, excluded: hasAny(s, exclude) };
  });
  const anyExcluded = perSentence.some((p) => p.excluded);
  let best: Candidate | undefined;
  let negatedOnly: Candidate | undefined;
  const consider = (c: Candidate) => {
    if (!best || c.confidence > best.confidence) best = c;
  };
  const base = baseFor(set.groups.length) * set.weight;

  for (const p of perSentence) {
    if (p.groups.some((g) => g.length === 0)) continue;
    const pick = choose(p.groups, (h) => !h.negated);
    if (pick) {
      if (p.excluded) continue;
      consider({
        confidence: base * (anyExcluded ? CONFIDENCE.excludeElsewhereFactor : 1),
        evidence: pick.map((h) => h.word).join('+'),
        excerpt: excerpt(p.s.text),
      });
    } else if (!negatedOnly) {
      const neg = choose(p.groups, () => true);
      if (neg) negatedOnly = { confidence: CONFIDENCE.negated * set.weight, evidence: `${neg.map((h) => h.word).join('+')} (negated)`, excerpt: excerpt(p.s.text) };
    }
  }
  if (!best && set.groups.length > 1) {
    const words: string[] = [];
    let excludedSource = false;
    for (let g = 0; g < set.groups.length; g++) {
      const src = perSentence.find((p) => p.groups[g]!.some((h) => !h.negated));
      if (!src) break;
      if (src.excluded) excludedSource = true;
      words.push(src.groups[g]!.find((h) => !h.negated)!.word);
    }
    if (words.length === set.groups.length && !excludedSource) {
      consider({
        confidence: base * CONFIDENCE.crossSentenceFactor * (anyExcluded ? CONFIDENCE.excludeElsewhereFactor : 1),
        evidence: words.join('+'),
      });
    }
  }
  return best ?? negatedOnly;
}

function evalPatterns(rule: Rule, sentences: Sentence[], exclude: string[]): Candidate | undefined {
  if (rule.detect.manual) return undefined;
  for (const p of rule.detect.patterns) {
    for (const s of sentences) {
      const m = p.re.exec(s.text);
      if (m && !hasAny(s, exclude)) return { confidence: CONFIDENCE.pattern, evidence: m[0], excerpt: excerpt(s.text) };
    }
  }
  return undefined;
}

// ---------- rules ----------

function evalRule(rule: Rule, subject: RuleSubject, sentences: Sentence[], ctx: MatchContext, lex: Lexicon): Candidate | undefined {
  const d = rule.detect;
  if (d.manual) return undefined;
  if (d.unlessApproved && subject.approved === 'yes') return undefined;
  if (d.onlyIfUnapproved && subject.approved !== 'no') return undefined;
  const candidates: Candidate[] = [];
  for (const set of d.keywordSets) {
    const c = evalKeywordSet(set, sentences, d.exclude, lex);
    if (c) candidates.push(c);
  }
  const p = evalPatterns(rule, sentences, d.exclude);
  if (p) candidates.push(p);
  if (d.condition) {
    const c = evalCondition(d.condition, subject, ctx, lex);
    if (c) candidates.push(c);
  }
  if (candidates.length === 0) return undefined;
  const best = candidates.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  let confidence = best.confidence;
  if (confidence > CONFIDENCE.negated) {
    if (d.unlessApproved && subject.approved === 'no') confidence += CONFIDENCE.approvedNoBonus;
    if (subject.category !== undefined && subject.category === rule.category) confidence += CONFIDENCE.categoryBonus;
  }
  return { ...best, confidence: Math.round(Math.min(CONFIDENCE.max, confidence) * 100) / 100 };
}

export function matchRules(subject: RuleSubject, catalogs: readonly Catalog[], ctx: MatchContext): RuleMatch[] {
  const prepared = new Map<Lexicon, Sentence[]>();
  const min = ctx.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const found: Array<{ m: RuleMatch; ci: number; ri: number }> = [];
  catalogs.forEach((catalog, ci) => {
    let sentences = prepared.get(catalog.lexicon);
    if (!sentences) {
      sentences = prepareSentences(subjectSentences(subject, ctx, catalog.lexicon), catalog.lexicon);
      prepared.set(catalog.lexicon, sentences);
    }
    catalog.rules.forEach((rule, ri) => {
      const c = evalRule(rule, subject, sentences!, ctx, catalog.lexicon);
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
