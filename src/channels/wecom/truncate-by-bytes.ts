/**
 * Shortening with a visible marker, for a message that must stay one message (a group alert): the reader
 * sees that text is missing instead of a silently cut sentence.
 */
import { splitByBytes, utf8Bytes } from './split-by-bytes';

/** Without a marker from templates (core.truncated), a plain ellipsis still shows that text is missing. */
export const DEFAULT_TRUNCATED_MARKER = '…';

/** `s` unchanged when it fits in `maxBytes` UTF-8 bytes; otherwise its head plus `marker`, within `maxBytes`. */
export function truncateByBytes(s: string, maxBytes: number, marker = DEFAULT_TRUNCATED_MARKER): string {
  if (utf8Bytes(s) <= maxBytes) return s;
  const room = maxBytes - utf8Bytes(marker);
  if (room < 4) throw new RangeError('marker leaves no room for content');
  // splitByBytes prefers a line break in the second half, so the cut tends to fall between paragraphs.
  const head = (splitByBytes(s, room)[0] ?? '').replace(/\n+$/, '\n');
  return head + marker;
}
