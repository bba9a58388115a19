/**
 * Each channel's code, beside its facts in core/channels.ts: how to build its adapter from the config (or
 * nothing, when its section is not configured) and the chat client's peer for it. A new channel is one folder
 * under src/channels/ and one line here (and its facts' line in core/channels.ts).
 */
import type { ChannelAdapter } from '../core/channel';
import type { ChannelId } from '../core/channels';
import type { Logger } from '../core/ports';
import type { Templates } from '../core/templates';

/** What a channel is built from. `config` is the channel's own section of Config (its `configSection`). */
export interface ChannelBuildContext<C = unknown> {
  config: C;
  /** Demo mode: the channel starts a local stand-in for its platform's API and uses demo credentials. */
  demo: boolean;
  /** The coordination engine (access-token cache, single-flight refresh, one-use handles). */
  coord: unknown;
  templates: Templates;
  logger: Logger;
  now: () => Date;
  /** Called on stop, last registered first. */
  onClose(close: () => Promise<void>): void;
}

export interface BuiltChannel {
  adapter: ChannelAdapter;
  /** Readiness beyond the HTTP routes (a Stream connection): throws while not ready. */
  ready?: () => Promise<void>;
  /** The address of the demo stand-in of the platform's API, in demo mode. */
  demoApiUrl?: string;
}

/** What the chat client (`npm run chat -- --channel <id>`) speaks to the server as, on one channel. */
export interface ChatPeer {
  /** Says `text` as `userId`, in their 1:1 chat, or in the group `groupId` (mentioning the bot). Resolves with what came back in the HTTP answer, if anything. */
  say(userId: string, text: string, groupId?: string): Promise<{ status: number; replyText?: string }>;
}

export interface ChatPeerOptions {
  /** The bot's base URL. */
  url: string;
}

export interface ChannelDefinition {
  id: ChannelId;
  build(ctx: ChannelBuildContext): Promise<BuiltChannel | undefined>;
  chatPeer?: (opts: ChatPeerOptions) => ChatPeer;
}
