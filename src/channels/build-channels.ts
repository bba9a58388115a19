/**
 * Builds every registered channel that has `build` from its own config section (core/channels.ts names the
 * section), adding each adapter to `channels`; what they need for readiness is returned.
 */
import type { ChannelAdapter } from '../core/channel';
import { CHANNELS, type ChannelId } from '../core/channels';
import { CHANNEL_DEFINITIONS, type ChannelBuildContext } from './registry';

export async function buildChannels(
  config: object,
  ctx: Omit<ChannelBuildContext, 'config'>,
  channels: Map<ChannelId, ChannelAdapter>,
): Promise<{ ready: () => Promise<void> }> {
  const readiness: Array<() => Promise<void>> = [];
  for (const def of CHANNEL_DEFINITIONS) {
    const built = await def.build?.({ ...ctx, config: (config as Record<string, unknown>)[CHANNELS[def.id].configSection] });
    if (!built) continue;
    channels.set(def.id, built.adapter);
    if (built.ready) readiness.push(built.ready);
    ctx.logger.info({ channel: def.id, ...(built.demoApiUrl ? { demoApi: built.demoApiUrl } : {}) }, 'channel ready');
  }
  return {
    async ready() {
      for (const ready of readiness) await ready();
    },
  };
}
