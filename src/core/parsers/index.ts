/** Answer parsers for the guided chat: each returns a value or a HintKey for a polite re-ask (texts live in templates/). */
export { HINT_KEYS, type HintKey } from './hint-key';
export { ok, fail, type ParseOk, type ParseFailure, type ParseResult } from './parse-result';
export { normalizeInput, type NormalizeOptions } from './normalize-input';
export { isMediaPlaceholder } from './is-media-placeholder';
export { countGraphemes } from './count-graphemes';
export { parseChineseNumber, parseNumeral, stripCountAffixes } from './parse-chinese-number';
export { parseCount, DEFAULT_MAX_COUNT, type CountOptions, type CountResult, type CountHint } from './parse-count';
export { parseChoice, type ChoiceOption, type ChoiceResult } from './parse-choice';
export { parseYesNo, YES_NO_MENU_ORDER, type YesNo, type YesNoOptions, type YesNoResult } from './parse-yes-no';
export {
  parseDate,
  formatDateZh,
  DEFAULT_TIMEZONE,
  type DateOptions,
  type DateResult,
  type DateHint,
  type ParsedDay,
} from './parse-date';
export { parseText, type TextOptions, type TextResult } from './parse-text';
export { parseWhen, type When, type WhenOptions, type WhenResult } from './parse-when';
export { findDescriptionFacts, readsAsDescription, type DescriptionFacts } from './find-description-facts';
