import { createHmac } from 'node:crypto';
import { AppError } from '../../core/errors';

/**
 * Keyed hashes that let the bot recognise an account or a receipt code without storing either:
 * hex HMAC-SHA256 under the report secret from config (at least 32 characters, never stored with the data).
 *
 * Each purpose prefixes its own label and separates the parts with NUL (which no channel id or code contains),
 * so a hash made for one purpose never equals one made for another, and `("a:b", "c")` never collides with
 * `("a", "b:c")`.
 *
 * What the hashes do NOT protect against: someone holding both the data and the secret can hash every known
 * userId (the directory lists them) and find whose a report is. The secret is therefore as sensitive as the
 * data itself; without it a stolen database does not say who filed an anonymous report.
 */
export const MIN_SECRET_LENGTH = 32;

export function assertReportSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new AppError('config_invalid', `the report secret must be a string of at least ${MIN_SECRET_LENGTH} characters`);
  }
}

function hmacHex(secret: string, label: string, parts: string[]): string {
  assertReportSecret(secret);
  return createHmac('sha256', secret).update([label, ...parts].join('\u0000'), 'utf8').digest('hex');
}

/** The account's hash, stored on every report (`reporterHash`) and media item (`ownerHash`). */
export function reporterHash(secret: string, channel: string, userId: string): string {
  return hmacHex(secret, 'reporter:v1', [channel, userId]);
}

/** The hash of a CANONICAL receipt code (normalizeReceiptCode first), stored on anonymous reports. */
export function receiptHash(secret: string, code: string): string {
  return hmacHex(secret, 'receipt:v1', [code]);
}

/**
 * The idempotency key of a draft: scoped to the account, so another account passing the same draft id never
 * gets this account's case; hashed, because a draft id may contain the user id (conversation ids do).
 */
export function draftKey(secret: string, channel: string, userId: string, draftId: string): string {
  return hmacHex(secret, 'draft:v1', [channel, userId, draftId]);
}
