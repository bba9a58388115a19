import type { ChannelId, Inbound, Reply, SendableDestination } from './message';

/** An HTTP request reduced to what a channel needs. Header names are lowercase. */
export interface RawRequest {
  method: string;
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
 * What a channel made of one request. `response` is the answer when there is nothing to reply (an echo for a
 * URL check, an empty 200, or a 4xx for bad input). When `inbound` is set, the dispatcher handles it and may
 * answer with `passiveReply(reply)` if the channel supports replying in the HTTP response.
 */
export interface Receipt {
  response: ChannelResponse;
  inbound?: Inbound;
  passiveReply?: (reply: Reply) => ChannelResponse;
}

export interface ChannelAdapter {
  readonly id: ChannelId;
  /** Verify, decrypt and parse. Never throws for anything a client sent: bad input is a 4xx `response`. */
  receive(req: RawRequest, now: Date): Promise<Receipt>;
  /** Active send. Throws ChannelApiError (with `retryable`) when the platform or the network says no. */
  send(destination: SendableDestination, reply: Reply): Promise<void>;
  /** The bytes of a media the person sent (an image), while the platform still keeps it. */
  downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }>;
}
