import { alternation, escapeRegExp } from './vocabulary-pattern';
import { ZH_MEDIA_PLACEHOLDERS, ZH_PLACEHOLDER_BRACKETS } from './zh-vocabulary';

/**
 * WeCom delivers some non-text messages (pictures, stickers, voice) to text handlers as a placeholder such as
 * "[图片]". Such a message is not an answer, and a parser should say so ('not_text') rather than, say, treating
 * "[图片]" as a 4-character description. Only whole messages made of placeholders count.
 */
const ONE = `(?:${ZH_PLACEHOLDER_BRACKETS.map(
  ([open, close]) => `${escapeRegExp(open)}\\s*${alternation(ZH_MEDIA_PLACEHOLDERS)}\\s*${escapeRegExp(close)}`,
).join('|')})`;
const WHOLE = new RegExp(`^\\s*${ONE}(?:\\s*${ONE})*\\s*$`, 'i');

/** True when the (already normalised) text consists only of media placeholders. */
export function isMediaPlaceholder(text: string): boolean {
  return text.length <= 200 && WHOLE.test(text);
}
