import type { ChannelId } from './channels';
import type { Inbound, Reply, SendableDestination } from './message';

/** An HTTP request reduced to what a channel needs. Header names are lowercase. */
export interface RawRequest {
  method: string;
  /** The route's path (one of the channel's `routes` in core/channels.ts). */
  path?: string;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  /** The raw body bytes (already limited in size by the HTTP layer). */
  body: Buffer;
}

export interface ChannelResponse {
  status: number;
  body: string;
  contentType?: string;
}

/**
 * How a channel answers in the HTTP response itself, and the facts of its platform that go with it: how long
 * the platform waits for the answer, and how many bytes one answer carries.
 */
export interface PassiveReply {
  /** Wait at most this long for the turn before answering `response` and sending replies later (default: the dispatcher's). */
  budgetMs?: number;
  /** Text replies are joined into messages of at most this many bytes (UTF-8). */
  maxBytes: number;
  /** The HTTP answer that carries `reply` (the first of the turn's replies; the rest go through the outbox). */
  reply(reply: Reply): ChannelResponse;
  /**
   * What to answer when the budget passes before the turn is done, when not `Receipt.response` (the WeCom AI
   * bot: a stream the platform refreshes until the late replies, sent to the message's handle, fill it).
   */
  late?(): Promise<ChannelResponse>;
}

/**
 * What a channel made of one request. `response` is the answer when there is nothing to reply (an echo for a
 * URL check, an empty 200, or a 4xx for bad input). When `inbound` is set, the dispatcher handles it and may
 * answer with `passive.reply(reply)` if the channel replies in the HTTP response.
 */
export interface Receipt {
  response: ChannelResponse;
  inbound?: Inbound;
  passive?: PassiveReply;
}

/**
 * A send to several people (UsersDestination) that reached only some: the platform named the others (WeCom
 * `invaliduser`, `unlicenseduser`, DingTalk `invalidStaffIdList`), each with the reason, and those it held
 * back for now (DingTalk `flowControlledStaffIdList`), to be sent again on their own. Everyone not listed got it.
 */
export interface PartialDelivery {
  undelivered: Array<{ userId: string; reason: string }>;
  heldBack?: string[];
}

/**
 * What `send` did: 'fallback' when a reply handle could not be used (spent, expired, foreign origin); a
 * PartialDelivery when some of several recipients were not delivered to.
 */
export type SendOutcome = 'sent' | 'fallback' | PartialDelivery;

export interface ChannelAdapter {
  readonly id: ChannelId;
  /** Verify, decrypt and parse. Never throws for anything a client sent: bad input is a 4xx `response`. */
  receive(req: RawRequest, now: Date): Promise<Receipt>;
  /**
   * Active send to a destination of this channel (a person or a robot of its platform, a chat, a reply
   * handle). For a handle the channel applies its own rules and answers 'fallback' when it cannot use it:
   * the relay then sends to the handle's fallback (through whichever channel that names). Throws
   * ChannelApiError (with `retryable`) when the platform or the network says no.
   */
  send(destination: SendableDestination, reply: Reply, now: Date): Promise<SendOutcome | void>;
  /** The bytes of a media the person sent (an image), while the platform still keeps it. */
  downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }>;
}
