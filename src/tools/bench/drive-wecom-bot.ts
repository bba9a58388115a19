/**
 * The WeCom AI bot in the message-path figure: JSON text callbacks (帮助, each with its response_url on the
 * demo stand-in's origin) encrypted with receive id "" and signed, to /wecom/bot/callback. A message counts
 * as an error unless its answer is a 200 carrying a stream finished at once with the reply (one left
 * unfinished means the turn outlasted the budget: the platform would have to refresh it).
 */
import { DEMO_WECOM_BOT } from '../../config';
import { createWecomBotChannel } from '../../channels/wecom-bot/wecom-bot-channel';
import type { BotStreams } from '../../channels/wecom-bot/bot-streams';
import type { ResponseUrlClient } from '../../channels/wecom-bot/response-url-client';
import { botTextPlaintext, createWecomBotPeer, sealBotCallback } from '../wecom-bot-peer';
import { nothingSent, type BenchChannel } from './bench-channel';
import { driveMessages } from './drive-messages';

export const wecomBotBench: BenchChannel = {
  id: 'wecom-bot',
  bare: 'koa+verify+decrypt+json+encrypted stream reply',
  repliesThroughOutbox: false,
  bareAdapter: () =>
    createWecomBotChannel(DEMO_WECOM_BOT, {
      responseUrl: { post: nothingSent, isTrusted: () => false } as ResponseUrlClient,
      streams: { idOf: () => '', open: nothingSent, fill: nothingSent, refresh: nothingSent } as BotStreams,
      pendingText: '',
    }),
  async drive(url, demo, afterWarmup) {
    const peer = createWecomBotPeer({ url, ...DEMO_WECOM_BOT, responseBase: demo?.wecom ?? url });
    return driveMessages(
      {
        build: (_i, userId) => {
          const responseUrl = peer.newResponseUrl({ kind: 'user', id: userId });
          return sealBotCallback(DEMO_WECOM_BOT, botTextPlaintext(userId, '帮助', { responseUrl }), new Date());
        },
        post: async (sealed) => {
          const answer = await peer.postSealed(sealed);
          if (answer.status !== 200) return `HTTP ${answer.status}`;
          return answer.finished !== true ? 'stream not finished' : answer.replyText ? true : 'no reply';
        },
      },
      'bench-bot-user',
      { afterWarmup },
    );
  },
};
