/**
 * The WeCom app in the message-path figure: signed, encrypted XML text messages (帮助) to /wecom/callback,
 * each answered by an encrypted passive reply that the client authenticates and decrypts. A message counts
 * as an error unless its answer is a 200 carrying a reply.
 */
import { DEMO_WECOM } from '../../config';
import { createWecomChannel } from '../../channels/wecom/wecom-channel';
import type { WecomAppClient } from '../../channels/wecom/wecom-app-client';
import type { WecomRobotClient } from '../../channels/wecom/wecom-robot-client';
import { createWecomPeer, newMsgId, plaintextXml } from '../wecom-peer';
import { nothingSent, type BenchChannel } from './bench-channel';
import { driveMessages, type MessageClient } from './drive-messages';

/** 帮助 from each user, through the WeCom app's callback at `url`; a message is fine when its passive reply came. */
export function wecomClient(url: string): MessageClient<ReturnType<ReturnType<typeof createWecomPeer>['seal']>> {
  const peer = createWecomPeer({ url, ...DEMO_WECOM });
  return {
    build: (_i, userId) => peer.seal(plaintextXml(DEMO_WECOM, userId, { kind: 'text', text: '帮助', msgId: newMsgId() }, new Date())),
    post: async (sealed) => {
      const answer = await peer.postSealed(sealed);
      return answer.status !== 200 ? `HTTP ${answer.status}` : answer.replyText ? true : 'no reply';
    },
  };
}

export const wecomBench: BenchChannel = {
  id: 'wecom',
  bare: 'koa+verify+decrypt+xml+encrypted reply',
  repliesThroughOutbox: false,
  bareAdapter: () =>
    createWecomChannel(DEMO_WECOM, {
      appClient: { sendToUser: nothingSent, sendToUsers: nothingSent, getAccessToken: nothingSent, downloadMedia: nothingSent } as WecomAppClient,
      robotClient: { send: nothingSent } as WecomRobotClient,
    }),
  drive: (url, _demo, afterWarmup) => driveMessages(wecomClient(url), 'bench-wecom-user', { afterWarmup }),
};
