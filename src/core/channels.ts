/**
 * The one list of channels: each channel's id, the platform whose ids its people have, its HTTP routes, its
 * config section and the directory field that holds a person's id on it. Everything else that lists channels
 * derives from this (src/channels/registry.ts adds each one's adapter factory and chat-client peer).
 *
 * A channel is a transport (the WeCom app, the WeCom AI bot, the DingTalk robot); a platform is whose user
 * ids a person has (the WeCom app and AI bot belong to one corp and see the same userids). A platform's own
 * channel (the one with the platform's id) is the one that sends to a person 1:1.
 */
export const PLATFORM_IDS = ['wecom', 'dingtalk'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

/**
 * How many people one 1:1 send of a platform may name when the text is the same for all: WeCom's
 * message/send takes `touser` "a|b|c" with up to 1000 ids (../shared/PROTOCOLS.md). DingTalk's
 * oToMessages/batchSend takes a list of userIds too, but its limit is not confirmed here: one at a time.
 */
export const BATCH_SEND_MAX: Record<PlatformId, number> = { wecom: 1000, dingtalk: 20 };

export interface ChannelFacts {
  platform: PlatformId;
  /** HTTP callback paths (GET and POST), each answered by the adapter's `receive`. */
  routes: readonly string[];
  /** The key of its settings in Config (one section per channel; absent when the channel is not configured). */
  configSection: string;
  /** The directory column that holds a person's id on this channel's platform. */
  directoryField: string;
}

export const CHANNELS = {
  wecom: { platform: 'wecom', routes: ['/wecom/callback'], configSection: 'wecom', directoryField: 'user_id' },
  'wecom-bot': { platform: 'wecom', routes: ['/wecom/bot/callback'], configSection: 'wecomBot', directoryField: 'user_id' },
  dingtalk: { platform: 'dingtalk', routes: ['/dingtalk/callback'], configSection: 'dingtalk', directoryField: 'dingtalk_user_id' },
} as const satisfies Record<string, ChannelFacts>;

export type ChannelId = keyof typeof CHANNELS;
export const CHANNEL_IDS = Object.keys(CHANNELS) as ChannelId[];

export function platformOf(channel: ChannelId): PlatformId {
  return CHANNELS[channel].platform;
}

export function isChannelId(s: string): s is ChannelId {
  return Object.hasOwn(CHANNELS, s);
}

export function isPlatformId(s: string): s is PlatformId {
  return (PLATFORM_IDS as readonly string[]).includes(s);
}
