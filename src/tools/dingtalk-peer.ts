/**
 * Speaks DingTalk's robot protocol to the bot, as DingTalk does: a JSON message posted to /dingtalk/callback
 * with the `timestamp` and `sign` headers, a group's message carrying a sessionWebhook. For the chat client,
 * the end-to-end tests and the benchmark.
 */
import { randomBytes } from 'node:crypto';
import { httpFetch } from '../channels/http-fetch';
import { dingtalkSign } from '../channels/dingtalk/dingtalk-sign';

export interface DingtalkPeerOptions {
  url: string;
  clientSecret: string;
  robotCode: string;
  corpId?: string;
  /** A sessionWebhook for a group conversation (the demo stand-in mints them). */
  sessionWebhook?: (conversationId: string) => { url: string; expiresAt: number };
  now?: () => Date;
}

/** One signed callback, as DingTalk would post it. */
export interface DingtalkCallback {
  headers: Record<string, string>;
  body: string;
}

export interface DingtalkPeer {
  /** Says `text` as `userId`, in their 1:1 chat or, @-mentioning the bot, in the group `groupId`. */
  say(userId: string, text: string, groupId?: string): Promise<{ status: number; replyText?: string }>;
  /** The signed callback `say` posts (the benchmark builds them before its clock starts). */
  callback(userId: string, text: string, groupId?: string): DingtalkCallback;
  /** Posts a callback built by `callback`. DingTalk's HTTP answer carries no reply. */
  post(callback: DingtalkCallback): Promise<{ status: number }>;
}

export function createDingtalkPeer(opts: DingtalkPeerOptions): DingtalkPeer {
  const now = opts.now ?? (() => new Date());
  function callback(userId: string, text: string, groupId?: string): DingtalkCallback {
    const at = now().getTime();
    const hook = groupId ? opts.sessionWebhook?.(groupId) : undefined;
    const body = {
      msgtype: 'text',
      text: { content: groupId ? ` ${text}` : text },
      msgId: `msg${randomBytes(12).toString('base64url')}`,
      createAt: at,
      conversationType: groupId ? '2' : '1',
      conversationId: groupId ?? `cid-single-${userId}`,
      senderStaffId: userId,
      senderNick: userId,
      isInAtList: Boolean(groupId),
      robotCode: opts.robotCode,
      ...(opts.corpId && { chatbotCorpId: opts.corpId }),
      ...(hook && { sessionWebhook: hook.url, sessionWebhookExpiredTime: hook.expiresAt }),
    };
    const timestamp = String(at);
    return { headers: { 'content-type': 'application/json', timestamp, sign: dingtalkSign(opts.clientSecret, timestamp) }, body: JSON.stringify(body) };
  }
  async function post(c: DingtalkCallback): Promise<{ status: number }> {
    const res = await httpFetch(`${opts.url}/dingtalk/callback`, { method: 'POST', headers: c.headers, body: c.body });
    await res.arrayBuffer();
    return { status: res.status };
  }
  return {
    callback,
    post,
    say: (userId, text, groupId) => post(callback(userId, text, groupId)),
  };
}
