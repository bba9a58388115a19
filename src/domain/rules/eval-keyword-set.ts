/**
 * One keyword set of a rule against the sentences (see match-rules.ts for the scores): each group must have
 * a hit, one hit cannot serve two groups; all in one sentence, or spread over several at a lower score; a
 * set met only by negated or hypothetical hits scores `negated`. The candidate says which words matched
 * (a paraphrase as “投三票”→投票) and how much of its sentence the set's hits explain (`coverage`).
 */
import { isNegated } from './is-negated';
import { CONFIDENCE, type Candidate } from './match-context';
import { coverageOf, hitsOf, type Sentence, type Span } from './prepare-sentences';
import type { KeywordSet, Lexicon } from './rule';

const EXCERPT_MAX = 80;
const MAX_HITS_PER_GROUP = 16;

type Hit = Span & { negated: boolean };

export function excerpt(text: string): string {
  return text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX - 1)}\u2026` : text;
}

export function hasAny(s: Sentence, words: string[]): boolean {
  return words.some((w) => hitsOf(s, w).length > 0);
}

/** "公众号+“投三票”→投票": the words a rule matched, each paraphrase shown with what was written. */
export function evidenceOf(hits: readonly Span[], lex: Lexicon): string {
  const t = lex.evidence.paraphrase;
  return hits
    .map((h) => (h.surface === h.word || !t ? h.word : t.replace('{surface}', h.surface).replace('{word}', h.word)))
    .join('+');
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

function baseFor(groups: number): number {
  if (groups <= 1) return CONFIDENCE.oneGroup;
  if (groups === 2) return CONFIDENCE.twoGroups;
  return CONFIDENCE.threeGroups;
}

export function evalKeywordSet(set: KeywordSet, sentences: Sentence[], exclude: string[], lex: Lexicon): Candidate | undefined {
  // Most sets miss a group altogether: say so before building anything.
  if (!set.groups.every((words) => sentences.some((s) => hasAny(s, words)))) return undefined;
  const perSentence = sentences.map((s) => {
    const groups: Hit[][] = set.groups.map((words) => {
      const hits: Hit[] = [];
      for (const w of words) for (const h of hitsOf(s, w)) hits.push({ ...h, negated: false });
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
    if (!best || c.confidence + (c.coverage ?? 0) * CONFIDENCE.coverageBonus > best.confidence + (best.coverage ?? 0) * CONFIDENCE.coverageBonus) best = c;
  };
  const base = baseFor(set.groups.length) * set.weight;

  for (const p of perSentence) {
    if (p.groups.some((g) => g.length === 0)) continue;
    const pick = choose(p.groups, (h) => !h.negated);
    if (pick) {
      if (p.excluded) continue;
      consider({
        confidence: base * (anyExcluded ? CONFIDENCE.excludeElsewhereFactor : 1),
        evidence: evidenceOf(pick, lex),
        excerpt: excerpt(p.s.text),
        coverage: coverageOf(p.s, p.groups.flat().filter((h) => !h.negated)),
      });
    } else if (!negatedOnly) {
      const neg = choose(p.groups, () => true);
      if (neg) negatedOnly = { confidence: CONFIDENCE.negated * set.weight, evidence: `${evidenceOf(neg, lex)} (negated)`, excerpt: excerpt(p.s.text) };
    }
  }
  if (!best && set.groups.length > 1) {
    const hits: Span[] = [];
    let excludedSource = false;
    for (let g = 0; g < set.groups.length; g++) {
      const src = perSentence.find((p) => p.groups[g]!.some((h) => !h.negated));
      if (!src) break;
      if (src.excluded) excludedSource = true;
      hits.push(src.groups[g]!.find((h) => !h.negated)!);
    }
    if (hits.length === set.groups.length && !excludedSource) {
      consider({
        confidence: base * CONFIDENCE.crossSentenceFactor * (anyExcluded ? CONFIDENCE.excludeElsewhereFactor : 1),
        evidence: evidenceOf(hits, lex),
      });
    }
  }
  return best ?? negatedOnly;
}

/** A pattern (regex) matching inside one sentence, outside a hypothetical; `exclude` applies. */
export function evalPatterns(patterns: ReadonlyArray<{ re: RegExp }>, sentences: Sentence[], exclude: string[]): Candidate | undefined {
  for (const p of patterns) {
    for (const s of sentences) {
      const m = p.re.exec(s.text);
      if (m && m.index < s.hypotheticalFrom && !hasAny(s, exclude)) return { confidence: CONFIDENCE.pattern, evidence: m[0], excerpt: excerpt(s.text) };
    }
  }
  return undefined;
}
