import type { Reply } from './message';

/**
 * Joins consecutive text replies into as few messages as fit `maxBytes` (the channel's limit for one
 * message, UTF-8), keeping their order: a chat reads best as one message. Markdown replies stay on their own.
 */
export function combineReplies(replies: readonly Reply[], maxBytes: number): Reply[] {
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
