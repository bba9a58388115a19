/**
 * The mapping of the MongoDB driver's errors to the port's codes, with the driver's own error classes (the
 * copy mongoose uses), built as the driver builds them from a server's answer. A failover, a majority that
 * does not answer in time, a cleared pool or a full wait queue must become `store_unavailable`, which the
 * dispatcher answers by leaving the delivery in the inbox (test/core/dispatcher.test.ts), never "turn failed".
 */
import path from 'node:path';
import mongoose from 'mongoose';
import { isAppError } from '../../src/core/errors';
import { toStoreError } from '../../src/store/engines/store-errors';

const { MongoError, MongoServerError, MongoWriteConcernError, MongoNetworkError, MongoNetworkTimeoutError, MongoServerSelectionError, MongoOperationTimeoutError, MongoNotConnectedError } = mongoose.mongo;

/** The pool errors are not exported by the driver's index; they come from the same copy as mongoose.mongo. */
const driverDir = path.dirname(require.resolve('mongodb/package.json', { paths: [path.dirname(require.resolve('mongoose'))] }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cmap = require(path.join(driverDir, 'lib/cmap/errors.js')) as {
  PoolClearedError: new (pool: { address: string; serverError?: Error }) => Error;
  PoolClearedOnNetworkError: new (pool: { address: string; serverError?: Error }) => Error;
  WaitQueueTimeoutError: new (message: string, address: string) => Error;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TopologyDescription } = require(path.join(driverDir, 'lib/sdam/topology_description.js')) as {
  TopologyDescription: new (type: string) => ConstructorParameters<typeof MongoServerSelectionError>[1];
};

const server = (doc: Record<string, unknown>) => new MongoServerError({ ok: 0, ...doc });
const labelled = (label: string) => {
  const e = new MongoError('connection interrupted');
  e.addErrorLabel(label);
  return e;
};

const UNAVAILABLE: [string, Error][] = [
  ['write concern timeout (wtimeoutMS expired)', new MongoWriteConcernError({ ok: 1, n: 1, writeConcernError: { code: 64, codeName: 'WriteConcernTimeout', errmsg: 'waiting for replication timed out', errInfo: { wtimeout: true } } })],
  ['write concern failed with another code', new MongoWriteConcernError({ ok: 1, n: 1, writeConcernError: { code: 100, codeName: 'UnsatisfiableWriteConcern', errmsg: 'Not enough data-bearing nodes' } })],
  ['NotWritablePrimary 10107', server({ code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary' })],
  ['PrimarySteppedDown 189', server({ code: 189, codeName: 'PrimarySteppedDown', errmsg: 'Primary stepped down while waiting for replication' })],
  ['InterruptedDueToReplStateChange 11602', server({ code: 11602, codeName: 'InterruptedDueToReplStateChange', errmsg: 'operation was interrupted' })],
  ['ShutdownInProgress 91', server({ code: 91, codeName: 'ShutdownInProgress', errmsg: 'The server is in quiesce mode and will shut down' })],
  ['a server error labelled RetryableWriteError', server({ code: 262, codeName: 'ExceededTimeLimit', errmsg: 'timed out', errorLabels: ['RetryableWriteError'] })],
  ['an unknown code labelled RetryableWriteError', server({ code: 99999, errmsg: 'something transient', errorLabels: ['RetryableWriteError'] })],
  ['an error labelled ResetPool', labelled('ResetPool')],
  ['an error labelled SystemOverloadedError', labelled('SystemOverloadedError')],
  ['a cleared pool', new cmap.PoolClearedError({ address: 'db1:27017', serverError: new MongoNetworkError('connection reset') })],
  ['a pool cleared on a monitor timeout', new cmap.PoolClearedOnNetworkError({ address: 'db1:27017' })],
  ['a wait-queue timeout', new cmap.WaitQueueTimeoutError('Timed out while checking out a connection from connection pool', 'db1:27017')],
  ['a network error', new MongoNetworkError('connection 3 to db1:27017 closed')],
  ['a network timeout', new MongoNetworkTimeoutError('connection timed out')],
  ['no server selected', new MongoServerSelectionError('Server selection timed out after 5000 ms', new TopologyDescription('ReplicaSetNoPrimary'))],
  ['an operation timeout (timeoutMS)', new MongoOperationTimeoutError('Timed out during operation')],
  ['not connected', new MongoNotConnectedError('Client must be connected before running operations')],
];

describe('toStoreError', () => {
  it.each(UNAVAILABLE)('%s becomes store_unavailable, keeping the cause', (_name, err) => {
    const mapped = toStoreError(err);
    expect(isAppError(mapped, 'store_unavailable')).toBe(true);
    expect((mapped as Error).cause).toBe(err);
  });

  it('keeps the other codes apart', () => {
    const code = (e: unknown) => (isAppError(toStoreError(e)) ? (toStoreError(e) as { code: string }).code : 'unchanged');
    expect(code(server({ code: 11000, errmsg: 'E11000 duplicate key error' }))).toBe('duplicate_key');
    expect(code(server({ code: 2, codeName: 'BadValue', errmsg: 'object to insert too large. size in bytes: 17301540, max size: 16777216' }))).toBe('validation_failed');
    expect(code(server({ code: 10334, codeName: 'BSONObjectTooLarge', errmsg: 'BSONObj size: 17301600 (0x1080020) is invalid' }))).toBe('validation_failed');
    expect(code(server({ code: 2, codeName: 'BadValue', errmsg: 'unknown operator: $foo' }))).toBe('bad_request');
    // Not transient: a wrong password is a configuration problem, and stays what it is.
    expect(code(server({ code: 18, codeName: 'AuthenticationFailed', errmsg: 'Authentication failed.' }))).toBe('unchanged');
    expect(code(new Error('handler bug'))).toBe('unchanged');
  });
});
