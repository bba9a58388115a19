/**
 * Facts the structured conditions need, read from what people wrote when the subject's fields do not carry
 * them: how long a secondment has lasted ("被抽走……前后八个月", "去年九月被抽调到乡政府") and how many hours of
 * training ("刷满80学时"). A duration counts in a sentence (or the one after it) that mentions a secondment,
 * an hour count in one that mentions training; a negated or hypothetical mention counts for nothing, nor
 * does a secondment the text says has ended (已经返岗).
 */
import { isNegated } from './is-negated';
import { hitsOf, type Sentence } from './prepare-sentences';
import { readDurations, readHours, type Quantity } from './read-quantities';
import type { Lexicon } from './rule';

export interface TextFacts {
  secondment?: { months: number; surface: string };
  trainingHours?: { hours: number; surface: string };
}

const SECONDMENT_SET = 'secondment_words';
const ENDED_SET = 'secondment_ended';

function mentions(s: Sentence, words: readonly string[], lex: Lexicon): boolean {
  const none = new Uint8Array(s.text.length);
  return words.some((w) => hitsOf(s, w).some((h) => !isNegated(s, h.start, h.end, none, lex)));
}

const largest = (qs: Quantity[]) => qs.reduce<Quantity | undefined>((a, b) => (!a || b.value > a.value ? b : a), undefined);

/** `month()` is the local month, 'YYYY-MM' (for "去年九月"); asked only when a secondment is mentioned. */
export function readTextFacts(sentences: readonly Sentence[], lex: Lexicon, month: () => string): TextFacts {
  const q = lex.quantities;
  if (!q) return {};
  const facts: TextFacts = {};
  const secondmentWords = lex.sets[SECONDMENT_SET] ?? [];
  // A secondment that has ended ("已经返岗") is not one that lasts too long, however long it was.
  const ended = lex.sets[ENDED_SET] ?? [];
  const over = sentences.some((s) => ended.some((w) => s.text.includes(w)));
  const durations: Quantity[] = [];
  const hours: Quantity[] = [];
  sentences.forEach((s, i) => {
    if (!over && secondmentWords.length > 0 && mentions(s, secondmentWords, lex)) {
      durations.push(...readDurations(s.text, q, month()));
      const next = sentences[i + 1];
      if (next) durations.push(...readDurations(next.text, q, month()));
    }
    if (mentions(s, q.trainingWords, lex)) hours.push(...readHours(s.text, q));
  });
  const d = largest(durations);
  if (d) facts.secondment = { months: d.value, surface: d.surface };
  const h = largest(hours);
  if (h) facts.trainingHours = { hours: h.value, surface: h.surface };
  return facts;
}
