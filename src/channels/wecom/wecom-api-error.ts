/**
 * WeCom errcodes -> ChannelApiError. `retryable` tells the outbox relay whether the same call may succeed
 * later; a wrong guess either loses a message (false for a transient error) or retries forever (true for a
 * permanent one), so the transient list is explicit and everything else is permanent.
 */
import { ChannelApiError } from '../../core/errors';

/**
 * The errcodes after which the same call may succeed later, and why (../shared/PROTOCOLS.md):
 * - 45009: a rate limit. The app's 30 a minute / 1000 an hour per member, and a group robot's 20 a minute
 *   ("failures counted; 45009 when exceeded"): the limit is a rolling minute, so the call succeeds once the
 *   minute has passed. 45011 (called too often) is the same kind of limit.
 * - 45033: too many concurrent calls: a property of that moment, not of the message.
 * - -1: "system busy", WeCom's own transient failure.
 * - 40014 / 42001: an access token that is invalid or expired. The app client already refreshed it once
 *   (tokens "may be invalidated early"); still failing means another instance refreshed it meanwhile or the
 *   refresh raced: the next attempt fetches a fresh one.
 * Network errors and HTTP 5xx/429 are transient too (call-wecom-api.ts). Everything else is permanent and
 * fails at once with its reason, for an operator to fix: 93000 (the robot's key is wrong or the robot was
 * removed), 81013 (no valid recipient: the person left the app's visible range), 60020 (the server's IP is
 * not among the app's trusted IPs), content and format errors (the same message would be refused again).
 */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([
  -1, // system busy
  40014, // invalid access_token (still failing after the one refresh)
  42001, // access_token expired (still failing after the one refresh)
  45009, // API rate limit (per app member, or 20 a minute per group robot)
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
