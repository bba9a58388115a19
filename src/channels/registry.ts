/**
 * Each channel's code, beside its facts in core/channels.ts: how to build its adapter from the config (or
 * nothing, when its section is not configured) and the chat client's peer for it. A new channel is one folder
 * under src/channels/ and one line here (and its facts' line in core/channels.ts). main.ts builds every
 * definition that has `build`, mounts the adapter on its routes and sends through it.
 */
import type { ChannelAdapter } from '../core/channel';
import type { ChannelId } from '../core/channels';
import type { Logger } from '../core/ports';
import type { Coord } from '../coord/coord';
import type { Templates } from '../core/templates';
import { wecomDefinition } from './wecom/wecom-definition';
import { dingtalkDefinition } from './dingtalk/dingtalk-definition';
import { wecomBotDefinition } from './wecom-bot/wecom-bot-definition';

/** What a channel is built from. `config` is the channel's own section of Config (its `configSection`). */
export interface ChannelBuildContext<C = unknown> {
  config: C;
  /** Demo mode: the channel starts a local stand-in for its platform's API and uses demo credentials. */
  demo: boolean;
  /** The coordination engine (access-token cache, single-flight refresh, one-use handles). */
  coord: Coord;
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

/** One message the bot sent, as the demo stand-in of a platform's API saw it. */
export interface ChatDelivery {
  /** Who got it: a person ('user', their id), a group chat ('group', the chat id) or a push robot ('robot', …last 4 of its key). */
  to: { kind: 'user' | 'group' | 'robot'; id: string };
  text: string;
}

/** What the chat client (`npm run chat -- --channel <id>`) speaks to the server as, on one channel. */
export interface ChatPeer {
  /**
   * Says `text` as `userId` in their 1:1 chat, or in the group `groupId` (mentioning the bot), over the
   * channel's real protocol. Resolves with what came back in the HTTP answer, if anything.
   */
  say(userId: string, text: string, groupId?: string): Promise<{ status: number; replyText?: string }>;
  /** What the bot sent since the last call, to anyone (read from the demo stand-in); [] when there is none. */
  received(): Promise<ChatDelivery[]>;
}

export interface ChatPeerOptions {
  /** The bot's base URL. */
  url: string;
  /** The base URL of the demo stand-ins of the platforms' APIs (demo mode: the bot's port + 1). */
  demoApiUrl: string;
}

export interface ChannelDefinition {
  id: ChannelId;
  /**
   * Builds the adapter from the channel's config section, or nothing when it is not configured. (The WeCom
   * app is still built in main.ts, with the demo stand-in that tests reach as RunningApp.fakeWecom.)
   */
  build?(ctx: ChannelBuildContext): Promise<BuiltChannel | undefined>;
  chatPeer?: (opts: ChatPeerOptions) => ChatPeer;
}

/** Every channel's code: one line per channel. */
export const CHANNEL_DEFINITIONS: readonly ChannelDefinition[] = [wecomDefinition, wecomBotDefinition, dingtalkDefinition];

export function channelDefinition(id: ChannelId): ChannelDefinition | undefined {
  return CHANNEL_DEFINITIONS.find((d) => d.id === id);
}
