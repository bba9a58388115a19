import type { Destination } from '../../src/core/message';
import type { AddressSealer } from '../../src/core/ports';
import { createAddressSealer } from '../../src/domain/reports/address-sealer';
import { createRecordSealer } from '../../src/domain/reports/record-sealer';

/** The secret of unit tests' sealed outbox addresses (the app itself uses REPORT_SECRET). */
export const SEALER_TEST_SECRET = 'sealer-test-secret-0123456789-abcdefghijkl';

export const testSealer = (secret = SEALER_TEST_SECRET): AddressSealer => createAddressSealer(secret);

export const testRecordSealer = (secret = SEALER_TEST_SECRET) => createRecordSealer(secret);

/** Where an outbox row goes, as the relay sees it after opening a sealed address. */
export function recipientOf(sealer: AddressSealer, d: Destination): Destination {
  return d.kind === 'sealed' ? sealer.open(d) : d.kind === 'sealed-users' ? sealer.openUsers(d) : d;
}
