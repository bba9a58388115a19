/**
 * WeCom callback authentication, as pure functions: the only secret input is the token, the clock is injected.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** sha1 of the four strings sorted and joined, lowercase hex: WeCom's msg_signature. */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/**
 * True when `signature` is WeCom's signature over `encrypt`. The comparison is constant-time so that an
 * attacker cannot learn the expected signature byte by byte from response times.
 */
export function verifySignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  signature: string,
): boolean {
  const expected = Buffer.from(computeSignature(token, timestamp, nonce, encrypt), 'utf8');
  // Lowercase first: the hex digest is lowercase, and an uppercase copy is the same signature.
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  // timingSafeEqual throws on different lengths; the length of a sha1 hex digest is public anyway.
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}

/**
 * True when `timestamp` (Unix seconds, as WeCom sends it) is within `windowSec` of `now`, in either
 * direction: this bounds how long a captured request can be replayed. Anything but plain digits is false.
 */
export function isFresh(timestamp: string, now: Date, windowSec = 300): boolean {
  if (!/^\d{1,15}$/.test(timestamp)) return false;
  const nowSec = now.getTime() / 1000;
  if (!Number.isFinite(nowSec)) return false;
  return Math.abs(nowSec - Number(timestamp)) <= windowSec;
}
