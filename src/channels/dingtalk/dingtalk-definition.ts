/**
 * The DingTalk robot in the channel registry: its chat-client peer (the adapter itself is built in main.ts,
 * with its Stream receiver, which needs the dispatcher). In demo mode DingTalk's stand-in listens on the port
 * after the WeCom one.
 */
import { DEMO_DINGTALK } from '../../config';
import type { ChannelDefinition, ChatDelivery } from '../registry';
import { createDingtalkPeer } from '../../tools/dingtalk-peer';
import type { FakeDingtalkMessage } from './fake-dingtalk-api';

/** The DingTalk stand-in's address, from the WeCom one's (demo mode: the port after it). */
function standInUrl(demoApiUrl: string): string {
  const u = new URL(demoApiUrl);
  u.port = String(Number(u.port) + 1);
  return u.origin;
}

export const dingtalkDefinition: ChannelDefinition = {
  id: 'dingtalk',
  chatPeer({ url, demoApiUrl }) {
    const api = process.env.CHAT_DINGTALK_API || standInUrl(demoApiUrl);
    let after = 0;
    return {
      async say(userId, text, groupId) {
        // DingTalk puts a sessionWebhook in every group message: the stand-in mints one for the chat.
        const res = groupId ? await fetch(`${api}/__demo/session?conversation=${encodeURIComponent(groupId)}`).catch(() => undefined) : undefined;
        const hook = res?.ok ? ((await res.json()) as { url: string; expiresAt: number }) : undefined;
        const peer = createDingtalkPeer({ url, clientSecret: DEMO_DINGTALK.clientSecret, robotCode: DEMO_DINGTALK.robotCode, corpId: DEMO_DINGTALK.corpId, ...(hook && { sessionWebhook: () => hook }) });
        return peer.say(userId, text, groupId);
      },
      async received(): Promise<ChatDelivery[]> {
        const res = await fetch(`${api}/__demo/sent?after=${after}`).catch(() => undefined);
        if (!res?.ok) return [];
        const { next, messages } = (await res.json()) as { next: number; messages: FakeDingtalkMessage[] };
        after = next;
        return messages.map((m): ChatDelivery => {
          if (m.kind === 'user') return { to: { kind: 'user', id: m.to }, text: m.content };
          if (m.kind === 'robot') return { to: { kind: 'robot', id: `…${m.to.slice(-4)}` }, text: m.content };
          return { to: { kind: 'group', id: m.to }, text: m.content };
        });
      },
    };
  },
};
