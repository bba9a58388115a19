/**
 * GET /cgi-bin/media/get: the bytes of a temporary media (an image a person sent; valid 3 days). WeCom
 * answers the file itself, or a JSON error; both are told apart by the content type.
 */
import { ChannelApiError } from '../../core/errors';
import { wecomApiError } from './wecom-api-error';

/** WeCom images are at most 2 MB; anything larger is refused without reading it all. */
export const MEDIA_MAX_BYTES = 2 * 1024 * 1024;

export type MediaAnswer = { ok: true; bytes: Buffer; contentType: string } | { ok: false; errcode: number; errmsg?: string };

export async function fetchMedia(url: string, fetchFn: typeof fetch, timeoutMs: number): Promise<MediaAnswer> {
  let res: Response;
  let body: Buffer;
  try {
    res = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs) });
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > MEDIA_MAX_BYTES) throw new ChannelApiError('WeCom media/get: file over 2 MB', false);
    body = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    if (e instanceof ChannelApiError) throw e;
    throw new ChannelApiError('WeCom media/get: network error', true);
  }
  if (res.status >= 500) throw new ChannelApiError(`WeCom media/get: HTTP ${res.status}`, true, res.status);
  const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
  if (/json|text\/plain/.test(contentType)) {
    try {
      const answer = JSON.parse(body.toString('utf8')) as { errcode?: number; errmsg?: string };
      return { ok: false, errcode: Number(answer.errcode ?? -1), errmsg: answer.errmsg };
    } catch {
      throw new ChannelApiError('WeCom media/get: unexpected answer', false, res.status);
    }
  }
  if (body.length > MEDIA_MAX_BYTES) throw new ChannelApiError('WeCom media/get: file over 2 MB', false);
  return { ok: true, bytes: body, contentType };
}

export function mediaError(answer: { errcode: number; errmsg?: string }, secrets: string[]): ChannelApiError {
  return wecomApiError('media/get', answer.errcode, answer.errmsg, secrets);
}
