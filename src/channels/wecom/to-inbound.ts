/**
 * Decrypted WeCom app fields -> the channel-neutral `Inbound`. Identifiers are trimmed (whitespace around
 * them is layout, never meaning); message text is kept exactly as the user typed it.
 */
import { createHash } from 'node:crypto';
import type { Inbound } from '../../core/message';

/** Message types the bot understands; the rest (voice, video, location, link, file...) are acknowledged only. */
export const SUPPORTED_MSG_TYPES: ReadonlySet<string> = new Set(['text', 'image', 'event']);

function field(fields: Record<string, string>, name: string): string | undefined {
  const v = fields[name]?.trim();
  return v ? v : undefined;
}

/**
 * The Inbound for one callback, or null when the type is unsupported or a required field is missing.
 * `plaintext` is the decrypted XML: events carry no MsgId, and FromUserName+CreateTime collides in practice
 * (two clicks in one second), so events are deduplicated by a hash of the whole plaintext, which WeCom
 * repeats byte for byte when it retries.
 */
export function toInbound(fields: Record<string, string>, plaintext: string): Inbound | null {
  const msgType = field(fields, 'MsgType')?.toLowerCase();
  const userId = field(fields, 'FromUserName');
  const createTime = field(fields, 'CreateTime');
  if (!msgType || !userId || !createTime || !/^\d{1,12}$/.test(createTime)) return null;
  // The app only ever hears from a person in their 1:1 chat with it.
  const base = { channel: 'wecom' as const, userId, chat: { kind: 'single' as const, id: userId }, mentioned: true, sentAt: new Date(Number(createTime) * 1000) };

  if (msgType === 'event') {
    const event = field(fields, 'Event')?.toLowerCase();
    if (!event) return null;
    const dedupeKey = createHash('sha256').update(plaintext, 'utf8').digest('hex');
    const eventKey = field(fields, 'EventKey');
    return { ...base, kind: 'event', dedupeKey, event, ...(eventKey !== undefined && { eventKey }) };
  }

  // MsgId is a 64-bit integer: kept a string, since a JavaScript number would round it.
  const msgId = field(fields, 'MsgId');
  if (!msgId) return null;
  if (msgType === 'text') {
    const text = fields['Content'];
    if (text === undefined) return null;
    return { ...base, kind: 'text', dedupeKey: msgId, text };
  }
  if (msgType === 'image') {
    const mediaId = field(fields, 'MediaId');
    if (!mediaId) return null;
    const picUrl = field(fields, 'PicUrl');
    return { ...base, kind: 'image', dedupeKey: msgId, mediaId, ...(picUrl !== undefined && { picUrl }) };
  }
  return null;
}
