/**
 * The WeCom encrypted envelope: open an incoming one (authenticate, then decrypt) and seal outgoing ones.
 * @wecom/crypto does the AES; everything it does not check (signature, freshness, receive id, even that the
 * ciphertext is well formed) is checked here, in that order, before any plaintext is trusted.
 */
import { randomInt } from 'node:crypto';
import { decrypt, encrypt } from '@wecom/crypto';
import { cdata } from './cdata';
import { computeSignature, isFresh, verifySignature } from './verify-signature';

export interface EnvelopeConfig {
  token: string;
  /** The 43-character EncodingAESKey. */
  aesKey: string;
  /** The CorpID for a self-built app, "" for the AI bot. */
  receiveId: string;
}

/** The signature parameters of a callback URL, as WeCom names them. */
export interface EnvelopeQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
}

export type OpenFailure =
  | 'missing_params'
  | 'bad_signature'
  | 'stale'
  | 'bad_base64'
  | 'decrypt_failed'
  | 'wrong_receive_id';

/**
 * 401 only when the signature fails (the caller is not who it claims); 408 for a stale timestamp (maybe a
 * replay, maybe a skewed clock); 400 for everything else, including failures after a valid signature: those
 * are malformed or misaddressed payloads (or our own key misconfigured), not unauthenticated callers.
 */
export type OpenResult =
  | { ok: true; plaintext: string }
  | { ok: false; status: 400 | 401 | 408; reason: OpenFailure };

export interface OpenOptions {
  /** Accepted clock difference in seconds, either direction. Default 300. */
  windowSec?: number;
}

/** Base64 as WeCom sends it: standard alphabet, padded, whole AES blocks, at least random+length+padding. */
function isPlausibleCiphertext(encrypt: string): boolean {
  if (encrypt.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt)) return false;
  const bytes = (encrypt.length / 4) * 3 - (encrypt.endsWith('==') ? 2 : encrypt.endsWith('=') ? 1 : 0);
  return bytes >= 32 && bytes % 16 === 0;
}

export function openEnvelope(
  cfg: EnvelopeConfig,
  query: EnvelopeQuery,
  encrypted: string | undefined,
  now: Date,
  opts: OpenOptions = {},
): OpenResult {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce || !encrypted) {
    return { ok: false, status: 400, reason: 'missing_params' };
  }
  if (!verifySignature(cfg.token, timestamp, nonce, encrypted, signature)) {
    return { ok: false, status: 401, reason: 'bad_signature' };
  }
  if (!isFresh(timestamp, now, opts.windowSec)) return { ok: false, status: 408, reason: 'stale' };
  if (!isPlausibleCiphertext(encrypted)) return { ok: false, status: 400, reason: 'bad_base64' };
  let opened: { message: string; id: string };
  try {
    // decrypt authenticates nothing: it may throw (short input, bad key) or return garbage (wrong key).
    opened = decrypt(cfg.aesKey, encrypted);
  } catch {
    return { ok: false, status: 400, reason: 'decrypt_failed' };
  }
  // With a wrong key the id is garbage: this is the first check that the plaintext is really ours.
  if (opened.id !== cfg.receiveId) return { ok: false, status: 400, reason: 'wrong_receive_id' };
  return { ok: true, plaintext: opened.message };
}

export interface Sealed {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

/** Encrypts `plaintext` for `cfg.receiveId` and signs it, as WeCom and its callback receivers both do. */
export function seal(cfg: EnvelopeConfig, plaintext: string, now: Date, nonce?: string): Sealed {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const n = nonce ?? String(randomInt(100_000_000, 2_000_000_000));
  const enc = encrypt(cfg.aesKey, plaintext, cfg.receiveId);
  return { encrypt: enc, signature: computeSignature(cfg.token, timestamp, n, enc), timestamp, nonce: n };
}

/** The passive reply body: WeCom decrypts it only if the signature over the new ciphertext matches. */
export function sealReply(cfg: EnvelopeConfig, plaintextXml: string, now: Date, nonce?: string): string {
  const s = seal(cfg, plaintextXml, now, nonce);
  return (
    `<xml><Encrypt>${cdata(s.encrypt)}</Encrypt><MsgSignature>${cdata(s.signature)}</MsgSignature>` +
    `<TimeStamp>${s.timestamp}</TimeStamp><Nonce>${cdata(s.nonce)}</Nonce></xml>`
  );
}

export interface SealedMessage {
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
}

/**
 * A callback exactly as WeCom would POST it (outer XML plus signed query), for tests and the local chat
 * client: they exercise the same receive path as production.
 */
export function sealMessage(
  cfg: EnvelopeConfig,
  plaintextXml: string,
  now: Date,
  opts: { nonce?: string; agentId?: string } = {},
): SealedMessage {
  const s = seal(cfg, plaintextXml, now, opts.nonce);
  const agent = opts.agentId === undefined ? '' : `<AgentID>${cdata(opts.agentId)}</AgentID>`;
  return {
    query: { msg_signature: s.signature, timestamp: s.timestamp, nonce: s.nonce },
    body: `<xml><ToUserName>${cdata(cfg.receiveId)}</ToUserName><Encrypt>${cdata(s.encrypt)}</Encrypt>${agent}</xml>`,
  };
}
