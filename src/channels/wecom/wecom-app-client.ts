/**
 * Active sends through a WeCom self-built app (应用消息). The access token is shared by every instance
 * (shared-access-token.ts) because WeCom throttles gettoken and may invalidate a token early.
 */
import type { Coord } from '../../coord/coord';
import { ChannelApiError } from '../../core/errors';
import { createSharedAccessToken, type FetchedToken } from '../shared-access-token';
import type { Reply } from '../../core/message';
import { callWecomApi } from './call-wecom-api';
import { defaultPartLabel, splitNumbered, type PartLabel } from './split-numbered';
import { wecomApiError } from './wecom-api-error';
import { fetchMedia, mediaError } from './download-media';

/** Official limits of message/send, in UTF-8 bytes (text and markdown alike: "最长不超过2048个字节"). */
export const APP_TEXT_MAX_BYTES = 2048;
export const APP_MARKDOWN_MAX_BYTES = 2048;

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
  /** A valid access token, from the shared cache or freshly fetched. */
  getAccessToken(): Promise<string>;
  /** The bytes of a media the person sent (an image), while its media id is valid. */
  downloadMedia(mediaId: string): Promise<{ bytes: Buffer; contentType: string }>;
}

export function createWecomAppClient(opts: WecomAppClientOptions): WecomAppClient {
  const apiBase = opts.apiBase.replace(/\/+$/, '');
  const fetchFn = opts.fetch ?? fetch;
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

  async function post(body: Record<string, unknown>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const token = await getAccessToken();
      const url = `${apiBase}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`;
      const answer = await callWecomApi(url, body, { ...call, what: 'message/send' });
      if (attempt === 0 && STALE_TOKEN_ERRCODES.has(answer.errcode)) {
        await invalidate(token);
        continue;
      }
      if (answer.errcode !== 0) throw wecomApiError('message/send', answer.errcode, answer.errmsg, [secret, token]);
      // With one recipient WeCom may still answer 0 and list the member as invalid: nobody got it.
      const invalid = answer['invaliduser'];
      if (typeof invalid === 'string' && invalid !== '') {
        throw new ChannelApiError('WeCom message/send: recipient is not a valid member of the app', false, 81013);
      }
      return;
    }
  }

  async function sendToUser(userId: string, reply: Reply): Promise<void> {
    const msgtype = reply.kind === 'markdown' ? 'markdown' : 'text';
    const max = msgtype === 'markdown' ? APP_MARKDOWN_MAX_BYTES : APP_TEXT_MAX_BYTES;
    const parts = splitNumbered(reply.text, max, opts.partLabel ?? defaultPartLabel);
    for (const content of parts) {
      await post({
        touser: userId,
        agentid: agentId,
        msgtype,
        [msgtype]: { content },
        // When the outbox retries a long message after a partial failure, WeCom drops the parts that
        // already arrived instead of showing them twice. Only for split messages: a short message sent
        // twice on purpose (a repeated prompt) must arrive twice.
        ...(parts.length > 1 && { enable_duplicate_check: 1, duplicate_check_interval: 600 }),
      });
    }
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

  return { sendToUser, getAccessToken, downloadMedia };
}
