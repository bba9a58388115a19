/**
 * Text normalisation shared by the rule matcher, the activity matcher and the catalog loader, so that
 * keywords and text are compared in the same form: NFKC (full-width letters, digits and punctuation become
 * half-width: "ＡＰＰ" → "app", "！" → "!"), lower case, and no whitespace at all (Chinese text has none
 * and users type stray spaces: "A P P", "公 众 号").
 */

const WHITESPACE = /[\s\u3000\u200b\u200c\u200d\ufeff]+/g;

/** Sentence ends after NFKC: 。 ! ? ; … and line breaks. ("." is not one: it occurs in numbers.) */
const SENTENCE_END = /[\u3002\uff61!?;\u2026\n\r]+/;

export function normaliseText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(WHITESPACE, '');
}

/** Split into normalised, non-empty sentences (line breaks count as sentence ends). */
export function splitSentences(s: string): string[] {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .split(SENTENCE_END)
    .map((x) => x.replace(WHITESPACE, ''))
    .filter((x) => x.length > 0);
}

/** Clause boundaries inside a sentence after NFKC: "," and ":" (the enumeration comma U+3001 is not one). */
export function isClauseBoundary(ch: string | undefined): boolean {
  return ch === ',' || ch === ':';
}

/** Characters dropped when comparing names: punctuation, quotes, brackets, symbols. */
const NAME_PUNCT = /[\p{P}\p{S}]+/gu;

export function normaliseName(s: string): string {
  return normaliseText(s).replace(NAME_PUNCT, '');
}
