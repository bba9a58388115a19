/** The WeCom app in the channel registry: its chat-client peer (the adapter itself is built in main.ts). */
import { DEMO_WECOM } from '../../config';
import type { ChannelDefinition, ChatDelivery } from '../registry';
import { createWecomPeer } from '../../tools/wecom-peer';
import type { FakeSentMessage } from './fake-wecom-api';

export const wecomDefinition: ChannelDefinition = {
  id: 'wecom',
  chatPeer({ url, demoApiUrl }) {
    const peer = createWecomPeer({ url, ...DEMO_WECOM });
    let after = 0;
    return {
      // The app has 1:1 chats only: a group id is not used.
      say: (userId, text) => peer.say(userId, text),
      async received(): Promise<ChatDelivery[]> {
        const res = await fetch(`${demoApiUrl}/__demo/sent?after=${after}`).catch(() => undefined);
        if (!res?.ok) return [];
        const { next, messages } = (await res.json()) as { next: number; messages: FakeSentMessage[] };
        after = next;
        // One app message may go to several people (touser "a|b").
        return messages.flatMap((m): ChatDelivery[] =>
          m.kind === 'robot'
            ? [{ to: { kind: 'robot', id: `…${m.to.slice(-4)}` }, text: m.content }]
            : m.to.split('|').map((id) => ({ to: { kind: 'user', id }, text: m.content })),
        );
      },
    };
  },
};
