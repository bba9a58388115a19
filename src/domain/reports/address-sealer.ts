import { createHmac } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { SealedDestination, SealedUsersDestination, UserDestination, UsersDestination } from '../../core/message';
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
    // One cipher for the batch: `channel:a|b|c` ('|' is WeCom's own separator and in no platform's ids here).
    sealUsers(d: UsersDestination, context: string): SealedUsersDestination {
      if (d.userIds.length === 0 || d.userIds.length !== d.refs.length) throw new RangeError('a batch needs one ref per recipient, and at least one');
      if (d.userIds.some((id) => id === '' || id.includes('|'))) throw new RangeError('a batch recipient id is empty or contains "|"');
      if (new Set(d.refs).size !== d.refs.length) throw new RangeError('the refs of a batch must differ (each names a row of its own)');
      return {
        kind: 'sealed-users',
        sealed: sealNotifyAddress(secret, d.channel, d.userIds.join('|'), context),
        context,
        keys: d.userIds.map((userId) => outboxPersonKey(secret, reporterHash(secret, d.channel, userId))),
        refs: [...d.refs],
      };
    },
    openUsers(d: SealedUsersDestination): UsersDestination {
      const { channel, userId } = openNotifyAddress(secret, d.sealed, d.context);
      const userIds = userId.split('|');
      if (userIds.length !== d.refs.length) throw new AppError('internal', `the batch address of ${d.context} does not match its refs`);
      return { kind: 'users', channel, userIds, refs: d.refs };
    },
  };
}
