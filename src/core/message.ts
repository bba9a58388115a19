/**
 * The bot's channel-neutral vocabulary. A channel adapter turns a platform callback into one `Inbound`;
 * handlers answer with `Reply` values; active sends name a `Destination`.
 */

export type ChannelId = 'wecom' | 'dingtalk';

interface InboundBase {
  channel: ChannelId;
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

/** A person in a 1:1 chat with the bot. */
export interface UserDestination {
  kind: 'user';
  channel: ChannelId;
  userId: string;
}

/** A group chat reached through a push robot (WeCom 群机器人 key, DingTalk custom robot token). */
export interface RobotDestination {
  kind: 'robot';
  channel: ChannelId;
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

export type Destination = UserDestination | RobotDestination | SealedDestination;

/** What a channel adapter is handed: an address that can be sent to as it is (sealed ones are opened first). */
export type SendableDestination = Exclude<Destination, SealedDestination>;

/**
 * A log- and admin-safe name for a destination: robot keys are secrets, and a user id next to an outbox row
 * could tie an anonymous reporter to a case, so people are never named.
 */
export function describeDestination(d: Destination): string {
  if (d.kind === 'sealed') return 'user';
  if (d.kind === 'user') return `${d.channel}:user`;
  return `${d.channel}:robot:…${d.robotKey.slice(-4)}`;
}

/** The rate-limit and ordering key of a destination: one bucket per user or per robot. */
export function destinationKey(d: Destination): string {
  if (d.kind === 'sealed') return `p:${d.key}`;
  return d.kind === 'user' ? `${d.channel}:u:${d.userId}` : `${d.channel}:r:${d.robotKey}`;
}
