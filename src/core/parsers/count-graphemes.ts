/**
 * Length as people see it. A limit of "200 characters" in a prompt means what the teacher sees on screen:
 * one CJK character, one emoji (even 👩‍👩‍👧 made of five code points), one flag = 1. UTF-16 length would
 * count an emoji as 2–11 and surprise them; bytes would count a CJK character as 3.
 */
const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

export function countGraphemes(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** Whether `text` is longer than `max` graphemes; stops counting past `max` (a grapheme is at least one UTF-16 unit). */
export function exceedsGraphemes(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let n = 0;
  for (const _ of segmenter.segment(text)) if (++n > max) return true;
  return false;
}
