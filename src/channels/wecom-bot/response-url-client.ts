/**
 * The one post a message's `response_url` takes (plain JSON, within an hour), made only when the URL is on
 * WECOM_API_BASE's origin: the URL came in a request, and the bot never posts to an address a request names
 * elsewhere. One use is claimed in coordination first (set-if-absent), so any instance sees it spent.
 */
import { createHash } from 'node:crypto';
import type { Coord } from '../../coord/coord';
import type { Reply } from '../../core/message';
import { callWecomApi } from '../wecom/call-wecom-api';
import { DEFAULT_TRUNCATED_MARKER, truncateByBytes } from '../wecom/truncate-by-bytes';
import { RESPONSE_URL_TTL_MS } from './to-bot-inbound';
import { httpFetch } from '../http-fetch';

/** What one stream or markdown answer of the AI bot holds (UTF-8 bytes). */
export const BOT_MARKDOWN_MAX_BYTES = 20_480;
/** A handle about to expire is not used: the post could arrive after it. */
const EXPIRY_MARGIN_MS = 10_000;

export interface ResponseUrlClient {
  /** 'fallback' when the URL is foreign, expired or already used; throws ChannelApiError when the post fails. */
  post(responseUrl: string, expiresAt: number | undefined, reply: Reply, now: Date): Promise<'sent' | 'fallback'>;
  isTrusted(responseUrl: string): boolean;
}

export function createResponseUrlClient(opts: { apiBase: string; coord: Coord; fetch?: typeof fetch; timeoutMs?: number; truncatedMarker?: string }): ResponseUrlClient {
  const origin = new URL(opts.apiBase).origin;
  const call = { fetch: opts.fetch ?? httpFetch, timeoutMs: opts.timeoutMs ?? 5000, what: 'aibot response_url' };

  function isTrusted(responseUrl: string): boolean {
    try {
      return new URL(responseUrl).origin === origin;
    } catch {
      return false;
    }
  }

  async function post(responseUrl: string, expiresAt: number | undefined, reply: Reply, now: Date): Promise<'sent' | 'fallback'> {
    if (!isTrusted(responseUrl)) return 'fallback';
    if (expiresAt !== undefined && expiresAt <= now.getTime() + EXPIRY_MARGIN_MS) return 'fallback';
    // The URL itself is a credential: only its hash names the claim.
    const key = `wecom-bot:response-url:${createHash('sha256').update(responseUrl).digest('hex')}`;
    const claim = await opts.coord.acquireLock(key, RESPONSE_URL_TTL_MS);
    if (!claim) return 'fallback';
    const content = truncateByBytes(reply.text, BOT_MARKDOWN_MAX_BYTES, opts.truncatedMarker ?? DEFAULT_TRUNCATED_MARKER);
    let answer;
    try {
      answer = await callWecomApi(responseUrl, { msgtype: 'markdown', markdown: { content } }, call);
    } catch (e) {
      // Not answered: the post may be tried again (the outbox retries it).
      await opts.coord.releaseLock(key, claim).catch(() => undefined);
      throw e;
    }
    // The platform refused it (expired or spent on its side): the reply goes to the fallback.
    if (answer.errcode !== 0) return 'fallback';
    return 'sent';
  }

  return { post, isTrusted };
}
