/**
 * The DingTalk enterprise robot as a ChannelAdapter: transport only. `POST /dingtalk/callback` (HTTP mode)
 * and a Stream push (stream-receiver.ts) both end in `fromRobotMessage`, one Inbound and nothing more.
 *
 * Status codes, as WeCom's (bodies carry only the generic status text, never the reason):
 * - 401: `timestamp`/`sign` missing, more than an hour off, or wrong (DingTalk signs only the timestamp);
 * - 415: a declared content type that is not JSON;
 * - 400: an empty or malformed body, or a message for another robot or corp (the sign does not cover the
 *   body: a header replayed within the hour could carry anything, so it must at least be addressed to us);
 * - 405: a method other than POST;
 * - 200 with an empty body: an authenticated message of a type the bot does not handle.
 */
import { STATUS_CODES } from 'node:http';
import { AppError, ChannelApiError } from '../../core/errors';
import type { ChannelAdapter, ChannelResponse, RawRequest, Receipt, SendOutcome } from '../../core/channel';
import type { Reply, SendableDestination } from '../../core/message';
import type { ChannelLogger } from '../wecom/wecom-channel';
import type { DingtalkApiClient } from './dingtalk-api-client';
import type { DingtalkRobotClient } from './dingtalk-robot-client';
import { verifyCallbackSign } from './dingtalk-sign';
import { parseRobotMessage, type RobotMessage } from './parse-robot-message';
import { toDingtalkInbound, type DingtalkInbound } from './to-dingtalk-inbound';

export interface DingtalkChannelConfig {
  clientId: string;
  /** The app secret: the callback's HMAC key. */
  clientSecret: string;
  robotCode: string;
  /** When set, a message whose chatbotCorpId differs is refused. */
  corpId?: string;
}

export interface DingtalkChannelDeps {
  api: DingtalkApiClient;
  robots: DingtalkRobotClient;
  logger?: ChannelLogger;
}

export type DingtalkVerdict = { ok: true; inbound: DingtalkInbound } | { ok: false; status: 200 | 400; reason: string };

const JSON_TYPES = /^(application\/json|text\/plain|[a-z]+\/[a-z0-9.+-]+\+json)$/;
/** A handle about to expire is not used: the post could arrive after it. */
const HANDLE_MARGIN_MS = 10_000;
/** The oapi's answer to a sessionWebhook that no longer works. */
const SESSION_EXPIRED = 300001;
const silent: ChannelLogger = { debug() {}, info() {}, warn() {} };

function status(code: number): ChannelResponse {
  return { status: code, body: code === 200 ? '' : (STATUS_CODES[code] ?? ''), contentType: 'text/plain; charset=utf-8' };
}

export interface DingtalkChannel extends ChannelAdapter {
  /** A message already authenticated by its transport (the callback's sign, or the Stream connection). */
  fromRobotMessage(msg: RobotMessage | null): DingtalkVerdict;
}

export function createDingtalkChannel(cfg: DingtalkChannelConfig, deps: DingtalkChannelDeps): DingtalkChannel {
  if (!cfg.clientId || !cfg.clientSecret || !cfg.robotCode) throw new AppError('config_invalid', 'DingTalk channel: clientId, clientSecret and robotCode are required');
  const log = deps.logger ?? silent;

  function reject(code: number, reason: string): Receipt {
    log.warn({ channel: 'dingtalk', status: code, reason }, 'dingtalk callback rejected');
    return { response: status(code) };
  }

  function fromRobotMessage(msg: RobotMessage | null): DingtalkVerdict {
    if (!msg) return { ok: false, status: 400, reason: 'malformed' };
    if (msg.robotCode !== undefined && msg.robotCode !== cfg.robotCode) return { ok: false, status: 400, reason: 'wrong_robot' };
    if (cfg.corpId && msg.chatbotCorpId !== undefined && msg.chatbotCorpId !== cfg.corpId) return { ok: false, status: 400, reason: 'wrong_corp' };
    if (msg.robotCode === undefined && msg.chatbotCorpId === undefined) return { ok: false, status: 400, reason: 'unaddressed' };
    const inbound = toDingtalkInbound(msg);
    if (!inbound) return { ok: false, status: 200, reason: `unhandled_${msg.msgtype === 'text' ? 'sender' : 'type'}` };
    return { ok: true, inbound };
  }

  async function receive(req: RawRequest, now: Date): Promise<Receipt> {
    try {
      if (req.method.toUpperCase() !== 'POST') return reject(405, 'method');
      const auth = verifyCallbackSign(cfg.clientSecret, req.headers['timestamp'], req.headers['sign'], now);
      if (!auth.ok) return reject(401, auth.reason);
      const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (type && !JSON_TYPES.test(type)) return reject(415, 'not_json');
      if (req.body.length === 0) return reject(400, 'empty_body');
      const verdict = fromRobotMessage(parseRobotMessage(req.body.toString('utf8')));
      if (!verdict.ok) {
        if (verdict.status === 200) {
          log.debug({ channel: 'dingtalk', reason: verdict.reason }, 'dingtalk message not handled: ignored');
          return { response: status(200) };
        }
        return reject(verdict.status, verdict.reason);
      }
      // No content and no user id in the logs, even at debug: reports may be anonymous.
      log.debug({ channel: 'dingtalk', kind: verdict.inbound.kind, dedupeKey: verdict.inbound.dedupeKey }, 'dingtalk inbound');
      return { response: status(200), inbound: verdict.inbound };
    } catch (e) {
      log.warn({ channel: 'dingtalk', error: e instanceof Error ? e.name : 'unknown' }, 'dingtalk callback failed unexpectedly');
      return { response: status(400) };
    }
  }

  async function send(destination: SendableDestination, reply: Reply, now: Date): Promise<SendOutcome | void> {
    if (destination.channel !== 'dingtalk') throw new ChannelApiError(`not a DingTalk destination (${destination.channel})`, false);
    switch (destination.kind) {
      case 'user':
        return deps.api.sendToUser(destination.userId, reply);
      case 'users':
        return deps.api.sendToUsers(destination.userIds, reply);
      case 'robot':
        return deps.robots.send(destination.robotKey, destination.robotSecret, reply);
      case 'chat':
        return deps.api.sendToGroup(destination.chatId, reply);
      case 'handle': {
        // A sessionWebhook is used only while valid and only on the oapi origin (the callback's sign does
        // not cover the body that named it); otherwise the relay sends to its fallback.
        const expired = destination.expiresAt !== undefined && destination.expiresAt <= now.getTime() + HANDLE_MARGIN_MS;
        if (expired || !deps.api.isTrustedWebhook(destination.handle)) return 'fallback';
        try {
          await deps.api.sendToSessionWebhook(destination.handle, reply);
          return 'sent';
        } catch (e) {
          if (e instanceof ChannelApiError && e.platformCode === SESSION_EXPIRED) return 'fallback';
          throw e;
        }
      }
    }
  }

  return {
    id: 'dingtalk',
    receive,
    send,
    fromRobotMessage,
    // The robot's 1:1 chat takes text only here; pictures are not asked for on DingTalk.
    downloadMedia: async () => {
      throw new ChannelApiError('DingTalk media download is not supported', false);
    },
  };
}
