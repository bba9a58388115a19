import { isMediaPlaceholder } from './is-media-placeholder';
import { normalizeInput } from './normalize-input';
import { fail, ok, type ParseFailure, type ParseOk } from './parse-result';
import { alternation } from './vocabulary-pattern';
import { ZH_FILLER_WORDS, ZH_NO_WORDS, ZH_TRAILING_PARTICLES, ZH_UNKNOWN_WORDS, ZH_YES_WORDS } from './zh-vocabulary';

/**
 * 是/否/不清楚 questions.
 *
 * The whole answer is looked up first (是的, 没有, 不清楚, 👍). If that fails, the first clause that means
 * something decides ("是的，有这种情况" → yes; "嗯，不是" → no: a leading 嗯 is a filler there, though 嗯 alone is yes).
 *
 * Numbers follow the order the menu is shown in (YES_NO_MENU_ORDER): 1 yes, 2 no, 3 unknown; 0 is also no.
 * 'unknown' is only returned when `allowUnknown` is set; otherwise those answers are 'not_yes_no', so the
 * re-ask can say a yes or a no is needed.
 */

export type YesNo = 'yes' | 'no' | 'unknown';

/** The order templates must list the options in for numbered answers to mean the right thing. */
export const YES_NO_MENU_ORDER: readonly YesNo[] = ['yes', 'no', 'unknown'];

export interface YesNoOptions {
  /** Accept 不清楚/不知道/不确定 (and 3) as 'unknown'. Default false. */
  readonly allowUnknown?: boolean;
}

export type YesNoResult = ParseOk<YesNo> | ParseFailure<'empty' | 'not_text' | 'not_yes_no'>;

const EN_YES = ['yes', 'y', 'yeah', 'yep', 'ok', 'okay', 'true', 'sure', '1', '✓', '✔', '✅', '👍', '👌', '⭕', '⭕️'];
const EN_NO = ['no', 'n', 'nope', 'false', 'none', '0', '2', '❌', '✗', '✘', '✖', '👎', '🙅'];
const EN_UNKNOWN = ['unknown', 'idk', 'not sure', 'notsure', 'dont know', "don't know", '3', '?', '??', '???', '🤷'];

const WORDS = new Map<string, YesNo>();
for (const w of [...ZH_UNKNOWN_WORDS, ...EN_UNKNOWN]) WORDS.set(w, 'unknown');
for (const w of [...ZH_NO_WORDS, ...EN_NO]) WORDS.set(w, 'no');
for (const w of [...ZH_YES_WORDS, ...EN_YES]) if (!WORDS.has(w)) WORDS.set(w, 'yes');

const PARTICLES = new RegExp(`${alternation(ZH_TRAILING_PARTICLES)}+$`);
const LEADING_FILLERS = new RegExp(`^(?:${alternation(ZH_FILLER_WORDS)}[\\s\\p{P}]*)+`, 'u');
/** Clause breaks: punctuation and spaces, except the apostrophe in "don't" and the question mark (an answer). */
const CLAUSE_BREAK = /[^\P{P}'?]+|\s+/u;
const VARIATION_SELECTOR = /\uFE0F/g;
const REDUPLICATION = /^(.{1,6}?)\1+$/u;

function lookup(raw: string): YesNo | undefined {
  const s = raw.toLowerCase().replace(VARIATION_SELECTOR, '').trim();
  if (s.length === 0) return undefined;
  const direct = WORDS.get(s);
  if (direct) return direct;
  const stripped = s.replace(/[\s\p{P}]+$/u, '').replace(PARTICLES, '');
  if (stripped.length === 0) return undefined;
  const word = WORDS.get(stripped);
  if (word) return word;
  // Chat answers are often repeated for emphasis: 对对对, 没有没有, 好的好的, 不不不.
  const compact = s.replace(/[\s\p{P}]+/gu, '');
  const repeated = compact.length <= 24 ? REDUPLICATION.exec(compact) : null;
  return repeated ? WORDS.get(repeated[1] as string) : undefined;
}

export function parseYesNo(text: string, options: YesNoOptions = {}): YesNoResult {
  const clean = normalizeInput(text);
  if (clean.length === 0) return fail('empty');
  if (isMediaPlaceholder(clean)) return fail('not_text');

  let answer = lookup(clean);
  if (!answer && clean.length <= 200) {
    for (const clause of clean.split(CLAUSE_BREAK)) {
      const meaningful = clause.replace(LEADING_FILLERS, '');
      if (meaningful.length === 0) continue; // a filler on its own (嗯，...) decides nothing here
      answer = lookup(meaningful);
      break;
    }
  }
  if (!answer) return fail('not_yes_no');
  if (answer === 'unknown' && !options.allowUnknown) return fail('not_yes_no');
  return ok(answer);
}
