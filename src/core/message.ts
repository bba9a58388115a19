/**
 * The bot's channel-neutral vocabulary. A channel adapter turns a platform callback into one `Inbound`;
 * handlers answer with `Reply` values; active sends name a `Destination`.
 */

import type { ChannelId, PlatformId } from './channels';

export type { ChannelId, PlatformId } from './channels';

/** Where a message was said: a 1:1 chat with the bot (id: the person's id) or a group chat (the platform's chat id). */
export interface ChatRef {
  kind: 'single' | 'group';
  id: string;
}

interface InboundBase {
  /** The platform whose id `userId` is: who the person is (directory, reports, 1:1 sends). */
  channel: PlatformId;
  /** The channel that received it, when it is not the platform's own (the WeCom AI bot: 'wecom-bot'). */
  via?: ChannelId;
  chat: ChatRef;
  /** Whether the bot was @-mentioned (always true in a 1:1 chat). In a group only such messages are handled. */
  mentioned: boolean;
  /**
   * Where replies to this message go when not in the HTTP answer, as its channel says (a WeCom AI bot
   * `response_url`, a DingTalk `sessionWebhook`, a group chat). Unset: the person's 1:1 chat on `channel`.
   */
  replyTo?: ReplyDestination;
  /** Unique per delivered message: MsgId for messages, a hash of the plaintext for events. */
  dedupeKey: string;
  /** The sender's id on the channel (WeCom UserID, DingTalk staff id). */
  userId: string;
  /** When the platform says the message was sent. */
  sentAt: Date;
}

export interface InboundText extends InboundBase {
  kind: 'text';
  text: string;
}

export interface InboundImage extends InboundBase {
  kind: 'image';
  mediaId: string;
  picUrl?: string;
}

export interface InboundEvent extends InboundBase {
  kind: 'event';
  /** Platform event name, lowercase (enter_agent, click, ...). */
  event: string;
  eventKey?: string;
}

export type Inbound = InboundText | InboundImage | InboundEvent;

export interface TextReply {
  kind: 'text';
  text: string;
  /**
   * People to @-mention where the reply goes to a group (WeCom robot `mentioned_list`, DingTalk
   * `at.atUserIds`): their ids on the destination's channel. Ignored in a 1:1 chat.
   */
  mentions?: string[];
}

export interface MarkdownReply {
  kind: 'markdown';
  /** Used where the platform wants a title (DingTalk); ignored by WeCom. */
  title: string;
  text: string;
  /** As for TextReply: people to @-mention in a group. */
  mentions?: string[];
}

export type Reply = TextReply | MarkdownReply;

/** What one text message may hold on every channel (UTF-8 bytes): long texts are cut to this by their author. */
export const MESSAGE_TEXT_MAX_BYTES = 2048;

/** A person in a 1:1 chat with the bot, through the platform's own channel (its 1:1 send). */
export interface UserDestination {
  kind: 'user';
  channel: PlatformId;
  userId: string;
}

/**
 * Several people on one platform, all sent the same message in one call (the WeCom app's `touser` "a|b|c",
 * up to WECOM_TOUSER_MAX). `refs[i]` names `userIds[i]` in admin views without naming the person (a point's
 * id, say): a recipient the platform did not deliver to is kept as a row of its own named by it.
 */
export interface UsersDestination {
  kind: 'users';
  channel: PlatformId;
  userIds: string[];
  refs: string[];
}

/** A group chat reached through a push robot (WeCom 群机器人 key, DingTalk custom robot token). */
export interface RobotDestination {
  kind: 'robot';
  channel: PlatformId;
  /** WeCom robot key or DingTalk access token. A secret: never log it. */
  robotKey: string;
  /** DingTalk signing secret, when the robot has one. A secret: never log it. */
  robotSecret?: string;
}

/**
 * A person's address kept encrypted where it is stored (the outbox): the outbox relay opens it at the moment
 * of sending and nowhere else, so no row names the person in clear. Who it is stays unknown until then, even
 * the channel (it is inside the cipher).
 */
export interface SealedDestination {
  kind: 'sealed';
  /** The cipher of `channel:userId` (notify-cipher.ts format). */
  sealed: string;
  /** The associated data it was sealed with (a case number, or the outbox row's id). */
  context: string;
  /** An opaque keyed hash of the person: rate limits and per-destination retries, never the id itself. */
  key: string;
}

/**
 * UsersDestination as the outbox stores it: the ids sealed together (one cipher), beside each person's opaque
 * rate-limit key (`keys[i]`, as SealedDestination.key, so that a batch counts once for every member against
 * the same window as the member's other messages) and the refs in clear.
 */
export interface SealedUsersDestination {
  kind: 'sealed-users';
  sealed: string;
  /** The associated data it was sealed with (the outbox row's id). */
  context: string;
  keys: string[];
  refs: string[];
}

/** A group chat the bot is in, reached through its channel's send API (DingTalk groupMessages/send). */
export interface ChatDestination {
  kind: 'chat';
  channel: ChannelId;
  chatId: string;
}

/**
 * A reply handle that came with a message (WeCom AI bot `response_url`, DingTalk `sessionWebhook`). Its
 * channel alone knows its rules (one use, expiry, allowed origin): its `send` answers 'fallback' when the
 * handle cannot be used (any more), and the relay then sends to `fallback` instead.
 */
export interface HandleDestination {
  kind: 'handle';
  channel: ChannelId;
  /** The handle itself (an URL). Never logged: it lets anyone post into the chat while it is valid. */
  handle: string;
  /** When the platform says it stops working (ms since the epoch), if it says. */
  expiresAt?: number;
  /** Where to send when the handle cannot be used: a group chat, or the person (sealed in the outbox). */
  fallback?: ChatDestination | RobotDestination | UserDestination | SealedDestination;
}

export type ReplyDestination = UserDestination | ChatDestination | HandleDestination;

export type Destination = UserDestination | UsersDestination | RobotDestination | SealedDestination | SealedUsersDestination | ChatDestination | HandleDestination;

/** What a channel adapter is handed: an address that can be sent to as it is (sealed ones are opened first). */
export type SendableDestination = Exclude<Destination, SealedDestination | SealedUsersDestination>;

/**
 * A log- and admin-safe name for a destination: robot keys are secrets, and a user id next to an outbox row
 * could tie an anonymous reporter to a case, so people are never named.
 */
export function describeDestination(d: Destination): string {
  switch (d.kind) {
    case 'sealed':
      return 'user';
    case 'user':
      return `${d.channel}:user`;
    case 'sealed-users':
      return `users (${d.refs.length})`;
    case 'users':
      return `${d.channel}:users (${d.refs.length})`;
    case 'robot':
      return `${d.channel}:robot:…${d.robotKey.slice(-4)}`;
    case 'chat':
      return `${d.channel}:chat`;
    case 'handle':
      return `${d.channel}:handle`;
  }
}

/** The key of a person known by their opaque key (SealedDestination.key, SealedUsersDestination.keys). */
export function personKey(key: string): string {
  return `p:${key}`;
}

/**
 * The rate-limit and ordering key of a destination: one bucket per user, per robot, per chat. A handle is
 * keyed as its fallback (the same chat), so that replies to one chat keep their order whichever way they go.
 */
export function destinationKey(d: Destination): string {
  switch (d.kind) {
    case 'sealed':
      return personKey(d.key);
    case 'user':
      return `${d.channel}:u:${d.userId}`;
    // A batch is its own bucket (its members' windows are taken one by one when it is sent).
    case 'sealed-users':
      return `ps:${d.context}`;
    case 'users':
      return `${d.channel}:us:${d.userIds.join('|')}`;
    case 'robot':
      return `${d.channel}:r:${d.robotKey}`;
    case 'chat':
      return `${d.channel}:c:${d.chatId}`;
    case 'handle':
      return d.fallback ? destinationKey(d.fallback) : `${d.channel}:h:${d.handle.slice(-16)}`;
  }
}

/** The person's 1:1 chat that a message came from (or, from a group, the sender's own 1:1 chat). */
export function senderOf(inbound: Pick<Inbound, 'channel' | 'userId'>): UserDestination {
  return { kind: 'user', channel: inbound.channel, userId: inbound.userId };
}

/** Where replies to a message go when not in the HTTP answer. */
export function replyDestinationOf(inbound: Inbound): ReplyDestination {
  return inbound.replyTo ?? senderOf(inbound);
}
