/**
 * Is a keyword hit negated or hypothetical? Negated: a negation cue (lexicon: 没/未/不/无…) stands in the same
 * clause, at most `window` characters before it, is not part of a non-negating word (不得不, 无关, 未经,
 * 有没有…) nor of another keyword hit (没有手续), with no resetter (但是, 却…) in between, and the hit is not
 * followed by a conditional (不下载就扣分). Hypothetical: the hit comes after 如果/要是… in a sentence with
 * no threat in it (如果以后再让我们上街执勤，我就反映).
 */
import { isClauseBoundary } from './normalise';
import type { Sentence } from './prepare-sentences';
import type { Lexicon } from './rule';

export function isNegated(s: Sentence, start: number, end: number, covered: Uint8Array, lex: Lexicon): boolean {
  if (start >= s.hypotheticalFrom) return true;
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
