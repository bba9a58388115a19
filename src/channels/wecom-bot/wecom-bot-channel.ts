/**
 * The WeCom AI bot (智能机器人, API mode) as a ChannelAdapter: transport only. The app's signature and AES
 * envelope (wecom/envelope.ts) with receive id "", a JSON envelope and a JSON plaintext.
 *
 * Status codes, as the app channel's (bodies carry only the generic status text, never the reason): 401 a
 * wrong signature; 408 a timestamp more than 5 minutes off; 415 a declared type that is not JSON; 400
 * anything else wrong (missing parameters, empty or malformed body, undecryptable, another receive id);
 * 405 another method; an empty 200 for an authenticated message the bot does not handle, because anything
 * else makes the platform deliver it again.
 *
 * Replies: within the budget, a passive stream finished at once. Past it, an unfinished stream, filled by the
 * first late reply and finished on the next refresh callback (bot-streams.ts); later replies go once to the
 * message's `response_url` (response-url-client.ts), else to the person's 1:1 chat through the WeCom app.
 */
import { randomBytes } from 'node:crypto';
import { AppError, ChannelApiError } from '../../core/errors';
import type { ChannelAdapter, ChannelResponse, PassiveReply, RawRequest, Receipt, SendOutcome } from '../../core/channel';
import { MESSAGE_TEXT_MAX_BYTES, type Inbound, type Reply, type SendableDestination } from '../../core/message';
import { openEnvelope, seal, type EnvelopeConfig } from '../wecom/envelope';
import { receiveCallback, statusResponse } from '../wecom/receive-callback';
import { DEFAULT_REPLY_BUDGET_MS, type ChannelLogger } from '../wecom/wecom-channel';
import { decryptBotMedia } from './decrypt-bot-media';
import type { BotStreams } from './bot-streams';
import type { ResponseUrlClient } from './response-url-client';
import { BOT_MSG_TYPES, parseBotMessage, toBotInbound } from './to-bot-inbound';
import { httpFetch } from '../http-fetch';

export interface WecomBotChannelConfig {
  token: string;
  /** The 43-character EncodingAESKey. */
  aesKey: string;
  windowSec?: number;
  replyBudgetMs?: number;
  /** Origins besides the API's that an image may be fetched from (WECOM_BOT_MEDIA_ORIGINS). */
  mediaOrigins?: readonly string[];
}

export interface WecomBotChannelDeps {
  responseUrl: ResponseUrlClient;
  streams: BotStreams;
  /** The content of a stream while its turn is not done (templates: core.stream_pending). */
  pendingText: string;
  fetch?: typeof fetch;
  logger?: ChannelLogger;
}

const JSON_TYPES = /^(application\/json|text\/plain|[a-z]+\/[a-z0-9.+-]+\+json)$/;
const silent: ChannelLogger = { debug() {}, info() {}, warn() {} };

const status = statusResponse;

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

export function createWecomBotChannel(cfg: WecomBotChannelConfig, deps: WecomBotChannelDeps): ChannelAdapter {
  if (!cfg.token || !/^[A-Za-z0-9+/]{43}$/.test(cfg.aesKey)) {
    throw new AppError('config_invalid', 'WeCom AI bot: the token and the 43-character EncodingAESKey (API mode) are required');
  }
  const log = deps.logger ?? silent;
  const mediaOrigins = new Set(cfg.mediaOrigins ?? []);
  const envelope: EnvelopeConfig = { token: cfg.token, aesKey: cfg.aesKey, receiveId: '' };
  const opts = { windowSec: cfg.windowSec };

  function reject(code: number, reason: string): Receipt {
    log.warn({ channel: 'wecom-bot', status: code, reason }, 'wecom-bot callback rejected');
    return { response: status(code) };
  }

  /** The passive answer body: the sealed plaintext as JSON (timestamp a string). */
  function sealed(plaintext: object, now: Date): ChannelResponse {
    const s = seal(envelope, JSON.stringify(plaintext), now);
    const body = JSON.stringify({ encrypt: s.encrypt, msgsignature: s.signature, timestamp: s.timestamp, nonce: s.nonce });
    return { status: 200, body, contentType: 'application/json; charset=utf-8' };
  }

  function passiveReplyFor(inbound: Inbound, now: Date): PassiveReply {
    const reply = (r: Reply): ChannelResponse =>
      // The enter_chat welcome is the one place a text answer is allowed; everything else is a stream.
      inbound.kind === 'event'
        ? sealed({ msgtype: 'text', text: { content: r.text } }, now)
        : sealed({ msgtype: 'stream', stream: { id: randomBytes(8).toString('hex'), finish: true, content: r.text } }, now);
    const handle = inbound.replyTo?.kind === 'handle' && inbound.kind !== 'event' ? inbound.replyTo.handle : undefined;
    const late = handle
      ? async (): Promise<ChannelResponse> => {
          const id = await deps.streams.open(handle, now);
          return sealed({ msgtype: 'stream', stream: { id, finish: false, content: deps.pendingText } }, now);
        }
      : undefined;
    return { budgetMs: cfg.replyBudgetMs ?? DEFAULT_REPLY_BUDGET_MS, maxBytes: MESSAGE_TEXT_MAX_BYTES, reply, ...(late ? { late } : {}) };
  }

  function urlCheck(req: RawRequest, now: Date): Receipt {
    const echostr = req.query['echostr']?.replace(/ /g, '+');
    const opened = openEnvelope(envelope, req.query, echostr, now, opts);
    if (!opened.ok) return reject(opened.status, opened.reason);
    return { response: { status: 200, body: opened.plaintext, contentType: 'text/plain; charset=utf-8' } };
  }

  /** A refresh callback of an unfinished stream: its content once a late reply filled it. */
  async function refresh(id: string, now: Date): Promise<Receipt> {
    const r = await deps.streams.refresh(id, now);
    return { response: sealed({ msgtype: 'stream', stream: { id, finish: r.finish, content: r.finish ? r.content : deps.pendingText } }, now) };
  }

  async function message(req: RawRequest, now: Date): Promise<Receipt> {
    const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type && !JSON_TYPES.test(type)) return reject(415, 'not_json');
    if (!req.query['msg_signature'] || !req.query['timestamp'] || !req.query['nonce']) return reject(400, 'missing_params');
    if (req.body.length === 0) return reject(400, 'empty_body');
    const outer = parseBotMessage(req.body.toString('utf8')) as { encrypt?: unknown } | null;
    if (!outer || typeof outer.encrypt !== 'string') return reject(400, 'bad_json');
    const opened = openEnvelope(envelope, req.query, outer.encrypt, now, opts);
    if (!opened.ok) return reject(opened.status, opened.reason);
    const msg = parseBotMessage(opened.plaintext);
    if (!msg) return reject(400, 'bad_plaintext');
    if (msg.msgtype === 'stream' && typeof msg.stream?.id === 'string' && /^[0-9a-f]{1,64}$/.test(msg.stream.id)) return refresh(msg.stream.id, now);
    const inbound = toBotInbound(msg, now);
    if (!inbound) {
      const known = typeof msg.msgtype === 'string' && BOT_MSG_TYPES.has(msg.msgtype);
      log.debug({ channel: 'wecom-bot', msgType: typeof msg.msgtype === 'string' ? msg.msgtype : 'none', known }, 'wecom-bot message not handled: ignored');
      return { response: status(200) };
    }
    // No content and no user id in the logs, even at debug: reports may be anonymous.
    log.debug({ channel: 'wecom-bot', kind: inbound.kind, chat: inbound.chat.kind, dedupeKey: inbound.dedupeKey }, 'wecom-bot inbound');
    return { response: status(200), inbound, passive: passiveReplyFor(inbound, now) };
  }

  async function send(destination: SendableDestination, reply: Reply, now: Date): Promise<SendOutcome | void> {
    if (destination.kind !== 'handle' || destination.channel !== 'wecom-bot') {
      throw new ChannelApiError(`the WeCom AI bot sends only to a response_url (${destination.kind})`, false);
    }
    if (await deps.streams.fill(destination.handle, reply.text, now)) return 'sent';
    return deps.responseUrl.post(destination.handle, destination.expiresAt, reply, now);
  }

  return {
    id: 'wecom-bot',
    receive: receiveCallback('wecom-bot', log, { urlCheck, message }, reject),
    send,
    async downloadMedia(mediaId: string) {
      // An image's id is its URL, from the request: fetched only on the API's origin or one the operator listed
      // as WeCom's media host, and never through a redirect (which could lead anywhere).
      if (!deps.responseUrl.isTrusted(mediaId) && !mediaOrigins.has(originOf(mediaId))) {
        throw new ChannelApiError('WeCom AI bot image on a foreign origin', false);
      }
      let res: Response;
      try {
        res = await (deps.fetch ?? httpFetch)(mediaId, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
      } catch {
        throw new ChannelApiError('WeCom AI bot image: network error', true);
      }
      if (!res.ok) throw new ChannelApiError(`WeCom AI bot image: HTTP ${res.status}`, res.status >= 500, res.status);
      return { bytes: decryptBotMedia(cfg.aesKey, Buffer.from(await res.arrayBuffer())), contentType: 'image/jpeg' };
    },
  };
}
