/**
 * The coordination port: what several instances share that may be lost (Redis may be flushed or restarted).
 * Nothing that must survive lives only here: see DESIGN.md.
 *
 * A call that failed (timed out) may still take effect later: a cache write may land (stamps fence it), a
 * rate call may have been counted, a lock may have been taken (engines release it behind a failed acquire).
 * Lock tokens do not fence writes to the store: a holder that stalls past its TTL can still write, so the
 * store's own compare-and-set (conversation `rev`, lease owners) is what keeps data correct.
 */

export interface RateDecision {
  allowed: boolean;
  /** When not allowed: how long until one more would be allowed. */
  retryAfterMs: number;
}

export interface Coord {
  readonly kind: 'redis' | 'memory';
  /** Take `key` for `ttlMs`; returns an owner token, or null when someone else holds it. */
  acquireLock(key: string, ttlMs: number): Promise<string | null>;
  /** Compare-and-delete: releases only if `token` still owns the lock. */
  releaseLock(key: string, token: string): Promise<boolean>;
  /** Compare-and-extend: true if `token` still owns the lock and its TTL was reset. */
  extendLock(key: string, token: string, ttlMs: number): Promise<boolean>;
  cacheGet(key: string): Promise<string | null>;
  /**
   * Stores `value` for `ttlMs`. `stamp` fences late writes: a write whose stamp is lower than the stored
   * one is ignored, so a command that timed out and lands later cannot overwrite newer data.
   */
  cacheSet(key: string, value: string, ttlMs: number, stamp?: number): Promise<void>;
  cacheDelete(key: string): Promise<void>;
  /** Sliding-window limit: at most `limit` allowed per `windowMs` for `key`; an allowed call is counted. */
  rateTake(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** Throws when unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
