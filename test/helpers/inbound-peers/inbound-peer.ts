/**
 * What the negative-case table (test/e2e/negative-cases.test.ts) needs of an inbound channel: requests built
 * the way its platform builds them, each broken in one way. A channel adds itself with one file here and
 * one line in INBOUND_PEERS (index.ts).
 */
import type { ChannelId } from '../../../src/core/channels';
import type { RunningApp } from '../../../src/main';

export interface PeerRequest {
  /** One of the channel's routes (core/channels.ts). */
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export interface NegativeCasePeer {
  channel: ChannelId;
  /** A valid text message from `userId` in their 1:1 chat; the same `msgId` means the same message. */
  valid(userId: string, text: string, msgId: string, now: Date): PeerRequest;
  /** The same message signed with a wrong key (or token). */
  badSignature(userId: string, text: string, msgId: string, now: Date): PeerRequest;
  /** Signed correctly, but `now` is far off (the caller passes a time hours away). */
  stale(userId: string, text: string, msgId: string, now: Date): PeerRequest;
  /** Authenticated, but the body is not the platform's format. */
  malformed(now: Date): PeerRequest;
  /** Authenticated, a message type the bot does not handle (voice, a file...). */
  unknownType(userId: string, msgId: string, now: Date): PeerRequest;
  /** Authenticated, but addressed to another corp, app or robot. */
  foreign(userId: string, text: string, msgId: string, now: Date): PeerRequest;
  /** Whether the HTTP answer carries a reply (a passive one), for the replay and duplicate rows. */
  replied(status: number, body: string): boolean;
  /**
   * For a channel whose HTTP answer never carries the reply (DingTalk): how many messages the bot has sent
   * `userId` so far, read from the demo stand-in; a reply is one more of them.
   */
  sentTo?(app: RunningApp, userId: string): number;
  /** Where the channel's answer differs from the common table (DingTalk answers a stale sign 401). */
  statuses?: Partial<Record<'badSignature' | 'stale' | 'malformed' | 'unknownType' | 'foreign' | 'oversized', number>>;
}
