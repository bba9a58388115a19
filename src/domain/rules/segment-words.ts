/**
 * Chinese word segmentation for the matcher: jieba (jieba-rs, native through @node-rs/jieba) on jieba's own
 * dictionary without its rarest words, with every word of the rule data added so that a keyword is one token.
 * Offsets are UTF-16 indexes into the text, as String.prototype.indexOf gives.
 *
 * The dictionary is what the segmenter costs in memory: jieba's 349,045 words take about 40 MB; the 79,746
 * seen at least MIN_FREQ times in its corpus take 19 MB and segment the labelled set as well (`npm run
 * eval:rules`). A word left out is cut into the words it is made of, or joined again by jieba's HMM.
 */
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';

export interface Token {
  word: string;
  start: number;
  end: number;
}

/** The least frequency (in jieba's corpus) of a dictionary word kept. */
export const MIN_FREQ = 20;

const SPACE = 0x20;
const NEWLINE = 0x0a;

export interface Dictionary {
  /** "word freq tag\n" lines, in the byte order of their words (as jieba's dict.txt is). */
  lines: Buffer;
  /** Where each line begins. */
  starts: Uint32Array;
  /** The sum of the frequencies of the lines. */
  total: number;
}

function readFreq(buf: Buffer, at: number): number {
  let n = 0;
  for (let c = buf[at]; c !== undefined && c >= 0x30 && c <= 0x39; c = buf[++at]) n = n * 10 + (c - 0x30);
  return n;
}

/** The lines of jieba's dict.txt whose frequency is at least `minFreq`, read on bytes (no string per line). */
export function trimDictionary(source: Buffer, minFreq: number): Dictionary {
  const kept: Buffer[] = [];
  const starts: number[] = [];
  let size = 0;
  let total = 0;
  for (let at = 0; at < source.length; ) {
    let end = source.indexOf(NEWLINE, at);
    if (end < 0) end = source.length;
    const freq = readFreq(source, source.indexOf(SPACE, at) + 1);
    if (freq >= minFreq && end > at) {
      starts.push(size);
      kept.push(source.subarray(at, end + 1));
      size += end + 1 - at;
      total += freq;
    }
    at = end + 1;
  }
  return { lines: Buffer.concat(kept, size), starts: Uint32Array.from(starts), total };
}

/** The frequency of `word` in the dictionary (binary search on the words' bytes), or undefined. */
export function dictionaryFreq(dict: Dictionary, word: string): number | undefined {
  const key = Buffer.from(word);
  let lo = 0;
  let hi = dict.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const start = dict.starts[mid]!;
    const space = dict.lines.indexOf(SPACE, start);
    const order = key.compare(dict.lines, start, space);
    if (order === 0) return readFreq(dict.lines, space + 1);
    if (order < 0) hi = mid - 1;
    else lo = mid + 1;
  }
  return undefined;
}

const dictionary = trimDictionary(readFileSync(require.resolve('@node-rs/jieba/dict.txt')), MIN_FREQ);
const jieba = Jieba.withDict(dictionary.lines);
/** Words added to the dictionary, with the frequency each was given. */
const added = new Map<string, number>();
let total = dictionary.total;

const freqOf = (word: string): number | undefined => added.get(word) ?? dictionaryFreq(dictionary, word);

/**
 * The frequency that makes `word` one token (jieba's suggest_freq): at least the product of the
 * probabilities of the pieces it is cut into now, as a count out of the dictionary's total.
 */
function suggestFreq(word: string): number {
  const logTotal = Math.log(total);
  let logFreq = 0;
  for (const piece of jieba.cut(word, false)) logFreq += Math.log(freqOf(piece) ?? 1) - logTotal;
  return Math.max(Math.floor(Math.exp(logFreq + logTotal)) + 1, freqOf(word) ?? 1);
}

/** Adds words to the segmenter's dictionary (once each; the dictionary is shared by the process). */
export function addWords(words: Iterable<string>): void {
  for (const w of words) {
    if (w.length < 2 || added.has(w) || !/^[\p{Script=Han}a-z0-9]+$/u.test(w)) continue;
    const freq = suggestFreq(w);
    total += freq - (freqOf(w) ?? 0);
    added.set(w, freq);
    jieba.loadDict(Buffer.from(`${w} ${freq}\n`));
  }
}

export function segmentWords(text: string): Token[] {
  // cut() returns every piece of the text in order; offsets are summed here, in UTF-16 units.
  const out: Token[] = [];
  let at = 0;
  for (const word of jieba.cut(text, true)) {
    out.push({ word, start: at, end: at + word.length });
    at += word.length;
  }
  return out;
}
