/**
 * Builders that turn vocabulary lists into regular-expression source. Parsers keep their patterns free of
 * Chinese literals this way (all words live in zh-vocabulary.ts), and longest-first ordering makes an
 * alternation prefer 上上 over 上 and 一共 over 共.
 */

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\/-]/g;

export function escapeRegExp(text: string): string {
  return text.replace(REGEX_SPECIALS, '\\$&');
}

/** A non-capturing alternation of the words, longest first: `(?:一共|共)`. */
export function alternation(words: Iterable<string>): string {
  const unique = [...new Set(words)].filter((w) => w.length > 0);
  unique.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return `(?:${unique.map(escapeRegExp).join('|')})`;
}

/** A character class of single characters: `[零一二]`. Multi-character entries are ignored. */
export function charClass(chars: Iterable<string>): string {
  const single = [...new Set(chars)].filter((c) => [...c].length === 1);
  return `[${single.map(escapeRegExp).join('')}]`;
}
