/**
 * Long text sent as several messages, each visibly numbered so the reader knows one is missing or late.
 */
import { splitByBytes, utf8Bytes } from './split-by-bytes';

/** The label put before part `index` of `total` (1-based). Its byte size must not shrink as numbers grow. */
export type PartLabel = (index: number, total: number) => string;

export const defaultPartLabel: PartLabel = (index, total) => `(${index}/${total})\n`;

/**
 * `[content]` when it fits in `maxBytes` UTF-8 bytes, otherwise labelled parts that each fit. A trailing
 * line break left by a cut at a paragraph end is dropped: the next part starts on a new message anyway.
 */
export function splitNumbered(content: string, maxBytes: number, label: PartLabel = defaultPartLabel): string[] {
  if (utf8Bytes(content) <= maxBytes) return [content];
  // The label's size depends on the number of parts, which depends on the label's size: guess the digit
  // count (9, 99, 999 parts...) and accept the first guess that holds.
  for (let guess = 9; guess < 1e6; guess = guess * 10 + 9) {
    const room = maxBytes - utf8Bytes(label(guess, guess));
    if (room < 4) break;
    const parts = splitByBytes(content, room);
    if (parts.length > guess) continue;
    const labelled = parts.map((p, i) => label(i + 1, parts.length) + (i < parts.length - 1 ? p.replace(/\n$/, '') : p));
    if (labelled.every((p) => utf8Bytes(p) <= maxBytes)) return labelled;
    break;
  }
  throw new RangeError('content cannot be split into labelled parts within the byte limit');
}
