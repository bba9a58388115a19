/**
 * Talks to our callback exactly as WeCom does: builds a message, encrypts and signs it, POSTs it, and
 * authenticates and decrypts the passive reply. Used by the terminal chat, the benchmark and the tests.
 */
import { randomBytes } from 'node:crypto';
import { httpFetch } from '../channels/http-fetch';
import { decrypt } from '@wecom/crypto';
import { cdata } from '../channels/wecom/cdata';
import { sealMessage, type EnvelopeConfig, type SealedMessage } from '../channels/wecom/envelope';
import { parseXml } from '../channels/wecom/parse-xml';
import { verifySignature } from '../channels/wecom/verify-signature';

export interface PeerConfig {
  url: string;
  corpId: string;
  agentId: string;
  token: string;
  aesKey: string;
}

export interface PeerAnswer {
  status: number;
  /** The decrypted reply text, when the bot answered passively. */
  replyText?: string;
  raw: string;
}

export type PeerMessage =
  | { kind: 'text'; text: string; msgId?: string }
  | { kind: 'image'; mediaId: string; msgId?: string }
  | { kind: 'event'; event: string; eventKey?: string };

/** A 64-bit MsgId as WeCom sends it (a decimal string). */
export function newMsgId(): string {
  return BigInt(`0x${randomBytes(8).toString('hex')}`).toString().slice(0, 19);
}

export function plaintextXml(cfg: Pick<PeerConfig, 'corpId' | 'agentId'>, from: string, msg: PeerMessage, now: Date): string {
  const head =
    `<ToUserName>${cdata(cfg.corpId)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>` +
    `<CreateTime>${Math.floor(now.getTime() / 1000)}</CreateTime>`;
  const tail = `<AgentID>${cfg.agentId}</AgentID>`;
  switch (msg.kind) {
    case 'text':
      return `<xml>${head}<MsgType>${cdata('text')}</MsgType><Content>${cdata(msg.text)}</Content><MsgId>${msg.msgId ?? newMsgId()}</MsgId>${tail}</xml>`;
    case 'image':
      return `<xml>${head}<MsgType>${cdata('image')}</MsgType><PicUrl>${cdata('http://127.0.0.1/pic.jpg')}</PicUrl><MediaId>${cdata(msg.mediaId)}</MediaId><MsgId>${msg.msgId ?? newMsgId()}</MsgId>${tail}</xml>`;
    case 'event':
      return `<xml>${head}<MsgType>${cdata('event')}</MsgType><Event>${cdata(msg.event)}</Event><EventKey>${cdata(msg.eventKey ?? '')}</EventKey>${tail}</xml>`;
  }
}

/** Opens a passive reply like WeCom: the signature must cover the new ciphertext, the receive id must match. */
export function openPassiveReply(cfg: PeerConfig, body: string): string | undefined {
  const outer = parseXml(body);
  if (!outer?.Encrypt || !outer.MsgSignature || !outer.TimeStamp || !outer.Nonce) return undefined;
  if (!verifySignature(cfg.token, outer.TimeStamp, outer.Nonce, outer.Encrypt, outer.MsgSignature)) {
    throw new Error('passive reply signature does not verify');
  }
  const opened = decrypt(cfg.aesKey, outer.Encrypt);
  if (opened.id !== cfg.corpId) throw new Error('passive reply for another receive id');
  return parseXml(opened.message)?.Content;
}

export function createWecomPeer(cfg: PeerConfig) {
  const envelope: EnvelopeConfig = { token: cfg.token, aesKey: cfg.aesKey, receiveId: cfg.corpId };
  const callbackUrl = `${cfg.url.replace(/\/+$/, '')}/wecom/callback`;

  /** A plaintext encrypted and signed as WeCom would deliver it at `now`. */
  const seal = (plaintext: string, now = new Date()): SealedMessage => sealMessage(envelope, plaintext, now, { agentId: cfg.agentId });

  /** One POST of an already sealed delivery (the benchmark seals before its clock starts). */
  async function postSealed(sealed: SealedMessage): Promise<PeerAnswer> {
    const res = await httpFetch(`${callbackUrl}?${new URLSearchParams(sealed.query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: sealed.body });
    const raw = await res.text();
    return { status: res.status, raw, replyText: res.status === 200 && raw ? openPassiveReply(cfg, raw) : undefined };
  }

  /** One POST of an already built plaintext (to send the same delivery several times). */
  const post = (plaintext: string, now = new Date()): Promise<PeerAnswer> => postSealed(seal(plaintext, now));

  return {
    post,
    seal,
    postSealed,
    send: (from: string, msg: PeerMessage, now = new Date()) => post(plaintextXml(cfg, from, msg, now), now),
    say: (from: string, text: string, now = new Date()) => post(plaintextXml(cfg, from, { kind: 'text', text }, now), now),
  };
}

export type WecomPeer = ReturnType<typeof createWecomPeer>;
