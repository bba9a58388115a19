/**
 * The AI bot's decrypted JSON plaintext as one Inbound: text, mixed (its text parts) and quote (the new text,
 * not the quoted one) in groups and 1:1, images in 1:1, the enter_chat event. In a group the bot is called only
 * when @-mentioned, so the leading @name is stripped and `mentioned` is true.
 */
import type { Inbound, ReplyDestination } from '../../core/message';

/** How long a message's response_url takes its one post (the platform says an hour). */
export const RESPONSE_URL_TTL_MS = 3_600_000;

/** The plaintext's fields this channel reads; everything else is ignored. */
export interface BotMessage {
  msgid?: unknown;
  aibotid?: unknown;
  chatid?: unknown;
  chattype?: unknown;
  from?: { userid?: unknown };
  response_url?: unknown;
  msgtype?: unknown;
  text?: { content?: unknown };
  image?: { url?: unknown };
  mixed?: { msg_item?: Array<{ msgtype?: unknown; text?: { content?: unknown }; image?: { url?: unknown } }> };
  event?: { eventtype?: unknown };
  /** A refresh callback's stream (msgtype "stream"). */
  stream?: { id?: unknown };
}

/** The message types an Inbound is made of; a stream refresh, voice, file... are answered with an empty 200. */
export const BOT_MSG_TYPES = new Set(['text', 'mixed', 'image', 'event']);

export function parseBotMessage(plaintext: string): BotMessage | null {
  try {
    const v: unknown = JSON.parse(plaintext);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as BotMessage) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** "@减负助手 举报" → "举报": the mention the platform leaves at the start of a group message. */
export function stripMention(text: string): string {
  return text.replace(/^\s*@\S+\s*/, '').trim();
}

function textOf(msg: BotMessage): string | undefined {
  if (msg.msgtype === 'text') return typeof msg.text?.content === 'string' ? msg.text.content : undefined;
  const parts = (msg.mixed?.msg_item ?? []).filter((i) => i?.msgtype === 'text').map((i) => i.text?.content);
  return parts.every((p) => typeof p === 'string') && parts.length > 0 ? parts.join(' ') : undefined;
}

export function toBotInbound(msg: BotMessage, now: Date): Inbound | undefined {
  const msgid = str(msg.msgid);
  const userId = str(msg.from?.userid);
  const type = str(msg.msgtype);
  if (!msgid || !userId || !type || !BOT_MSG_TYPES.has(type)) return undefined;
  const group = msg.chattype === 'group';
  const chatId = group ? str(msg.chatid) : userId;
  if (!chatId) return undefined;
  const responseUrl = str(msg.response_url);
  const sender = { kind: 'user' as const, channel: 'wecom' as const, userId };
  // Past its one use or its hour, or on a foreign origin, the reply goes to the person's 1:1 chat (the
  // WeCom app), from a group too: the AI bot has no API to post into a group unasked.
  const replyTo: ReplyDestination | undefined = responseUrl
    ? { kind: 'handle', channel: 'wecom-bot', handle: responseUrl, expiresAt: now.getTime() + RESPONSE_URL_TTL_MS, fallback: sender }
    : undefined;
  const base = {
    channel: 'wecom' as const,
    via: 'wecom-bot' as const,
    chat: { kind: group ? ('group' as const) : ('single' as const), id: chatId },
    mentioned: true,
    ...(replyTo ? { replyTo } : {}),
    // Apart from the app's MsgIds: both are the same platform's deliveries in one inbox.
    dedupeKey: `bot:${msgid}`,
    userId,
    sentAt: now,
  };
  if (type === 'event') {
    if (msg.event?.eventtype !== 'enter_chat' || group) return undefined;
    return { ...base, kind: 'event', event: 'enter_chat' };
  }
  if (type === 'image') {
    const url = str(msg.image?.url);
    return url && !group ? { ...base, kind: 'image', mediaId: url } : undefined;
  }
  const text = textOf(msg);
  if (text === undefined) return undefined;
  return { ...base, kind: 'text', text: group ? stripMention(text) : text.trim() };
}
