/**
 * The DingTalk robot's active sends through the OpenAPI: 1:1 (oToMessages/batchSend), groups
 * (groupMessages/send), and a conversation's sessionWebhook while it is valid. The access token is shared
 * by every instance (shared-access-token.ts), as WeCom's is.
 */
import type { Coord } from '../../coord/coord';
import type { PartialDelivery } from '../../core/channel';
import { BATCH_SEND_MAX } from '../../core/channels';
import { ChannelApiError } from '../../core/errors';
import type { Reply } from '../../core/message';
import { createSharedAccessToken, type FetchedToken } from '../shared-access-token';
import { callDingtalkApi } from './call-dingtalk-api';
import { oapiError, openApiError } from './dingtalk-api-error';
import { oapiMessage, openApiMessage } from './dingtalk-message-body';
import { httpFetch } from '../http-fetch';

export interface DingtalkApiClientOptions {
  apiBase: string;
  /** The origin a sessionWebhook must be on (DINGTALK_OAPI_BASE's). */
  oapiBase: string;
  clientId: string;
  /** The app's secret. Never logged, never in an error message. */
  clientSecret: string;
  robotCode: string;
  coord: Coord;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
  pollMs?: number;
}

/** The robot's 1:1 send: up to BATCH_SEND_MAX.dingtalk (20) userIds a call. */
const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';

export interface DingtalkApiClient {
  sendToUser(staffId: string, reply: Reply): Promise<void>;
  /** One text to several people in one call; who was not a valid staff id, and who was held back for now. */
  sendToUsers(staffIds: readonly string[], reply: Reply): Promise<PartialDelivery>;
  sendToGroup(openConversationId: string, reply: Reply): Promise<void>;
  /** Posts to a sessionWebhook; refuses (permanently) one that is not on the oapi origin. */
  sendToSessionWebhook(url: string, reply: Reply): Promise<void>;
  /** True when `url` may be posted to: https or the configured scheme, on DINGTALK_OAPI_BASE's origin. */
  isTrustedWebhook(url: string): boolean;
  getAccessToken(): Promise<string>;
}

export function createDingtalkApiClient(opts: DingtalkApiClientOptions): DingtalkApiClient {
  const apiBase = opts.apiBase.replace(/\/+$/, '');
  const oapiOrigin = new URL(opts.oapiBase).origin;
  const fetchFn = opts.fetch ?? httpFetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const { clientId, clientSecret, robotCode } = opts;
  const shared = createSharedAccessToken({
    coord: opts.coord,
    cacheKey: `dingtalk:token:${clientId}`,
    lockKey: `dingtalk:token:lock:${clientId}`,
    platform: 'DingTalk',
    timeoutMs,
    now: opts.now ?? Date.now,
    pollMs: opts.pollMs,
    fetchToken,
  });

  async function fetchToken(): Promise<FetchedToken> {
    const answer = await callDingtalkApi(`${apiBase}/v1.0/oauth2/accessToken`, { appKey: clientId, appSecret: clientSecret }, { fetch: fetchFn, timeoutMs, what: 'oauth2/accessToken' });
    const token = answer.json?.['accessToken'];
    const given = Number(answer.json?.['expireIn']);
    if (answer.status !== 200 || typeof token !== 'string' || !token) throw openApiError('oauth2/accessToken', answer.status, answer.json, [clientSecret]);
    return { token, expiresInSec: Number.isFinite(given) && given > 0 ? given : 7200 };
  }

  async function post(path: string, body: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    for (let attempt = 0; ; attempt++) {
      const token = await shared.get();
      const answer = await callDingtalkApi(`${apiBase}${path}`, body, { fetch: fetchFn, timeoutMs, what: path, headers: { 'x-acs-dingtalk-access-token': token } });
      // 401/403 with InvalidAuthentication: the token died early; refresh once.
      if (attempt === 0 && (answer.status === 401 || answer.json?.['code'] === 'InvalidAuthentication')) {
        await shared.invalidate(token);
        continue;
      }
      if (answer.status !== 200) throw openApiError(path, answer.status, answer.json, [clientSecret, token]);
      return answer.json;
    }
  }

  async function sendToUsers(staffIds: readonly string[], reply: Reply): Promise<PartialDelivery> {
    if (staffIds.length > BATCH_SEND_MAX.dingtalk) throw new ChannelApiError(`DingTalk ${BATCH_SEND}: at most ${BATCH_SEND_MAX.dingtalk} userIds a call`, false);
    const json = await post(BATCH_SEND, { robotCode, userIds: staffIds, ...openApiMessage(reply) });
    const listed = (field: string): string[] => {
      const ids = json?.[field];
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && staffIds.includes(id)) : [];
    };
    return {
      undelivered: listed('invalidStaffIdList').map((userId) => ({ userId, reason: `DingTalk ${BATCH_SEND}: not a valid staff id (invalidStaffIdList)` })),
      heldBack: listed('flowControlledStaffIdList'),
    };
  }

  async function sendToUser(staffId: string, reply: Reply): Promise<void> {
    const outcome = await sendToUsers([staffId], reply);
    if (outcome.undelivered.length > 0) throw new ChannelApiError(`DingTalk ${BATCH_SEND}: recipient is not a valid staff id`, false, 'invalidStaffId');
    if (outcome.heldBack!.length > 0) throw new ChannelApiError(`DingTalk ${BATCH_SEND}: recipient flow-controlled`, true, 'flowControlled');
  }

  async function sendToGroup(openConversationId: string, reply: Reply): Promise<void> {
    await post('/v1.0/robot/groupMessages/send', { robotCode, openConversationId, ...openApiMessage(reply) });
  }

  function isTrustedWebhook(url: string): boolean {
    try {
      return new URL(url).origin === oapiOrigin;
    } catch {
      return false;
    }
  }

  async function sendToSessionWebhook(url: string, reply: Reply): Promise<void> {
    if (!isTrustedWebhook(url)) throw new ChannelApiError('DingTalk sessionWebhook: not on the configured oapi origin', false);
    const answer = await callDingtalkApi(url, oapiMessage(reply), { fetch: fetchFn, timeoutMs, what: 'sessionWebhook' });
    const errcode = answer.json?.['errcode'];
    if (answer.status !== 200 || typeof errcode !== 'number') throw new ChannelApiError(`DingTalk sessionWebhook: unexpected answer (HTTP ${answer.status})`, false, answer.status);
    // The session's own query (its token) is never quoted back.
    if (errcode !== 0) throw oapiError('sessionWebhook', errcode, answer.json?.['errmsg'], [new URL(url).search.slice(1)]);
  }

  return { sendToUser, sendToUsers, sendToGroup, sendToSessionWebhook, isTrustedWebhook, getAccessToken: shared.get };
}
