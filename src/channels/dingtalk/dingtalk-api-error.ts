/**
 * DingTalk answers -> ChannelApiError with `retryable`. The transient lists are explicit; everything else is
 * permanent and fails at once with its reason, for an operator to fix.
 */
import { ChannelApiError } from '../../core/errors';
import { redact } from '../wecom/wecom-api-error';

/**
 * oapi errcodes (custom group robots, sessionWebhook) after which the same call may succeed later:
 * - 130101: more than 20 messages a minute to one robot: the minute rolls on;
 * - -1: system busy.
 * 310000 (security check: keyword, sign, timestamp or IP) and 300001 (bad token) are permanent.
 */
const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 130101]);

/** OpenAPI (api.dingtalk.com) codes of throttling: the call may succeed later. */
const RETRYABLE_CODES = /^(Throttling|Forbidden\.AccessDenied\.QpsLimit|ServiceUnavailable|SystemBusy)/i;

export function oapiError(what: string, errcode: number, errmsg: unknown, secrets: readonly string[]): ChannelApiError {
  const msg = typeof errmsg === 'string' ? redact(errmsg, secrets).slice(0, 300) : '';
  return new ChannelApiError(`DingTalk ${what} failed: errcode ${errcode}${msg ? ` (${msg})` : ''}`, RETRYABLE_ERRCODES.has(errcode), errcode);
}

export function openApiError(what: string, status: number, json: Record<string, unknown> | undefined, secrets: readonly string[]): ChannelApiError {
  const code = typeof json?.['code'] === 'string' ? json['code'] : `HTTP ${status}`;
  const msg = typeof json?.['message'] === 'string' ? redact(json['message'], secrets).slice(0, 300) : '';
  return new ChannelApiError(`DingTalk ${what} failed: ${code}${msg ? ` (${msg})` : ''}`, RETRYABLE_CODES.test(code), code);
}
