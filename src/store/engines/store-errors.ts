import { AppError } from '../../core/errors';

/**
 * Maps the errors of mongoose, the MongoDB driver and SQLite to the AppError codes of the store port, so that
 * callers branch on `duplicate_key` / `validation_failed` whichever engine is behind the port.
 * Anything unrecognised is returned unchanged: wrapping it would only hide its stack and type.
 */
export function toStoreError(err: unknown): unknown {
  // Not `instanceof Error`: better-sqlite3's native code builds its errors from the class of the realm that
  // loaded it first, which under jest is another test file's.
  if (err instanceof AppError || typeof err !== 'object' || err === null || typeof (err as Error).message !== 'string') return err;
  const e = err as Error & { code?: unknown; errorType?: unknown; codeName?: unknown };
  if (e.code === 11000 || e.code === 11001 || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AppError('duplicate_key', `duplicate key: ${e.message}`, { cause: err });
  }
  if (e.name === 'ValidationError' || e.name === 'CastError' || e.name === 'ValidatorError') {
    return new AppError('validation_failed', e.message, { cause: err });
  }
  // nedb's serialisation (the embedded engine's JSON) refuses such keys; MongoDB would store some of them but they are not portable, so both engines fail.
  if (/^Field names cannot/.test(e.message)) {
    return new AppError('validation_failed', e.message, { cause: err });
  }
  // strict/strictQuery 'throw': a filter or an update on a path the schema does not know is a bug; it must
  // fail, never "match everything" or vanish.
  if (e.name === 'StrictModeError') return new AppError('bad_request', e.message, { cause: err });
  // A document over MongoDB's 16 MiB: "object to insert too large" (BadValue, 2), a command over the limit
  // (BSONObjectTooLarge, 10334), an update whose result would be (17419).
  if (e.code === 10334 || e.code === 17419 || (e.code === 2 && /too large/i.test(e.message))) {
    return new AppError('validation_failed', `document too large: ${e.message}`, { cause: err });
  }
  // BadValue, FailedToParse, TypeMismatch, ConflictingUpdateOperators, ImmutableField, PathNotViable.
  if (typeof e.code === 'number' && [2, 9, 14, 28, 40, 66].includes(e.code)) {
    return new AppError('bad_request', e.message, { cause: err });
  }
  // The embedded engine's file: disk full, I/O errors, a read-only or vanished file. Worth trying again later.
  if (e.name === 'SqliteError' && typeof e.code === 'string' && /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|NOMEM|PROTOCOL)/.test(e.code)) {
    return new AppError('store_unavailable', `embedded store: ${e.message}`, { cause: err });
  }
  if (isTransientMongoError(e)) {
    return new AppError('store_unavailable', `MongoDB unavailable: ${e.message}`, { cause: err });
  }
  return err;
}

/**
 * What a failover, a majority that does not answer, or an overloaded server looks like from the driver. Each of
 * these may succeed when tried again, so the caller must keep its work (the dispatcher leaves the delivery in
 * the inbox) instead of treating it as a bug. A write that failed this way may still have been applied on the
 * primary (a write-concern timeout does not undo it): every write of the app is idempotent or guarded by a
 * compare-and-set for that reason.
 */
const TRANSIENT_NAMES =
  /^(Mongo(ose)?(ServerSelection|Network|NotConnected|Topology|PoolCleared|PoolClosed|WaitQueueTimeout|ServerClosed|OperationTimeout|WriteConcern|ClientClosed|StalePrimary)|PoolClearedOnNetwork)/;
/** Labels the server or the driver puts on errors worth retrying (driver 7, MongoErrorLabel). */
const TRANSIENT_LABELS = ['RetryableWriteError', 'ResetPool', 'PoolRequestedRetry', 'RetryableError', 'SystemOverloadedError', 'TransientTransactionError', 'InterruptInUseConnections'];
/**
 * Server codes of a node that is not (or no longer) the primary, is shutting down, or timed out: the driver's
 * retryable-write codes (HostUnreachable 6, HostNotFound 7, NetworkTimeout 89, ShutdownInProgress 91,
 * PrimarySteppedDown 189, ExceededTimeLimit 262, SocketException 9001, NotWritablePrimary 10107,
 * InterruptedAtShutdown 11600, InterruptedDueToReplStateChange 11602, NotPrimaryNoSecondaryOk 13435,
 * NotPrimaryOrSecondary 13436, ReadConcernMajorityNotAvailableYet 134), LegacyNotPrimary 10058,
 * WriteConcernTimeout 64 (wtimeoutMS expired), MaxTimeMSExpired 50, FailedToSatisfyReadPreference 133.
 */
const TRANSIENT_CODES = new Set([6, 7, 50, 64, 89, 91, 133, 134, 189, 262, 9001, 10058, 10107, 11600, 11602, 13435, 13436]);

function isTransientMongoError(e: Error & { code?: unknown }): boolean {
  if (TRANSIENT_NAMES.test(e.name)) return true;
  const labels = (e as { errorLabels?: unknown }).errorLabels;
  if (Array.isArray(labels) && labels.some((l) => TRANSIENT_LABELS.includes(String(l)))) return true;
  if (typeof e.code === 'number' && TRANSIENT_CODES.has(e.code)) return true;
  // A write acknowledged by the primary but whose write concern failed (MongoServerError keeps it in errInfo).
  const wce = (e as { writeConcernError?: { code?: unknown } }).writeConcernError;
  return wce !== undefined && wce !== null;
}

/** Runs a store call and rethrows its failure as the port's error. */
export async function mapStoreErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toStoreError(err);
  }
}
