import type { Reply } from './message';

/** WeCom passive replies carry one text message (2048 bytes); a chat reads best as one message anyway. */
export const PASSIVE_TEXT_MAX_BYTES = 2048;

/**
 * Joins consecutive text replies into as few messages as fit the passive limit, keeping their order.
 * Markdown replies stay on their own.
 */
export function combineReplies(replies: readonly Reply[], maxBytes = PASSIVE_TEXT_MAX_BYTES): Reply[] {
  const out: Reply[] = [];
  for (const r of replies) {
    const last = out[out.length - 1];
    if (r.kind === 'text' && last?.kind === 'text') {
      const joined = `${last.text}\n\n${r.text}`;
      if (Buffer.byteLength(joined, 'utf8') <= maxBytes) {
        out[out.length - 1] = { kind: 'text', text: joined };
        continue;
      }
    }
    out.push(r);
  }
  return out;
}
