/**
 * Chinese word segmentation for the matcher: jieba (jieba-rs compiled to WebAssembly, its dictionary inside
 * the package), with every word of the rule data added to its dictionary so that a keyword is one token.
 * Offsets are UTF-16 indexes into the text, as String.prototype.indexOf gives.
 */
import { add_word, tokenize } from 'jieba-wasm';

export interface Token {
  word: string;
  start: number;
  end: number;
}

const added = new Set<string>();

/** Adds words to the segmenter's dictionary (once each; the dictionary is shared by the process). */
export function addWords(words: Iterable<string>): void {
  for (const w of words) {
    if (w.length < 2 || added.has(w) || !/^[\p{Script=Han}a-z0-9]+$/u.test(w)) continue;
    added.add(w);
    add_word(w, undefined, undefined);
  }
}

export function segmentWords(text: string): Token[] {
  if (text.length === 0) return [];
  // jieba counts in Unicode scalar values; map them to UTF-16 offsets when the text has astral characters.
  const tokens = tokenize(text, 'default', true);
  if (!/[\ud800-\udfff]/.test(text)) return tokens.map((t) => ({ word: t.word, start: t.start, end: t.end }));
  const offsets: number[] = [];
  let i = 0;
  for (const ch of text) {
    offsets.push(i);
    i += ch.length;
  }
  offsets.push(i);
  return tokens.map((t) => ({ word: t.word, start: offsets[t.start]!, end: offsets[t.end]! }));
}
