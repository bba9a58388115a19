/**
 * Why an answer could not be used. A parser never builds a sentence for people: it returns one of these
 * keys and templates/ turns it into a polite re-ask. Keep this list in step with the templates; HINT_KEYS
 * exists so a template test can check every key has a text.
 */
export const HINT_KEYS = [
  /** Nothing left after normalisation (blank, only spaces or zero-width characters). */
  'empty',
  /** The message is a media placeholder such as "[图片]": the person sent a picture, not an answer. */
  'not_text',
  /** Free text longer than allowed; the failure carries `count` and `max`. */
  'too_long',
  /** Free text shorter than required; the failure carries `count` and `min`. */
  'too_short',
  /** No number could be read. */
  'not_a_number',
  /** A number below zero where a count was asked. */
  'negative',
  /** A fraction or decimal where a whole count was asked (2.5, 两点五, 一个半). */
  'not_a_whole_number',
  /** An estimate or range where one exact number was asked (3-5次, 十几次, 三四次). */
  'not_exact',
  /** A number outside the allowed bounds; the failure carries `min` and `max`. */
  'out_of_range',
  /** The answer matches none of the options. */
  'not_a_choice',
  /** The answer matches more than one option, or names an option next to a negation. */
  'ambiguous',
  /** Neither yes, no nor (when allowed) unknown. */
  'not_yes_no',
  /** No date could be read. */
  'date_unrecognised',
  /** The text names a day that does not exist (2月30日, 13月5日). */
  'date_invalid',
  /** A period rather than a day (6月, 上周, 去年, 几天前). */
  'date_incomplete',
  /** A date after today (in the configured time zone) where only past dates are allowed. */
  'date_in_future',
  /** A date before the configured earliest date. */
  'date_too_old',
  'date_range_reversed',
] as const;

export type HintKey = (typeof HINT_KEYS)[number];
