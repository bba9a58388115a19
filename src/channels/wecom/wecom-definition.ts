/** The WeCom app in the channel registry: its chat-client peer (the adapter itself is built in main.ts). */
import { DEMO_WECOM } from '../../config';
import type { ChannelDefinition } from '../registry';
import { createWecomPeer } from '../../tools/wecom-peer';
import { readDemoDeliveries } from './read-demo-deliveries';

export const wecomDefinition: ChannelDefinition = {
  id: 'wecom',
  chatPeer({ url, demoApiUrl }) {
    const peer = createWecomPeer({ url, ...DEMO_WECOM });
    // The app has 1:1 chats only: a group id is not used.
    return { say: (userId, text) => peer.say(userId, text), received: readDemoDeliveries(demoApiUrl) };
  },
};
