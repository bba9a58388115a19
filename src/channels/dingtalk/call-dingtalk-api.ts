/**
 * One JSON POST to a DingTalk endpoint, bounded in time. Network failures, HTTP 5xx and 429 become retryable
 * ChannelApiErrors here; what a 2xx/4xx answer means is the caller's (the OpenAPI speaks `code`, the oapi
 * robots `errcode`). No message built here contains the URL: its query may hold a robot's access token.
 */
import { ChannelApiError } from '../../core/errors';
import { networkReason } from '../wecom/call-wecom-api';

export interface DingtalkAnswer {
  status: number;
  /** The parsed JSON body, or undefined when it was not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface DingtalkCall {
  fetch: typeof fetch;
  timeoutMs: number;
  /** A log-safe name of the call, e.g. "robot/send". */
  what: string;
  headers?: Record<string, string>;
}

export async function callDingtalkApi(url: string, body: unknown, opts: DingtalkCall): Promise<DingtalkAnswer> {
  let res: Response;
  let text: string;
  try {
    res = await opts.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...opts.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    throw new ChannelApiError(`DingTalk ${opts.what}: network error (${networkReason(e)})`, true);
  }
  if (res.status >= 500 || res.status === 429) throw new ChannelApiError(`DingTalk ${opts.what}: HTTP ${res.status}`, true, res.status);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const obj = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  return { status: res.status, json: obj };
}
