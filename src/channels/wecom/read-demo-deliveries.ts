/**
 * What the bot sent through the WeCom demo stand-in since the last call, labelled with who got it: app
 * messages to each person, robot pushes to their robot, AI bot answers (a response_url post) to the chat the
 * peer that made the response_url says.
 */
import type { ChatDelivery } from '../registry';
import type { FakeSentMessage } from './fake-wecom-api';

/** The chat a response_code was handed out for, by the peer that handed it out. */
export type ResponseCodeOwner = (code: string) => ChatDelivery['to'] | undefined;

export function readDemoDeliveries(demoApiUrl: string, owner?: ResponseCodeOwner): () => Promise<ChatDelivery[]> {
  let after = 0;
  return async () => {
    const res = await fetch(`${demoApiUrl}/__demo/sent?after=${after}`).catch(() => undefined);
    if (!res?.ok) return [];
    const { next, messages } = (await res.json()) as { next: number; messages: FakeSentMessage[] };
    after = next;
    return messages.flatMap((m): ChatDelivery[] => {
      if (m.kind === 'robot') return [{ to: { kind: 'robot', id: `…${m.to.slice(-4)}` }, text: m.content }];
      if (m.kind === 'aibot') return [{ to: owner?.(m.to) ?? { kind: 'group', id: '?' }, text: m.content }];
      // One app message may go to several people (touser "a|b").
      return m.to.split('|').map((id) => ({ to: { kind: 'user', id }, text: m.content }));
    });
  };
}
