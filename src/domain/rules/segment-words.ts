/**
 * Chinese word segmentation for the matcher: jieba (jieba-rs compiled to WebAssembly, its dictionary inside
 * the package), with every word of the rule data added to its dictionary so that a keyword is one token.
 * Offsets are UTF-16 indexes into the text, as String.prototype.indexOf gives.
 */
import { add_word, cut } from 'jieba-wasm';

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
  // cut() returns every piece of the text in order (tokenize() would give offsets, but its results cost a
  // hundred times more to bring out of WebAssembly now and then); offsets are summed here, in UTF-16 units.
  const out: Token[] = [];
  let at = 0;
  for (const word of cut(text, true)) {
    out.push({ word, start: at, end: at + word.length });
    at += word.length;
  }
  return out;
}
