/**
 * DingTalk's HMAC signatures, as pure functions with the clock injected. One formula serves both directions:
 * the robot callback's `sign` header (key = the app secret) and a custom group robot's `sign` query parameter
 * (key = the robot's 加签 secret): base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), timestamp in ms.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a callback's timestamp may be from our clock, either way (DingTalk: one hour). */
export const CALLBACK_WINDOW_MS = 3600 * 1000;

export function dingtalkSign(secret: string, timestampMs: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export type CallbackAuth = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'bad_sign' };

/**
 * Checks a callback's `timestamp` and `sign` headers. The sign covers only the timestamp, so a pass proves the
 * sender knew the secret within the last hour, not that the body is theirs: the caller still checks the body's
 * robot and corp and dedupes by msgId. The comparison is constant-time.
 */
export function verifyCallbackSign(secret: string, timestamp: string | undefined, sign: string | undefined, now: Date): CallbackAuth {
  if (!timestamp || !sign) return { ok: false, reason: 'missing' };
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(now.getTime() - Number(timestamp)) > CALLBACK_WINDOW_MS) {
    return { ok: false, reason: 'stale' };
  }
  const expected = Buffer.from(dingtalkSign(secret, timestamp), 'utf8');
  const given = Buffer.from(sign, 'utf8');
  // The length of a base64 SHA-256 digest is public: comparing lengths first leaks nothing.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_sign' };
  return { ok: true };
}

/** The query of a custom robot's send URL, signed afresh: DingTalk refuses a timestamp over an hour old. */
export function customRobotQuery(accessToken: string, secret: string | undefined, now: Date): string {
  const token = `access_token=${encodeURIComponent(accessToken)}`;
  if (!secret) return token;
  const timestamp = String(now.getTime());
  return `${token}&timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(secret, timestamp))}`;
}
