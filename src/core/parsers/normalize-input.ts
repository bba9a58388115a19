/**
 * First step of every parser: make what people type in WeCom comparable.
 *
 * - NFKC folds full-width forms that Chinese input methods produce (１２３ → 123, ＡＢＣ → ABC, the ideographic
 *   space → a space, ① → 1), so one set of patterns handles both widths.
 * - Zero-width characters (ZWSP, ZWNJ, word joiner, BOM, direction marks, soft hyphen) are invisible in the chat
 *   but break exact matches when text is copied from documents; they are removed. The zero-width joiner is kept
 *   only inside emoji sequences (👩‍💻), where it is part of one visible character.
 * - Control characters are dropped and unpaired surrogates become U+FFFD so that anything stored is well formed.
 * - Whitespace is trimmed and inner runs collapse to one space.
 *
 * Emoji are kept: they are meaningful in free text and harmless to the parsers.
 */

export interface NormalizeOptions {
  /**
   * Keep line breaks (runs of blank lines collapse to one empty line) instead of folding them into spaces.
   * Free text uses this so a teacher's paragraphs survive.
   */
  readonly keepNewlines?: boolean;
  /**
   * Use NFKC (default). Pass false for prose that is stored and shown again: NFKC would also rewrite Chinese
   * full-width punctuation (，！？：) into ASCII, which changes how the teacher's text reads. NFC is used instead.
   */
  readonly compatibility?: boolean;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Zero-width and invisible formatting characters (not U+200D, handled separately). */
const ZERO_WIDTH = /[\u200B\u200C\u200E\u200F\u2060-\u2064\uFEFF\u00AD\u180E\u202A-\u202E\u2066-\u2069]/g;
/** A joiner that does not sit between two pictographs (with optional variation selector or skin tone before it). */
const STRAY_ZWJ = /(?<![\p{Extended_Pictographic}\uFE0F\u{1F3FB}-\u{1F3FF}])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** C0/C1 controls except tab, line feed and carriage return, which are whitespace and handled below. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function normalizeInput(text: string, options: NormalizeOptions = {}): string {
  const form = options.compatibility === false ? 'NFC' : 'NFKC';
  let s = String(text).replace(LONE_SURROGATE, '\uFFFD').normalize(form);
  s = s.replace(ZERO_WIDTH, '').replace(STRAY_ZWJ, '').replace(CONTROL, '');
  if (!options.keepNewlines) {
    return s.replace(/\s+/g, ' ').trim();
  }
  return s
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
