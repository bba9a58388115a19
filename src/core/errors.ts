/**
 * Coded errors. The dispatcher is the one place that turns an AppError into an apology and a log line;
 * the outbox relay reads `ChannelApiError.retryable` to decide whether to try again.
 */

export type AppErrorCode =
  | 'config_invalid'
  | 'bad_request'
  | 'unauthorized'
  | 'conflict'
  | 'not_found'
  | 'store_unavailable'
  | 'coord_unavailable'
  | 'duplicate_key'
  | 'validation_failed'
  | 'lock_busy'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** A platform API call failed: `retryable` says whether the same call may succeed later. */
export class ChannelApiError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The platform's error code (errcode) when it answered; undefined for network failures. */
    readonly platformCode?: number | string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChannelApiError';
  }
}

export function isAppError(e: unknown, code?: AppErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}
