/**
 * The production coordination engine: the Coord contract on Redis through ioredis, tuned for the request path.
 *
 * Fail fast: a webhook must answer within a few seconds, so a Redis outage must surface as an immediate
 * `coord_unavailable` (the dispatcher turns it into "not now") instead of requests piling up in a queue:
 * no offline queue, a sub-second command timeout, no replay of unanswered commands after a reconnect, while
 * the client keeps reconnecting in the background with a capped backoff.
 *
 * Why fencing matters: with `commandTimeout`, ioredis rejects the promise but the command may still be on the
 * wire (or in a kernel buffer, or a congested proxy) and execute later, after the caller has moved on and
 * someone else has written. Every write is therefore fenced so that a late landing cannot overwrite newer data:
 * - locks are taken with SET NX, so a late acquire cannot overwrite a newer holder;
 * - release and extend compare the owner token inside a Lua script, so a late release cannot free a lock that
 *   has since expired and been taken by someone else;
 * - cache writes compare stamps inside a Lua script, so a late write with an older stamp is ignored. The stamp
 *   is fixed when the call is made (Date.now() by default), never read from the server clock when the script
 *   runs: a late landing would otherwise carry the newest time and win.
 * A late rateTake only counts one call too many, which errs on the side of sending less.
 */
import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { AppError } from '../../core/errors';
import type { Coord, RateDecision } from '../coord';
import { checkLimit, checkMs, checkStamp } from './check-coord-args';
import { redactRedisUrl, secretScrubber } from './redact-redis-url';
import { REDIS_COORD_SCRIPTS, type CoordScripts } from './redis-coord-scripts';

export interface RedisCoordOptions {
  /** Prepended to every key (default `coord:`), so several apps or test runs can share one Redis. */
  keyPrefix?: string;
  /** Per-command timeout, under a second for the request path (default 500 ms). */
  commandTimeoutMs?: number;
  /** How long creation waits for the connection to be ready before failing (default 2000 ms). */
  readyTimeoutMs?: number;
  /** Connection errors seen while reconnecting in the background (passwords already removed). */
  onError?: (err: Error) => void;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 500;
const DEFAULT_READY_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;

// Each kind of data has its own key space, so `acquireLock('x')` and `cacheSet('x')` never collide (they would
// otherwise fail with WRONGTYPE or, worse, a cache write could replace a lock).
const LOCK = 'lock:';
const CACHE = 'cache:';
const RATE = 'rate:';

type ScriptedRedis = Redis & CoordScripts;

export class RedisCoord implements Coord {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: ScriptedRedis,
    private readonly safeUrl: string,
    private readonly scrub: (text: string) => string,
  ) {}

  async acquireLock(key: string, ttlMs: number): Promise<string | null> {
    const ttl = checkMs('ttlMs', ttlMs);
    const token = randomUUID();
    try {
      const ok = await this.redis.set(LOCK + key, token, 'PX', ttl, 'NX');
      return ok === 'OK' ? token : null;
    } catch (e) {
      // The SET may still land after we gave up, leaving a lock nobody knows the token of until its TTL ends.
      // A compare-and-delete sent now on the same connection is executed after that SET (one connection is
      // one ordered stream), so it frees exactly our orphan and nothing else. Best effort: ignore its failure.
      this.redis.coordRelease(LOCK + key, token).catch(() => undefined);
      throw this.unavailable('acquireLock', e);
    }
  }

  async releaseLock(key: string, token: string): Promise<boolean> {
    return (await this.run('releaseLock', () => this.redis.coordRelease(LOCK + key, token))) === 1;
  }

  async extendLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    const ttl = checkMs('ttlMs', ttlMs);
    return (await this.run('extendLock', () => this.redis.coordExtend(LOCK + key, token, ttl))) === 1;
  }

  async cacheGet(key: string): Promise<string | null> {
    return this.run('cacheGet', () => this.redis.hget(CACHE + key, 'v'));
  }

  async cacheSet(key: string, value: string, ttlMs: number, stamp?: number): Promise<void> {
    const ttl = checkMs('ttlMs', ttlMs);
    // Taken now, at call time: see the fencing note at the top of this file.
    const s = stamp === undefined ? Date.now() : checkStamp(stamp);
    await this.run('cacheSet', () => this.redis.coordCacheSet(CACHE + key, value, String(s), ttl));
  }

  async cacheDelete(key: string): Promise<void> {
    // Not fenced: the port gives deletes no stamp, so a timed-out cacheSet that lands after this delete
    // brings its value back for its TTL. Callers that delete to invalidate must tolerate that.
    await this.run('cacheDelete', () => this.redis.del(CACHE + key));
  }

  async rateTake(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const max = checkLimit(limit);
    const window = checkMs('windowMs', windowMs);
    const [allowed, retryAfterMs] = await this.run('rateTake', () =>
      this.redis.coordRateTake(RATE + key, max, window, randomUUID()),
    );
    return { allowed: allowed === 1, retryAfterMs: Number(retryAfterMs) };
  }

  async ping(): Promise<void> {
    await this.run('ping', () => this.redis.ping());
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      // QUIT lets pending replies arrive; it is itself bounded by commandTimeout.
      await this.redis.quit().catch(() => undefined);
    }
    await shutdown(this.redis);
  }

  private async run<T>(op: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.unavailable(op, e);
    }
  }

  private unavailable(op: string, e: unknown): AppError {
    return new AppError('coord_unavailable', `redis ${op} failed (${this.safeUrl}): ${this.scrub(messageOf(e))}`, {
      cause: safeCause(e, this.scrub),
    });
  }
}

/**
 * Connects and waits for 'ready', so a wrong URL or a down Redis fails at start with a clear message instead of
 * on the first request. The error names the URL with its password replaced by ***.
 */
export async function createRedisCoord(url: string, opts: RedisCoordOptions = {}): Promise<RedisCoord> {
  const safeUrl = redactRedisUrl(url);
  const scrub = secretScrubber(url);
  const commandTimeout = checkMs('commandTimeoutMs', opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  const readyTimeout = checkMs('readyTimeoutMs', opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  const options: RedisOptions = {
    keyPrefix: opts.keyPrefix ?? 'coord:',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout,
    // Replaying a command whose caller was already told it failed only creates late landings.
    autoResendUnfulfilledCommands: false,
    connectTimeout: Math.min(readyTimeout, 1000),
    // disconnect() on a socket that is already closed (while reconnecting) leaves a timer of this length behind.
    disconnectTimeout: 100,
    // A link that went silent (half-open TCP after a network cut) would otherwise time out every command until
    // the kernel gives up, minutes later; this destroys it so the background reconnect can start.
    socketTimeout: Math.max(2000, commandTimeout * 4),
    // Never gives up (returning a number keeps reconnecting): Redis may come back at any time.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), MAX_RECONNECT_DELAY_MS),
  };
  const redis = new Redis(url, options) as ScriptedRedis;
  // defineCommand: each script is sent once per connection, then called by its SHA (EVALSHA).
  for (const [name, script] of Object.entries(REDIS_COORD_SCRIPTS)) redis.defineCommand(name, script);

  let lastError: string | undefined;
  // Without a listener ioredis prints every reconnect error to stderr; the composition root decides instead.
  redis.on('error', (err: Error) => {
    lastError = scrub(err.message);
    opts.onError?.(new Error(lastError));
  });

  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), readyTimeout);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!ready) {
    await shutdown(redis);
    const why = lastError ? `: ${lastError}` : '';
    throw new AppError('coord_unavailable', `redis at ${safeUrl} not ready within ${readyTimeout} ms${why}`);
  }
  return new RedisCoord(redis, safeUrl, scrub);
}

/**
 * Stops for good, whatever the state, and resolves once the socket is closed. disconnect() cancels the
 * reconnect timer but only half-closes the socket (FIN): a peer that never answers (a black-holed link) would
 * keep it, and the process, alive for ioredis's disconnectTimeout; so the socket is destroyed at once.
 */
function shutdown(redis: Redis): Promise<void> {
  if (redis.status === 'end') return Promise.resolve();
  const stream = redis.stream as Redis['stream'] | undefined;
  const live = stream !== undefined && !stream.destroyed;
  const closed = live ? new Promise<void>((resolve) => stream.once('close', () => resolve())) : Promise.resolve();
  redis.disconnect();
  if (live) stream.destroy();
  return closed;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * ioredis attaches `command: { name, args }` to server errors. Those args can hold the password (AUTH, HELLO)
 * or cached secrets (a token passed to the cache script), and a logger would print the cause in full. So the
 * cause keeps only the error's class name and scrubbed message.
 */
function safeCause(e: unknown, scrub: (text: string) => string): Error {
  const cause = new Error(scrub(messageOf(e)));
  cause.name = e instanceof Error ? e.name : 'Error';
  return cause;
}
