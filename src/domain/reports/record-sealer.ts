import { createHmac } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { RecordSealer } from '../../core/ports';
import { openText, sealText } from './notify-cipher';
import { assertReportSecret } from './reporter-hash';

const INFO = 'record-seal:v1';

/**
 * RecordSealer under the report secret: what the bot keeps only while it works on it (a delivery in the
 * inbox, a conversation's draft) is stored as AES-256-GCM (notify-cipher.ts's format, its own HKDF label,
 * the row's key as associated data), and the row's key is a keyed hash, not the person's id. A stolen store
 * thus cannot tell who is writing which complaint, and an anonymous reporter's draft names nobody on disk.
 */
export function createRecordSealer(secret: string): RecordSealer {
  assertReportSecret(secret);
  return {
    key(id) {
      return createHmac('sha256', secret).update(`record-key:v1\u0000${id}`, 'utf8').digest('hex').slice(0, 40);
    },
    seal(plain, context) {
      return sealText(secret, INFO, plain, context);
    },
    open(sealed, context) {
      try {
        return openText(secret, INFO, sealed, context);
      } catch {
        throw new AppError('internal', 'a stored record does not open (was REPORT_SECRET changed?)');
      }
    },
  };
}
