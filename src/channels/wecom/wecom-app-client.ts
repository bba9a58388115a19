/**
 * Active sends through a WeCom self-built app (应用消息). The access token is shared by every instance
 * (shared-access-token.ts) because WeCom throttles gettoken and may invalidate a token early.
 */
import type { Coord } from '../../coord/coord';
import { ChannelApiError } from '../../core/errors';
import { createSharedAccessToken, type FetchedToken } from '../shared-access-token';
import type { Reply } from '../../core/message';
import type { PartialDelivery } from '../../core/channel';
import { BATCH_SEND_MAX } from '../../core/channels';
import { callWecomApi, type WecomAnswer } from './call-wecom-api';
import { defaultPartLabel, splitNumbered, type PartLabel } from './split-numbered';
import { wecomApiError } from './wecom-api-error';
import { fetchMedia, mediaError } from './download-media';
import { httpFetch } from '../http-fetch';

/** Official limits of message/send, in UTF-8 bytes (text and markdown alike: "最长不超过2048个字节"). */
export const APP_TEXT_MAX_BYTES = 2048;
export const APP_MARKDOWN_MAX_BYTES = 2048;

/** message/send takes at most this many ids in `touser` (../shared/PROTOCOLS.md). */
export const WECOM_TOUSER_MAX = BATCH_SEND_MAX.wecom;

/** The answer's lists of members it did not deliver to, and why (WeCom names them "a|b"). */
const UNDELIVERED_FIELDS = [
  ['invaliduser', 'WeCom message/send: not a valid member of the app (invaliduser)'],
  ['unlicenseduser', 'WeCom message/send: the member has no license for the app (unlicenseduser)'],
] as const;

function undeliveredOf(answer: WecomAnswer): PartialDelivery['undelivered'] {
  return UNDELIVERED_FIELDS.flatMap(([field, reason]) => {
    const listed = answer[field];
    return typeof listed === 'string' && listed !== '' ? listed.split('|').filter(Boolean).map((userId) => ({ userId, reason })) : [];
  });
}

/** How long WeCom checks for a duplicate: the parts of a retried long message; a batch (WeCom's default). */
const PARTS_DUPLICATE_CHECK_S = 600;
const BATCH_DUPLICATE_CHECK_S = 1800;

/** errcodes that mean "this token is no longer good": refresh once and retry. */
const STALE_TOKEN_ERRCODES = new Set([40014, 42001]);

export interface WecomAppClientOptions {
  apiBase: string;
  corpId: string;
  agentId: string | number;
  /** The app's Secret. Never logged, never in an error message. */
  secret: string;
  coord: Coord;
  fetch?: typeof fetch;
  /** Bound on each HTTP call. Default 5000. */
  timeoutMs?: number;
  partLabel?: PartLabel;
  /** Injected clock (ms), for token stamps and waits. */
  now?: () => number;
  /** How often a waiter checks the cache while another instance refreshes. Default 50 ms. */
  pollMs?: number;
}

export interface WecomAppClient {
  /** Sends `reply` to one member, split into numbered messages when longer than WeCom allows. */
  sendToUser(userId: string, reply: Reply): Promise<void>;
  /**
   * Sends the same `reply` to up to WECOM_TOUSER_MAX members in one call per part (`touser` "a|b|c"). WeCom
   * delivers to the valid ones and names the others (`invaliduser`, `unlicenseduser`): those come back with
   * the reason. Throws as sendToUser when the call itself is refused (81013: not one valid recipient).
   */
  sendToUsers(userIds: readonly string[], reply: Reply): Promise<PartialDelivery>;
  /** A valid access token, from the shared cache or freshly fetched. */
  getAccessToken(): Promise<string>;
  /** The bytes of a media the person sent (an image), while its media id is valid. */
  downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }>;
}

export function createWecomAppClient(opts: WecomAppClientOptions): WecomAppClient {
  const apiBase = opts.apiBase.replace(/\/+$/, '');
  const fetchFn = opts.fetch ?? httpFetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const now = opts.now ?? Date.now;
  const { coord, corpId, secret } = opts;
  const agentId = Number(opts.agentId);
  const call = { fetch: fetchFn, timeoutMs };
  const shared = createSharedAccessToken({
    coord,
    // Tokens are per app: the key names the app, so two apps of one corp never share a token or a lock.
    cacheKey: `wecom:token:${corpId}:${agentId}`,
    lockKey: `wecom:token:lock:${corpId}:${agentId}`,
    platform: 'WeCom',
    timeoutMs,
    now,
    pollMs: opts.pollMs,
    fetchToken,
  });
  const getAccessToken = shared.get;
  const invalidate = shared.invalidate;

  async function fetchToken(): Promise<FetchedToken> {
    const url = `${apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`;
    const answer = await callWecomApi(url, undefined, { ...call, what: 'gettoken' });
    const token = answer['access_token'];
    const given = Number(answer['expires_in']);
    if (answer.errcode !== 0 || typeof token !== 'string' || !token) {
      throw wecomApiError('gettoken', answer.errcode, answer.errmsg, [secret]);
    }
    return { token, expiresInSec: Number.isFinite(given) && given > 0 ? given : 7200 }; // documented default
  }

  /** One message/send; the errcode checked (a stale token refreshed once), the answer returned. */
  async function post(body: Record<string, unknown>): Promise<WecomAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = await getAccessToken();
      const url = `${apiBase}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`;
      const answer = await callWecomApi(url, body, { ...call, what: 'message/send' });
      if (attempt === 0 && STALE_TOKEN_ERRCODES.has(answer.errcode)) {
        await invalidate(token);
        continue;
      }
      if (answer.errcode !== 0) throw wecomApiError('message/send', answer.errcode, answer.errmsg, [secret, token]);
      return answer;
    }
  }

  /**
   * Sends every part of `reply` to `touser`; what WeCom did not deliver, per member, once. A batch, and any
   * split message, asks WeCom to drop a part the same member already got a moment ago (duplicate check).
   */
  async function sendParts(touser: string, reply: Reply, batch: boolean): Promise<PartialDelivery['undelivered']> {
    const msgtype = reply.kind === 'markdown' ? 'markdown' : 'text';
    const max = msgtype === 'markdown' ? APP_MARKDOWN_MAX_BYTES : APP_TEXT_MAX_BYTES;
    const parts = splitNumbered(reply.text, max, opts.partLabel ?? defaultPartLabel);
    const undelivered = new Map<string, string>();
    for (const content of parts) {
      const answer = await post({
        touser,
        agentid: agentId,
        msgtype,
        [msgtype]: { content },
        ...((batch || parts.length > 1) && { enable_duplicate_check: 1, duplicate_check_interval: batch ? BATCH_DUPLICATE_CHECK_S : PARTS_DUPLICATE_CHECK_S }),
      });
      for (const u of undeliveredOf(answer)) if (!undelivered.has(u.userId)) undelivered.set(u.userId, u.reason);
    }
    return [...undelivered].map(([userId, reason]) => ({ userId, reason }));
  }

  async function sendToUser(userId: string, reply: Reply): Promise<void> {
    // When the outbox retries a long message after a partial failure, WeCom drops the parts that already
    // arrived instead of showing them twice. Only for split messages: a short message sent twice on purpose
    // (a repeated prompt) must arrive twice.
    const undelivered = await sendParts(userId, reply, false);
    // With one recipient WeCom may still answer 0 and list the member as invalid: nobody got it.
    if (undelivered.length > 0) throw new ChannelApiError('WeCom message/send: recipient is not a valid member of the app', false, 81013);
  }

  async function sendToUsers(userIds: readonly string[], reply: Reply): Promise<PartialDelivery> {
    if (userIds.length === 0 || userIds.length > WECOM_TOUSER_MAX) throw new ChannelApiError(`WeCom message/send: touser takes 1 to ${WECOM_TOUSER_MAX} ids (${userIds.length} given)`, false);
    if (userIds.some((id) => id === '' || id.includes('|'))) throw new ChannelApiError('WeCom message/send: a touser id is empty or contains "|"', false);
    // The same text to many: the same batch sent again within half an hour (the relay died between the send
    // and its record, and the lease ran out) is the same request, which WeCom's duplicate check drops.
    return { undelivered: await sendParts(userIds.join('|'), reply, true) };
  }

  async function downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }> {
    for (let attempt = 0; ; attempt++) {
      const token = await getAccessToken();
      const url = `${apiBase}/cgi-bin/media/get?access_token=${encodeURIComponent(token)}&media_id=${encodeURIComponent(mediaId)}`;
      const answer = await fetchMedia(url, fetchFn, timeoutMs);
      if (answer.ok) return { bytes: answer.bytes, contentType: answer.contentType };
      if (attempt === 0 && STALE_TOKEN_ERRCODES.has(answer.errcode)) {
        await invalidate(token);
        continue;
      }
      throw mediaError(answer, [secret, token]);
    }
  }

  return { sendToUser, sendToUsers, getAccessToken, downloadMedia };
}
