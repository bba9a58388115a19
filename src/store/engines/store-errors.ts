import { AppError } from '../../core/errors';

/**
 * Maps the errors of mongoose, the MongoDB driver and nedb to the AppError codes of the store port, so that
 * callers branch on `duplicate_key` / `validation_failed` whichever engine is behind the port.
 * Anything unrecognised is returned unchanged: wrapping it would only hide its stack and type.
 */
export function toStoreError(err: unknown): unknown {
  if (err instanceof AppError || !(err instanceof Error)) return err;
  const e = err as Error & { code?: unknown; errorType?: unknown; codeName?: unknown };
  if (e.code === 11000 || e.code === 11001 || e.errorType === 'uniqueViolated') {
    return new AppError('duplicate_key', `duplicate key: ${e.message}`, { cause: err });
  }
  if (e.name === 'ValidationError' || e.name === 'CastError' || e.name === 'ValidatorError') {
    return new AppError('validation_failed', e.message, { cause: err });
  }
  // nedb refuses such keys; MongoDB would store some of them but they are not portable, so both engines fail.
  if (/^Field names cannot/.test(e.message)) {
    return new AppError('validation_failed', e.message, { cause: err });
  }
  // strictQuery 'throw': a filter on a path the schema does not know is a bug, never "match everything".
  if (e.name === 'StrictModeError') return new AppError('bad_request', e.message, { cause: err });
  // BadValue, FailedToParse, TypeMismatch, ConflictingUpdateOperators, ImmutableField, PathNotViable.
  if (typeof e.code === 'number' && [2, 9, 14, 28, 40, 66].includes(e.code)) {
    return new AppError('bad_request', e.message, { cause: err });
  }
  if (/^Mongo(ose)?(ServerSelection|Network|NotConnected|Topology)/.test(e.name)) {
    return new AppError('store_unavailable', `MongoDB unavailable: ${e.message}`, { cause: err });
  }
  return err;
}

/** Runs a store call and rethrows its failure as the port's error. */
export async function mapStoreErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toStoreError(err);
  }
}
