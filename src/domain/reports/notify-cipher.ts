import { isPlatformId } from '../../core/channels';
import { createCipheriv, createDecipheriv, hkdfSync, randomFillSync } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { PlatformId } from '../../core/message';
import { assertReportSecret } from './reporter-hash';

/**
 * The notification address of an anonymous report, encrypted: AES-256-GCM of `channel:userId`, with a key
 * derived from the report secret (HKDF-SHA256, info `report-notify:v1`), a random 96-bit IV per report, and
 * the case number as associated data (a cipher copied onto another report does not open).
 * Stored form: `v1.<iv>.<ciphertext>.<tag>`, each part base64url.
 *
 * Why this keeps "no alert, export, log line or admin view may reveal an anonymous reporter":
 * - the stored value says nothing without the secret, which lives in config and never in the store;
 * - it is decrypted in ONE place, the outbox relay (through address-sealer.ts), at the moment of sending:
 *   the outbox row keeps the cipher, never the address, and drops it once delivered; views (report-view.ts)
 *   whitelist their fields and never include it, nor the hashes;
 * - it adds no exposure beyond what reporterHash already has: whoever holds the secret could hash every
 *   userId of the directory and match reporterHash anyway.
 */
const VERSION = 'v1';
const INFO = 'report-notify:v1';

/** Derived keys by secret and purpose: a handful per process (one secret, a few purposes), derived once. */
const derived = new Map<string, Buffer>();

function keyFrom(secret: string, info: string): Buffer {
  const id = `${info}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    assertReportSecret(secret);
    key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, 32));
    if (derived.size >= 16) derived.clear(); // a process sees one secret; tests see a few
    derived.set(id, key);
  }
  return key;
}

const IV_BYTES = 12;
/** IVs come from the CSPRNG 256 at a time (one call per IV was a tenth of the cost of a seal); each is used once. */
const ivPool = Buffer.alloc(IV_BYTES * 256);
let ivAt = ivPool.length;

function freshIv(): Buffer {
  if (ivAt === ivPool.length) {
    randomFillSync(ivPool);
    ivAt = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivAt, ivAt + IV_BYTES)); // a copy: the pool is refilled later
  ivAt += IV_BYTES;
  return iv;
}

/** AES-256-GCM of `plain` under HKDF(secret, `info`), bound to `aad`: `v1.<iv>.<ciphertext>.<tag>`. */
export function sealText(secret: string, info: string, plain: string, aad: string): string {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret, info), iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** What sealText sealed; throws a plain Error (saying nothing of the contents) when it does not open. */
export function openText(secret: string, info: string, sealed: string, aad: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('unknown format');
  const [iv, body, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret, info), iv, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

export function sealNotifyAddress(secret: string, channel: PlatformId, userId: string, caseNumber: string): string {
  return sealText(secret, INFO, `${channel}:${userId}`, caseNumber);
}

/** The address sealed for `caseNumber`; throws AppError('internal') when it does not open (wrong secret, tampering). */
export function openNotifyAddress(secret: string, sealed: string, caseNumber: string): { channel: PlatformId; userId: string } {
  try {
    const plain = openText(secret, INFO, sealed, caseNumber);
    const at = plain.indexOf(':');
    const channel = plain.slice(0, at);
    if (!isPlatformId(channel)) throw new Error('unknown channel');
    return { channel, userId: plain.slice(at + 1) };
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The message never includes the cipher or anything decrypted.
    throw new AppError('internal', `the notification address of ${caseNumber} does not open`);
  }
}
