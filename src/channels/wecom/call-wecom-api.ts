/**
 * One HTTP call to a WeCom endpoint, bounded in time. Transport failures become ChannelApiError here;
 * the errcode of a JSON answer is left to the caller, which alone knows whether to refresh a token first.
 * No message built here contains the URL: its query holds the secret, access token or robot key.
 */
import { ChannelApiError } from '../../core/errors';

export interface WecomAnswer {
  errcode: number;
  errmsg?: string;
  [field: string]: unknown;
}

export interface CallOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** A log-safe name of the call, e.g. "gettoken". */
  what: string;
}

/** A log-safe reason of a failed fetch (timeout, ECONNREFUSED, ...): never its message, which may quote the URL. */
export function networkReason(e: unknown): string {
  // Duck-typed: a DOMException (timeout) is not an Error instance in every realm.
  const err = e as { name?: unknown; cause?: { code?: unknown } } | null;
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timeout';
  if (typeof err?.cause?.code === 'string') return err.cause.code;
  return typeof err?.name === 'string' ? err.name : 'unknown';
}

export async function callWecomApi(url: string, body: unknown, opts: CallOptions): Promise<WecomAnswer> {
  let res: Response;
  let text: string;
  try {
    res = await opts.fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    // The cause is not attached: some fetch errors quote the request URL, which carries credentials.
    throw new ChannelApiError(`WeCom ${opts.what}: network error (${networkReason(e)})`, true);
  }
  if (res.status >= 500 || res.status === 429) {
    throw new ChannelApiError(`WeCom ${opts.what}: HTTP ${res.status}`, true, res.status);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  const errcode = (answer as { errcode?: unknown } | undefined)?.errcode;
  if (res.status !== 200 || typeof errcode !== 'number') {
    throw new ChannelApiError(`WeCom ${opts.what}: unexpected answer (HTTP ${res.status})`, false, res.status);
  }
  return answer as WecomAnswer;
}
