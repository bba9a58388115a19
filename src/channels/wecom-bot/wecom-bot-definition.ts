/** The WeCom AI bot in the channel registry: its adapter, built from the wecomBot config section, and its chat peer. */
import { DEMO_WECOM_BOT, type WecomBotConfig } from '../../config';
import { createWecomBotPeer } from '../../tools/wecom-bot-peer';
import type { ChannelDefinition } from '../registry';
import { readDemoDeliveries } from '../wecom/read-demo-deliveries';
import { createBotStreams } from './bot-streams';
import { createResponseUrlClient } from './response-url-client';
import { createWecomBotChannel } from './wecom-bot-channel';

/** The section as main.ts hands it: WECOM_API_BASE is the stand-in's address in demo mode. */
type WecomBotSection = WecomBotConfig & { replyBudgetMs?: number; truncatedMarker?: string };

export const wecomBotDefinition: ChannelDefinition = {
  id: 'wecom-bot',
  async build({ config, coord, logger, templates }) {
    const cfg = config as WecomBotSection | undefined;
    if (!cfg) return undefined;
    const responseUrl = createResponseUrlClient({ apiBase: cfg.apiBase, coord, truncatedMarker: cfg.truncatedMarker });
    const streams = createBotStreams(coord);
    return { adapter: createWecomBotChannel(cfg, { responseUrl, streams, pendingText: templates.render('core.stream_pending'), logger }) };
  },
  chatPeer({ url, demoApiUrl }) {
    const peer = createWecomBotPeer({ url, ...DEMO_WECOM_BOT, responseBase: demoApiUrl });
    const read = readDemoDeliveries(demoApiUrl, peer.responder);
    return { say: (userId, text, groupId) => peer.say(userId, text, groupId), received: read };
  },
};
