/**
 * The embedded coordination engine: the Coord contract in plain Maps.
 *
 * Correct for ONE process only: locks, caches and rate windows live in this process's memory, so two
 * instances would each grant the same lock and each allow `limit` calls. The composition root must therefore
 * refuse to start a second instance on the same store when it runs this engine (see DESIGN.md, "Engines").
 *
 * Every operation is synchronous inside an async function, so it runs to completion before any other caller:
 * that is what makes compare-and-delete, stamp fencing and the rate check atomic here, as Lua scripts do in
 * Redis. Expiry is lazy (checked on access) plus an occasional sweep, so no timer keeps the process alive.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { Coord, RateDecision } from '../coord';
import { checkLimit, checkMs, checkStamp } from './check-coord-args';

interface LockEntry {
  token: string;
  expiresAt: number;
}

interface CacheEntry {
  value: string;
  stamp: number;
  expiresAt: number;
}

interface RateEntry {
  /** Times of allowed calls, ascending. */
  hits: number[];
  expiresAt: number;
}

/** Mutations between two sweeps of expired entries: keys never read again must not pile up forever. */
const SWEEP_EVERY = 1000;

export class MemoryCoord implements Coord {
  readonly kind = 'memory' as const;
  private readonly locks = new Map<string, LockEntry>();
  private readonly cache = new Map<string, CacheEntry>();
  private readonly rates = new Map<string, RateEntry>();
  private mutations = 0;
  private closed = false;

  constructor(private readonly now: () => number) {}

  async acquireLock(key: string, ttlMs: number): Promise<string | null> {
    const ttl = checkMs('ttlMs', ttlMs);
    const now = this.open();
    if (this.live(this.locks, key, now)) return null;
    const token = randomUUID();
    this.locks.set(key, { token, expiresAt: now + ttl });
    this.mutated(now);
    return token;
  }

  async releaseLock(key: string, token: string): Promise<boolean> {
    const now = this.open();
    const held = this.live(this.locks, key, now);
    if (held?.token !== token) return false;
    this.locks.delete(key);
    return true;
  }

  async extendLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    const ttl = checkMs('ttlMs', ttlMs);
    const now = this.open();
    const held = this.live(this.locks, key, now);
    if (held?.token !== token) return false;
    held.expiresAt = now + ttl;
    return true;
  }

  async cacheGet(key: string): Promise<string | null> {
    const now = this.open();
    return this.live(this.cache, key, now)?.value ?? null;
  }

  async cacheSet(key: string, value: string, ttlMs: number, stamp?: number): Promise<void> {
    const ttl = checkMs('ttlMs', ttlMs);
    const now = this.open();
    // Same rule as the Redis script: an equal stamp wins (last writer), a lower one is a late write and loses.
    const s = stamp === undefined ? now : checkStamp(stamp);
    const current = this.live(this.cache, key, now);
    if (current && current.stamp > s) return;
    this.cache.set(key, { value, stamp: s, expiresAt: now + ttl });
    this.mutated(now);
  }

  async cacheDelete(key: string): Promise<void> {
    this.open();
    this.cache.delete(key);
  }

  async rateTake(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const max = checkLimit(limit);
    const window = checkMs('windowMs', windowMs);
    const now = this.open();
    const entry = this.live(this.rates, key, now) ?? { hits: [], expiresAt: 0 };
    // A hit at time t counts while now < t + window, exactly like ZREMRANGEBYSCORE -inf (now - window).
    let stale = 0;
    while (stale < entry.hits.length && entry.hits[stale]! <= now - window) stale++;
    entry.hits.splice(0, stale);
    if (entry.hits.length >= max) {
      // Clamped: a clock that stepped backwards must not produce a retry time outside (0, window].
      const retryAfterMs = Math.min(window, Math.max(1, entry.hits[0]! + window - now));
      return { allowed: false, retryAfterMs };
    }
    insertSorted(entry.hits, now);
    entry.expiresAt = Math.max(entry.expiresAt, now + window);
    this.rates.set(key, entry);
    this.mutated(now);
    return { allowed: true, retryAfterMs: 0 };
  }

  async ping(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.locks.clear();
    this.cache.clear();
    this.rates.clear();
  }

  /** Fails like an unreachable Redis after close(), so callers see the same error whichever engine runs. */
  private open(): number {
    if (this.closed) throw new AppError('coord_unavailable', 'memory coord is closed');
    return this.now();
  }

  private live<T extends { expiresAt: number }>(map: Map<string, T>, key: string, now: number): T | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  private mutated(now: number): void {
    if (++this.mutations < SWEEP_EVERY) return;
    this.mutations = 0;
    for (const map of [this.locks, this.cache, this.rates] as Map<string, { expiresAt: number }>[]) {
      for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
    }
  }
}

/** Keeps hits ascending even if the injected clock (or Date.now after an NTP step) goes backwards. */
function insertSorted(hits: number[], t: number): void {
  let i = hits.length;
  while (i > 0 && hits[i - 1]! > t) i--;
  hits.splice(i, 0, t);
}

export function createMemoryCoord(opts?: { now?: () => number }): MemoryCoord {
  return new MemoryCoord(opts?.now ?? Date.now);
}
