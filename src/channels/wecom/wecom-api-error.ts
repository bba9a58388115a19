/**
 * WeCom errcodes -> ChannelApiError. `retryable` tells the outbox relay whether the same call may succeed
 * later; a wrong guess either loses a message (false for a transient error) or retries forever (true for a
 * permanent one), so the transient list is explicit and everything else is permanent.
 */
import { ChannelApiError } from '../../core/errors';

/** Busy, rate and concurrency limits, and access tokens that were refreshed under our feet. */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([
  -1, // system busy
  40014, // invalid access_token (still failing after the one refresh)
  42001, // access_token expired (still failing after the one refresh)
  45009, // API rate limit (per app, or 20 a minute per group robot)
  45011, // API called too often
  45033, // too many concurrent calls
]);

export function isRetryableErrcode(errcode: number): boolean {
  return RETRYABLE_ERRCODES.has(errcode);
}

/** Removes secrets (app secret, access token, robot key) from text that came back from the platform. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

/**
 * The error for a WeCom answer with a non-zero errcode. `what` names the call ("message/send"); the
 * platform's errmsg is kept (it tells the operator what to fix, e.g. which IP to trust) but redacted.
 */
export function wecomApiError(
  what: string,
  errcode: number,
  errmsg: unknown,
  secrets: readonly string[],
): ChannelApiError {
  const msg = typeof errmsg === 'string' ? redact(errmsg, secrets).slice(0, 300) : '';
  return new ChannelApiError(`WeCom ${what} failed: errcode ${errcode}${msg ? ` (${msg})` : ''}`, isRetryableErrcode(errcode), errcode);
}
