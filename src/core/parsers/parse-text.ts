import { countGraphemes } from './count-graphemes';
import { isMediaPlaceholder } from './is-media-placeholder';
import { normalizeInput } from './normalize-input';
import { fail, ok, type ParseFailure, type ParseOk } from './parse-result';

/**
 * Free-text answers (descriptions, suggestions).
 *
 * The text is cleaned but kept readable: NFC rather than NFKC (so the teacher's Chinese punctuation ，！？ is
 * stored as typed), line breaks kept, zero-width characters removed, spaces collapsed. Length is counted in
 * user-perceived characters on the cleaned text, which is also what gets stored.
 */

export interface TextOptions {
  /** Largest accepted length in user-perceived characters. */
  readonly maxChars: number;
  /** Smallest accepted length; default 1 (anything non-empty). */
  readonly minChars?: number;
}

export type TextResult =
  | ParseOk<string>
  | ParseFailure<'empty' | 'not_text'>
  | ParseFailure<'too_long', { count: number; max: number }>
  | ParseFailure<'too_short', { count: number; min: number }>;

export function parseText(text: string, options: TextOptions): TextResult {
  const value = normalizeInput(text, { keepNewlines: true, compatibility: false });
  if (value.length === 0) return fail('empty');
  if (isMediaPlaceholder(value)) return fail('not_text');
  // Graphemes never outnumber UTF-16 units, so short texts skip the segmenter when only the maximum matters.
  const min = options.minChars ?? 1;
  const count = value.length <= options.maxChars && min <= 1 ? value.length : countGraphemes(value);
  if (count > options.maxChars) return { ok: false, hint: 'too_long', count, max: options.maxChars };
  if (count < min) return { ok: false, hint: 'too_short', count, min };
  return ok(value);
}
