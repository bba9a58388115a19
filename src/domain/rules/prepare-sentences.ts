/**
 * A sentence as the matcher reads it: its words (segment-words.ts), where the non-negating compounds are
 * (不得不, 无关…), where a hypothetical starts (如果… without a threat), and each word's hits, found literally
 * or through a paraphrase of the lexicon ("投三票" is a hit of 投票). A one-character word counts only where
 * the segmenter starts a word with it (派 in 派老师, not in 派出所 … unless 派出所 is itself split so).
 */
import { segmentWords, type Token } from './segment-words';
import type { Lexicon } from './rule';

export interface Span {
  start: number;
  end: number;
  /** The rule's word. */
  word: string;
  /** What the sentence says (differs from `word` for a paraphrase). */
  surface: string;
}

export interface Sentence {
  text: string;
  tokens: Token[];
  /** Index of the token each character belongs to. */
  tokenOf: Int32Array;
  /** 1 for a token that counts when measuring how much of the sentence a rule explains. */
  content: Uint8Array;
  contentTokens: number;
  /** 1 where a non-negating compound covers the character. */
  compound: Uint8Array;
  /** Hits at or after this index are hypothetical (Infinity: none). */
  hypotheticalFrom: number;
  paraphrased: Map<string, Span[]>;
  hits: Map<string, Span[]>;
}

export function indexesOf(text: string, word: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) out.push(i);
  return out;
}

function hypotheticalFrom(text: string, lex: Lexicon): number {
  const n = lex.negation;
  if (n.threats.some((w) => text.includes(w))) return Infinity;
  let from = Infinity;
  for (const w of n.hypothetical) {
    const i = text.indexOf(w);
    if (i !== -1 && i < from) from = i;
  }
  return from;
}

export function prepareSentence(text: string, lex: Lexicon): Sentence {
  const tokens = segmentWords(text);
  const tokenOf = new Int32Array(text.length).fill(-1);
  const content = new Uint8Array(tokens.length);
  let contentTokens = 0;
  tokens.forEach((t, i) => {
    tokenOf.fill(i, t.start, t.end);
    if (/[\p{L}\p{N}]/u.test(t.word) && !lex.coverageIgnore.has(t.word)) {
      content[i] = 1;
      contentTokens++;
    }
  });
  const compound = new Uint8Array(text.length);
  for (const c of lex.negation.compounds) for (const i of indexesOf(text, c)) compound.fill(1, i, i + c.length);
  const paraphrased = new Map<string, Span[]>();
  for (const p of lex.paraphrases) {
    for (const re of p.forms) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const list = paraphrased.get(p.canonical) ?? [];
        list.push({ start: m.index, end: m.index + m[0].length, word: p.canonical, surface: m[0] });
        paraphrased.set(p.canonical, list);
      }
    }
  }
  return { text, tokens, tokenOf, content, contentTokens, compound, hypotheticalFrom: hypotheticalFrom(text, lex), paraphrased, hits: new Map() };
}

/** Every place the sentence says `word`: literally (a one-character word only at a word's start) or in other words. */
export function hitsOf(s: Sentence, word: string): Span[] {
  let h = s.hits.get(word);
  if (!h) {
    h = [];
    for (const i of indexesOf(s.text, word)) {
      if (word.length === 1 && s.tokens[s.tokenOf[i]!]?.start !== i) continue;
      h.push({ start: i, end: i + word.length, word, surface: word });
    }
    for (const p of s.paraphrased.get(word) ?? []) if (!h.some((x) => x.start <= p.start && p.end <= x.end)) h.push(p);
    s.hits.set(word, h);
  }
  return h;
}

/** Share of the sentence's content tokens that the spans touch (0..1). */
export function coverageOf(s: Sentence, spans: readonly Span[]): number {
  if (s.contentTokens === 0 || spans.length === 0) return 0;
  const seen = new Set<number>();
  for (const sp of spans) {
    for (let i = sp.start; i < sp.end; i++) {
      const t = s.tokenOf[i]!;
      if (t >= 0 && s.content[t]) seen.add(t);
    }
  }
  return Math.min(1, seen.size / s.contentTokens);
}
