/**
 * A platform access token shared by every instance through the Coord cache (WeCom's gettoken, DingTalk's
 * oauth2/accessToken): platforms throttle token calls and may invalidate a token early. A refresh is
 * single-flight in this process (one shared promise) and across instances (a Coord lock, waiters poll).
 */
import type { Coord } from '../coord/coord';
import { ChannelApiError } from '../core/errors';

export interface FetchedToken {
  token: string;
  /** Lifetime the platform gave, seconds. */
  expiresInSec: number;
}

export interface SharedAccessTokenOptions {
  coord: Coord;
  /** Names the app: two apps never share a token or a lock. */
  cacheKey: string;
  lockKey: string;
  /** The platform's name in error messages ("WeCom", "DingTalk"). */
  platform: string;
  /** Calls the platform; throws ChannelApiError when it says no. */
  fetchToken: () => Promise<FetchedToken>;
  /** Bound on one fetchToken call, ms. */
  timeoutMs: number;
  /** Injected clock (ms), for token stamps and waits. */
  now: () => number;
  /** How often a waiter checks the cache while another instance refreshes. Default 50 ms. */
  pollMs?: number;
}

export interface SharedAccessToken {
  get(): Promise<string>;
  /** Drops `token` from the cache unless another caller already replaced it with a newer one. */
  invalidate(token: string): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSharedAccessToken(opts: SharedAccessTokenOptions): SharedAccessToken {
  const { coord, cacheKey, lockKey, now } = opts;
  const pollMs = opts.pollMs ?? 50;
  // The lock outlives one bounded token call; a waiter waits a little longer than the lock can live,
  // so a crashed holder's lock expires while we are still waiting and we take over.
  const lockTtlMs = opts.timeoutMs + 2000;
  const waitMs = lockTtlMs + 1000;
  let inflight: Promise<string> | null = null;

  async function coordCall<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch {
      throw new ChannelApiError(`${opts.platform} access token cache unavailable (coord)`, true);
    }
  }

  async function fetchAndStore(): Promise<string> {
    const stamp = now();
    const { token, expiresInSec } = await opts.fetchToken();
    // Expire our copy 5 minutes early so that no call starts with a token about to die; short test TTLs
    // are halved instead.
    const ttlSec = expiresInSec > 600 ? expiresInSec - 300 : Math.max(expiresInSec / 2, 1);
    await coordCall(() => coord.cacheSet(cacheKey, token, Math.floor(ttlSec * 1000), stamp));
    return token;
  }

  async function refresh(): Promise<string> {
    const deadline = now() + waitMs;
    for (;;) {
      const lock = await coordCall(() => coord.acquireLock(lockKey, lockTtlMs));
      if (lock) {
        try {
          // Another instance may have refreshed between our cache miss and our lock.
          return (await coordCall(() => coord.cacheGet(cacheKey))) ?? (await fetchAndStore());
        } finally {
          await coord.releaseLock(lockKey, lock).catch(() => false);
        }
      }
      await sleep(pollMs);
      const token = await coordCall(() => coord.cacheGet(cacheKey));
      if (token) return token;
      if (now() > deadline) throw new ChannelApiError(`${opts.platform} access token refresh still in progress elsewhere`, true);
    }
  }

  async function get(): Promise<string> {
    const cached = await coordCall(() => coord.cacheGet(cacheKey));
    if (cached) return cached;
    inflight ??= refresh().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function invalidate(token: string): Promise<void> {
    const current = await coordCall(() => coord.cacheGet(cacheKey));
    if (current === token) await coordCall(() => coord.cacheDelete(cacheKey));
  }

  return { get, invalidate };
}
