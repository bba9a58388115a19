/**
 * Talks to our AI bot callback exactly as WeCom does: a JSON plaintext (msgid, chattype, from.userid,
 * response_url...), encrypted with receive id "" and signed, POSTed as {"encrypt"}; the passive answer is
 * authenticated and decrypted as the platform would, and an unfinished stream refreshed until it finishes.
 * Used by the terminal chat and the tests.
 */
import { randomBytes } from 'node:crypto';
import { httpFetch } from '../channels/http-fetch';
import { decrypt } from '@wecom/crypto';
import { seal } from '../channels/wecom/envelope';
import { verifySignature } from '../channels/wecom/verify-signature';
import type { ChatDelivery } from '../channels/registry';

export interface BotPeerConfig {
  url: string;
  token: string;
  aesKey: string;
  /** Where response_urls point (the WeCom API's origin: the demo stand-in's address). */
  responseBase: string;
}

export interface BotPeerAnswer {
  status: number;
  /** The decrypted passive answer's text (a stream's content, or the enter_chat welcome). */
  replyText?: string;
  /** Whether the stream was finished in this answer. */
  finished?: boolean;
  /** The id of a stream left unfinished (to refresh). */
  streamId?: string;
  raw: string;
}

export interface BotMessageOptions {
  msgid?: string;
  /** A group chat id: the message is said there, @-mentioning the bot. */
  groupId?: string;
  responseUrl?: string;
}

/** The bot's name as people @-mention it in a group. */
export const DEMO_BOT_NAME = '减负助手';

export function botTextPlaintext(from: string, text: string, opts: BotMessageOptions = {}): string {
  return JSON.stringify({
    msgid: opts.msgid ?? randomBytes(16).toString('hex'),
    aibotid: 'aibdemo0000000001',
    ...(opts.groupId ? { chatid: opts.groupId } : {}),
    chattype: opts.groupId ? 'group' : 'single',
    from: { userid: from },
    ...(opts.responseUrl ? { response_url: opts.responseUrl } : {}),
    msgtype: 'text',
    text: { content: opts.groupId ? `@${DEMO_BOT_NAME} ${text}` : text },
  });
}

const REFRESH_EVERY_MS = 300;
const REFRESH_FOR_MS = 6 * 60_000;

/** The platform's refresh callback of an unfinished stream (with the usual msgid/from/chat fields). */
export function refreshPlaintext(from: string, streamId: string, groupId?: string): string {
  return JSON.stringify({
    msgid: randomBytes(16).toString('hex'),
    aibotid: 'aibdemo0000000001',
    ...(groupId ? { chatid: groupId } : {}),
    chattype: groupId ? 'group' : 'single',
    from: { userid: from },
    msgtype: 'stream',
    stream: { id: streamId },
  });
}

export interface SealedBotCallback {
  query: Record<string, string>;
  body: string;
}

/** The request body and signed query of one callback, as WeCom would send it. */
export function sealBotCallback(cfg: Pick<BotPeerConfig, 'token' | 'aesKey'>, plaintext: string, now: Date): SealedBotCallback {
  const s = seal({ token: cfg.token, aesKey: cfg.aesKey, receiveId: '' }, plaintext, now);
  return { query: { msg_signature: s.signature, timestamp: s.timestamp, nonce: s.nonce }, body: JSON.stringify({ encrypt: s.encrypt }) };
}

/** Opens a passive answer like WeCom: the signature must cover the new ciphertext, the receive id must be "". */
export function openBotAnswer(cfg: Pick<BotPeerConfig, 'token' | 'aesKey'>, body: string): { text?: string; finished?: boolean; streamId?: string } {
  const outer = JSON.parse(body) as { encrypt: string; msgsignature: string; timestamp: string; nonce: string };
  if (typeof outer.timestamp !== 'string') throw new Error('passive answer timestamp is not a string');
  if (!verifySignature(cfg.token, outer.timestamp, outer.nonce, outer.encrypt, outer.msgsignature)) throw new Error('passive answer signature does not verify');
  const opened = decrypt(cfg.aesKey, outer.encrypt);
  if (opened.id !== '') throw new Error('passive answer for another receive id');
  const m = JSON.parse(opened.message) as { msgtype: string; stream?: { id?: string; content?: string; finish?: boolean }; text?: { content?: string } };
  if (m.msgtype === 'stream') return { text: m.stream?.content, finished: m.stream?.finish === true, ...(m.stream?.finish === true ? {} : { streamId: m.stream?.id }) };
  return { text: m.text?.content };
}

export function createWecomBotPeer(cfg: BotPeerConfig) {
  const callbackUrl = `${cfg.url.replace(/\/+$/, '')}/wecom/bot/callback`;
  const owners = new Map<string, ChatDelivery['to']>();

  /** A fresh response_url on the WeCom API's origin, remembered with the chat it answers into. */
  function newResponseUrl(to: ChatDelivery['to']): string {
    const code = randomBytes(12).toString('hex');
    owners.set(code, to);
    return `${cfg.responseBase.replace(/\/+$/, '')}/cgi-bin/aibot/response?response_code=${code}`;
  }

  /** One POST of an already sealed callback (the benchmark seals before its clock starts). */
  async function postSealed(sealed: SealedBotCallback): Promise<BotPeerAnswer> {
    const res = await httpFetch(`${callbackUrl}?${new URLSearchParams(sealed.query)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sealed.body });
    const raw = await res.text();
    if (res.status !== 200 || !raw) return { status: res.status, raw };
    const opened = openBotAnswer(cfg, raw);
    return { status: res.status, raw, replyText: opened.text, finished: opened.finished, streamId: opened.streamId };
  }

  const post = (plaintext: string, now = new Date()): Promise<BotPeerAnswer> => postSealed(sealBotCallback(cfg, plaintext, now));

  return {
    post,
    postSealed,
    newResponseUrl,
    responder: (code: string) => owners.get(code),
    async say(from: string, text: string, groupId?: string): Promise<BotPeerAnswer> {
      const responseUrl = newResponseUrl(groupId ? { kind: 'group', id: groupId } : { kind: 'user', id: from });
      let answer = await post(botTextPlaintext(from, text, { groupId, responseUrl }));
      // As the platform does: an unfinished stream is refreshed until it finishes (at most 6 minutes).
      const started = performance.now();
      for (let id = answer.streamId; id && performance.now() - started < REFRESH_FOR_MS; id = answer.streamId) {
        await new Promise((r) => setTimeout(r, REFRESH_EVERY_MS));
        answer = await post(refreshPlaintext(from, id, groupId));
      }
      return answer;
    },
  };
}

export type WecomBotPeer = ReturnType<typeof createWecomBotPeer>;
