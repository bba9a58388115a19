import { createHmac } from 'node:crypto';
import type { SealedDestination, UserDestination } from '../../core/message';
import type { AddressSealer } from '../../core/ports';
import { openNotifyAddress, sealNotifyAddress } from './notify-cipher';
import { assertReportSecret, reporterHash } from './reporter-hash';

/**
 * The outbox's sealed addresses (AddressSealer), with the notify cipher of anonymous reports: the same
 * AES-256-GCM format and key, the row's id (or the case number) as associated data.
 *
 * `key`, the rate-limit and retry bucket of a person, is derived from the person's reporterHash under the
 * secret, so that ReportService can give an anonymous reporter's sealed address the same bucket as every
 * other message to that person WITHOUT opening the cipher, while the stored value matches no reporterHash.
 */
export function outboxPersonKey(secret: string, personHash: string): string {
  assertReportSecret(secret);
  return createHmac('sha256', secret).update(`outbox-person:v1\u0000${personHash}`, 'utf8').digest('hex').slice(0, 32);
}

/** The sealed destination of an anonymous report's notify cipher (sealed with the case number). */
export function sealedNotifyDestination(secret: string, notifyCipher: string, caseNumber: string, personHash: string): SealedDestination {
  return { kind: 'sealed', sealed: notifyCipher, context: caseNumber, key: outboxPersonKey(secret, personHash) };
}

export function createAddressSealer(secret: string): AddressSealer {
  assertReportSecret(secret);
  return {
    seal(d: UserDestination, context: string): SealedDestination {
      return {
        kind: 'sealed',
        sealed: sealNotifyAddress(secret, d.channel, d.userId, context),
        context,
        key: outboxPersonKey(secret, reporterHash(secret, d.channel, d.userId)),
      };
    },
    open(d: SealedDestination): UserDestination {
      return { kind: 'user', ...openNotifyAddress(secret, d.sealed, d.context) };
    },
  };
}
