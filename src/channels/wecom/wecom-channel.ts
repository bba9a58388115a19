/**
 * The WeCom self-built app as a ChannelAdapter: transport only. It verifies, decrypts and parses a callback
 * into one Inbound and stops there; what to answer is the dispatcher's business.
 *
 * Status codes (bodies carry only the generic status text, never the reason):
 * - 401: the signature does not match (the one "who are you?" failure);
 * - 408: the timestamp is more than 5 minutes off (replay or skewed clock);
 * - 415: a declared content type that is not XML (the body is not even read);
 * - 400: everything else that is wrong: missing parameters, empty body, bad XML, bad base64, undecryptable
 *   ciphertext, wrong receive id or corp. Failures after a valid signature stay 400, not 401: the caller
 *   proved it knows the token, so the payload is malformed or misaddressed (or our key is misconfigured);
 * - 200 with an empty body: an authenticated message of a type the bot does not handle (voice, video...),
 *   because any other status makes WeCom send the same message twice more.
 */
import { AppError, ChannelApiError } from '../../core/errors';
import type { ChannelAdapter, ChannelResponse, PassiveReply, RawRequest, Receipt, SendOutcome } from '../../core/channel';
import type { Inbound, Reply, SendableDestination } from '../../core/message';
import { cdata } from './cdata';
import { receiveCallback, statusResponse } from './receive-callback';
import { openEnvelope, sealReply, type EnvelopeConfig } from './envelope';
import { parseXml } from './parse-xml';
import { SUPPORTED_MSG_TYPES, toInbound } from './to-inbound';
import { DEFAULT_TRUNCATED_MARKER, truncateByBytes } from './truncate-by-bytes';
import type { WecomAppClient } from './wecom-app-client';
import type { WecomRobotClient } from './wecom-robot-client';

export interface WecomChannelConfig {
  corpId: string;
  agentId: string | number;
  token: string;
  /** The 43-character EncodingAESKey. */
  aesKey: string;
  /** Not used by the adapter itself: accepted so that one config object serves it and its clients. */
  apiBase?: string;
  /** Accepted clock difference for callbacks, seconds. Default 300. */
  windowSec?: number;
  /** Ends a passive reply shortened to WeCom's limit; pass the wording from templates. */
  truncatedMarker?: string;
  /** How long to wait for a turn before answering the callback (WeCom waits 5 s). Default 3000. */
  replyBudgetMs?: number;
}

/** The part of a pino logger the adapter uses. */
export interface ChannelLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface WecomChannelDeps {
  appClient: WecomAppClient;
  robotClient: WecomRobotClient;
  logger?: ChannelLogger;
}

/** A passive text reply is held to the same limit as an active one; it cannot be split. */
export const PASSIVE_MAX_BYTES = 2048;
/** WeCom gives a callback 5 s, then retries it: answer well inside that. */
export const DEFAULT_REPLY_BUDGET_MS = 3000;
/**
 * Content types accepted for a callback. A missing type and text/plain are tolerated (proxies and some
 * gateways relabel bodies; the body must still parse and carry a valid signature); a declared non-XML type
 * such as JSON or a form is refused with 415 before the body is read.
 */
const XML_TYPES = /^(text\/xml|application\/xml|text\/plain|[a-z]+\/[a-z0-9.+-]+\+xml)$/;
const silent: ChannelLogger = { debug() {}, info() {}, warn() {} };

const status = statusResponse;

function checkConfig(cfg: WecomChannelConfig): void {
  const problems: string[] = [];
  if (!cfg.corpId) problems.push('corpId is empty');
  if (!cfg.token) problems.push('token is empty');
  if (!/^\d+$/.test(String(cfg.agentId))) problems.push('agentId must be the numeric AgentId');
  if (!/^[A-Za-z0-9+/]{43}$/.test(cfg.aesKey) || Buffer.from(`${cfg.aesKey}=`, 'base64').length !== 32) {
    problems.push('aesKey must be the 43-character EncodingAESKey from the app callback settings');
  }
  if (problems.length) throw new AppError('config_invalid', `WeCom channel: ${problems.join('; ')}`);
}

export function createWecomChannel(cfg: WecomChannelConfig, deps: WecomChannelDeps): ChannelAdapter {
  checkConfig(cfg);
  const log = deps.logger ?? silent;
  const envelope: EnvelopeConfig = { token: cfg.token, aesKey: cfg.aesKey, receiveId: cfg.corpId };
  const agentId = String(cfg.agentId);
  const opts = { windowSec: cfg.windowSec };

  function reject(code: number, reason: string): Receipt {
    log.warn({ channel: 'wecom', status: code, reason }, 'wecom callback rejected');
    return { response: status(code) };
  }

  function urlCheck(req: RawRequest, now: Date): Receipt {
    // base64 has no spaces: a space here is a '+' that a form-style decoder turned into one.
    const echostr = req.query['echostr']?.replace(/ /g, '+');
    const opened = openEnvelope(envelope, req.query, echostr, now, opts);
    if (!opened.ok) return reject(opened.status, opened.reason);
    log.info({ channel: 'wecom' }, 'wecom URL check answered');
    return { response: { status: 200, body: opened.plaintext, contentType: 'text/plain; charset=utf-8' } };
  }

  function passiveReplyFor(inbound: Inbound, now: Date): PassiveReply {
    const reply = (reply: Reply): ChannelResponse => {
      // App passive replies have no markdown: the markdown source is sent as plain text.
      const text = truncateByBytes(reply.text, PASSIVE_MAX_BYTES, cfg.truncatedMarker ?? DEFAULT_TRUNCATED_MARKER);
      const plaintext =
        `<xml><ToUserName>${cdata(inbound.userId)}</ToUserName><FromUserName>${cdata(cfg.corpId)}</FromUserName>` +
        `<CreateTime>${Math.floor(now.getTime() / 1000)}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
        `<Content>${cdata(text)}</Content></xml>`;
      return { status: 200, body: sealReply(envelope, plaintext, now), contentType: 'application/xml; charset=utf-8' };
    };
    return { budgetMs: cfg.replyBudgetMs ?? DEFAULT_REPLY_BUDGET_MS, maxBytes: PASSIVE_MAX_BYTES, reply };
  }

  function message(req: RawRequest, now: Date): Receipt {
    const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type && !XML_TYPES.test(type)) return reject(415, 'not_xml');
    if (!req.query['msg_signature'] || !req.query['timestamp'] || !req.query['nonce']) {
      return reject(400, 'missing_params');
    }
    if (req.body.length === 0) return reject(400, 'empty_body');
    const outer = parseXml(req.body.toString('utf8'));
    if (!outer) return reject(400, 'bad_xml');
    const opened = openEnvelope(envelope, req.query, outer['Encrypt'], now, opts);
    if (!opened.ok) return reject(opened.status, opened.reason);

    const fields = parseXml(opened.plaintext);
    if (!fields) return reject(400, 'bad_plaintext');
    // The receive id already matched; these guard against a payload meant for another corp or app.
    if (fields['ToUserName'] !== undefined && fields['ToUserName'].trim() !== cfg.corpId) return reject(400, 'wrong_corp');
    const agent = fields['AgentID']?.trim();
    if (agent && agent !== agentId) return reject(400, 'wrong_agent');

    const inbound = toInbound(fields, opened.plaintext);
    const msgType = fields['MsgType']?.trim().toLowerCase();
    if (!inbound) {
      // Authenticated, so answer 200: anything else makes WeCom deliver the same payload twice more.
      const supported = msgType !== undefined && SUPPORTED_MSG_TYPES.has(msgType);
      if (supported) log.warn({ channel: 'wecom', msgType }, 'wecom message lacks required fields: ignored');
      else log.debug({ channel: 'wecom', msgType }, 'wecom message type not handled: ignored');
      return { response: status(200) };
    }
    // Contents stay out of the logs, even at debug: reports may be anonymous.
    // No user id, even at debug: with timestamps it could tie an anonymous reporter to a case.
    log.debug({ channel: 'wecom', kind: inbound.kind, dedupeKey: inbound.dedupeKey }, 'wecom inbound');
    return { response: status(200), inbound, passive: passiveReplyFor(inbound, now) };
  }

  return {
    id: 'wecom',
    receive: receiveCallback('wecom', log, { urlCheck, message }, reject),
    async send(destination: SendableDestination, reply: Reply): Promise<SendOutcome | void> {
      if (destination.channel !== 'wecom') {
        throw new ChannelApiError(`not a WeCom destination (${destination.channel})`, false);
      }
      if (destination.kind === 'user') return deps.appClient.sendToUser(destination.userId, reply);
      if (destination.kind === 'users') return deps.appClient.sendToUsers(destination.userIds, reply);
      if (destination.kind === 'robot') return deps.robotClient.send(destination.robotKey, reply);
      throw new ChannelApiError(`the WeCom app sends no ${destination.kind} destination`, false);
    },
    downloadMedia: (mediaId) => deps.appClient.downloadMedia(mediaId),
  };
}
