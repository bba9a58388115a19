/**
 * The Coord contract, written once against the port and run over every engine this machine can reach:
 * memory always (on an injected clock, so expiry is exact and instant), Redis when it answers a PING
 * (in real time, with short TTLs and windows plus some slack for scheduling jitter).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { scanKeys } from './scan-keys';
import type { Coord, RateDecision } from '../../src/coord/coord';
import { createMemoryCoord } from '../../src/coord/engines/memory-coord';
import { createRedisCoord } from '../../src/coord/engines/redis-coord';
import { isAppError } from '../../src/core/errors';
import { probeRedis, warnRedisSkipped } from './probe-redis';

interface Engine {
  name: 'memory' | 'redis';
  /** The test drives the engine's clock: time moves only through advance(), exactly. */
  exactClock: boolean;
  /** Rate window: 1000 ms on the injected clock; shorter in real time so the suite stays fast. */
  rateWindowMs: number;
  /** Added to real-time waits past an expiry so that jitter cannot make a test flaky (0 on an exact clock). */
  slackMs: number;
  create(): Promise<Coord>;
  advance(ms: number): Promise<void>;
  now(): number;
  /** How many keys the engine holds and which have no expiry, or null when the engine cannot show them. */
  keysWithoutTtl(): Promise<{ total: number; withoutTtl: string[] } | null>;
  teardown(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function memoryEngine(): Engine {
  let t = Date.now();
  const created: Coord[] = [];
  return {
    name: 'memory',
    exactClock: true,
    rateWindowMs: 1000,
    slackMs: 0,
    async create() {
      const coord = createMemoryCoord({ now: () => t });
      created.push(coord);
      return coord;
    },
    async advance(ms) {
      t += ms;
    },
    now: () => t,
    keysWithoutTtl: async () => null,
    async teardown() {
      await Promise.all(created.map((c) => c.close()));
    },
  };
}

function redisEngine(url: string): Engine {
  // One prefix per run: runs in parallel (or a crashed earlier run) never see each other's keys.
  const keyPrefix = `test:coord:${process.pid}:${randomUUID().slice(0, 8)}:`;
  const created: Coord[] = [];
  let admin: Redis | undefined;
  const keys = async (): Promise<string[]> => {
    admin ??= new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 2000 });
    return scanKeys(admin, `${keyPrefix}*`);
  };
  return {
    name: 'redis',
    exactClock: false,
    rateWindowMs: 300,
    slackMs: 100,
    async create() {
      const coord = await createRedisCoord(url, { keyPrefix });
      created.push(coord);
      return coord;
    },
    advance: sleep,
    now: () => Date.now(),
    async keysWithoutTtl() {
      const all = await keys();
      const ttls = await Promise.all(all.map((k) => admin!.pttl(k)));
      return { total: all.length, withoutTtl: all.filter((_, i) => ttls[i]! < 0) };
    },
    async teardown() {
      await Promise.all(created.map((c) => c.close()));
      try {
        const all = await keys();
        if (all.length > 0) await admin!.del(...all);
      } finally {
        await admin?.quit().catch(() => admin?.disconnect());
      }
    },
  };
}

function contract(engine: Engine): void {
  let coord: Coord;
  let n = 0;
  /** A fresh key per use, so tests never see each other's state. */
  const key = (what: string) => `${what}:${++n}`;
  const wait = (ms: number) => engine.advance(ms);
  /** Waits until `ms` has certainly passed (plus slack in real time). */
  const waitPast = (ms: number) => engine.advance(ms + engine.slackMs);

  beforeAll(async () => {
    coord = await engine.create();
  });
  afterAll(() => engine.teardown());

  it('says which engine it is and answers ping', async () => {
    expect(coord.kind).toBe(engine.name);
    await expect(coord.ping()).resolves.toBeUndefined();
  });

  describe('locks', () => {
    it('acquire returns a token; a second acquire is refused while it is held', async () => {
      const k = key('lock');
      const token = await coord.acquireLock(k, 5000);
      expect(typeof token).toBe('string');
      expect(token!.length).toBeGreaterThanOrEqual(16);
      expect(await coord.acquireLock(k, 5000)).toBeNull();
    });

    it('only the owner releases; then anyone can acquire, with a different token', async () => {
      const k = key('lock');
      const token = (await coord.acquireLock(k, 5000))!;
      expect(await coord.releaseLock(k, 'not-the-token')).toBe(false);
      expect(await coord.acquireLock(k, 5000)).toBeNull();
      expect(await coord.releaseLock(k, token)).toBe(true);
      expect(await coord.releaseLock(k, token)).toBe(false);
      const next = await coord.acquireLock(k, 5000);
      expect(next).not.toBeNull();
      expect(next).not.toBe(token);
    });

    it('only the owner extends, and an extended lock outlives its first TTL', async () => {
      const k = key('lock');
      const token = (await coord.acquireLock(k, 300))!;
      expect(await coord.extendLock(k, 'not-the-token', 600)).toBe(false);
      await wait(150);
      expect(await coord.extendLock(k, token, 600)).toBe(true); // now ends at ~750
      await wait(250); // ~400: past the first TTL
      expect(await coord.acquireLock(k, 5000)).toBeNull();
      await waitPast(350); // past ~750
      expect(await coord.acquireLock(k, 5000)).not.toBeNull();
    });

    it('expires after its TTL; the old owner can then neither release nor extend the new holder', async () => {
      const k = key('lock');
      const old = (await coord.acquireLock(k, 300))!;
      await waitPast(300);
      const fresh = await coord.acquireLock(k, 5000);
      expect(fresh).not.toBeNull();
      expect(await coord.releaseLock(k, old)).toBe(false);
      expect(await coord.extendLock(k, old, 5000)).toBe(false);
      expect(await coord.releaseLock(k, fresh!)).toBe(true);
    });

    it('releasing or extending a lock nobody holds is false, not an error', async () => {
      const k = key('lock');
      expect(await coord.releaseLock(k, 'anything')).toBe(false);
      expect(await coord.extendLock(k, 'anything', 1000)).toBe(false);
    });

    it('10 concurrent acquires: exactly one gets a token', async () => {
      const k = key('lock');
      const tokens = await Promise.all(Array.from({ length: 10 }, () => coord.acquireLock(k, 5000)));
      expect(tokens.filter((t) => t !== null)).toHaveLength(1);
    });
  });

  describe('cache', () => {
    it('get of a missing key is null; set then get returns the value; a later set replaces it', async () => {
      const k = key('cache');
      expect(await coord.cacheGet(k)).toBeNull();
      await coord.cacheSet(k, 'v1', 5000);
      expect(await coord.cacheGet(k)).toBe('v1');
      await coord.cacheSet(k, 'v2 with spaces, ünïcödé and "quotes"', 5000);
      expect(await coord.cacheGet(k)).toBe('v2 with spaces, ünïcödé and "quotes"');
    });

    it('a value expires after its TTL', async () => {
      const k = key('cache');
      await coord.cacheSet(k, 'v', 300);
      await wait(100);
      expect(await coord.cacheGet(k)).toBe('v');
      await waitPast(200);
      expect(await coord.cacheGet(k)).toBeNull();
    });

    it('delete removes the value; deleting a missing key is fine', async () => {
      const k = key('cache');
      await coord.cacheSet(k, 'v', 5000);
      await coord.cacheDelete(k);
      expect(await coord.cacheGet(k)).toBeNull();
      await expect(coord.cacheDelete(k)).resolves.toBeUndefined();
    });

    it('stamps fence late writes: an older stamp does not overwrite a newer one; equal or newer does', async () => {
      const k = key('cache');
      await coord.cacheSet(k, 'new', 5000, 2);
      await coord.cacheSet(k, 'old', 5000, 1);
      expect(await coord.cacheGet(k)).toBe('new');
      await coord.cacheSet(k, 'same stamp', 5000, 2);
      expect(await coord.cacheGet(k)).toBe('same stamp');
      await coord.cacheSet(k, 'newer', 5000, 3);
      expect(await coord.cacheGet(k)).toBe('newer');
    });

    it('without a stamp the stamp is now: it loses to a future stamp and beats an old one', async () => {
      const future = key('cache');
      await coord.cacheSet(future, 'future', 5000, Date.now() + 86_400_000);
      await coord.cacheSet(future, 'now', 5000);
      expect(await coord.cacheGet(future)).toBe('future');
      const past = key('cache');
      await coord.cacheSet(past, 'now', 5000);
      await coord.cacheSet(past, 'stamp 1', 5000, 1);
      expect(await coord.cacheGet(past)).toBe('now');
    });

    it('a stamp expires with its value', async () => {
      const k = key('cache');
      await coord.cacheSet(k, 'new', 300, 5);
      await waitPast(300);
      await coord.cacheSet(k, 'old', 5000, 1);
      expect(await coord.cacheGet(k)).toBe('old');
    });
  });

  describe('rateTake', () => {
    const W = engine.rateWindowMs;
    const take = (k: string, count: number, limit: number, windowMs = W) =>
      Promise.all(Array.from({ length: count }, () => coord.rateTake(k, limit, windowMs)));
    const allowedCount = (ds: RateDecision[]) => ds.filter((d) => d.allowed).length;

    it('limit 5: the 6th is refused with a sensible retryAfterMs, and allowed again after it', async () => {
      const k = key('rate');
      for (const d of await take(k, 5, 5)) expect(d).toEqual({ allowed: true, retryAfterMs: 0 });
      const refused = await coord.rateTake(k, 5, W);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(W / 2);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(W);
      if (engine.exactClock) {
        expect(refused.retryAfterMs).toBe(W);
        await wait(refused.retryAfterMs - 1);
        expect(await coord.rateTake(k, 5, W)).toEqual({ allowed: false, retryAfterMs: 1 });
        await wait(1);
      } else {
        await waitPast(refused.retryAfterMs);
      }
      expect((await coord.rateTake(k, 5, W)).allowed).toBe(true);
    });

    it('the window slides: calls leave it one by one, not all at a fixed boundary', async () => {
      const k = key('rate');
      const Ws = W * 2;
      expect(allowedCount(await take(k, 3, 5, Ws))).toBe(3); // at 0
      await wait(Ws / 2);
      expect(allowedCount(await take(k, 2, 5, Ws))).toBe(2); // at Ws/2
      const refused = await coord.rateTake(k, 5, Ws);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(Ws / 2);
      if (engine.exactClock) expect(refused.retryAfterMs).toBe(Ws / 2);
      await waitPast(refused.retryAfterMs); // the 3 from 0 are out, the 2 from Ws/2 are still in
      expect(allowedCount(await take(k, 4, 5, Ws))).toBe(3);
    });

    it('50 concurrent takes with limit 20: exactly 20 allowed', async () => {
      const k = key('rate');
      const decisions = await take(k, 50, 20, 10_000);
      expect(allowedCount(decisions)).toBe(20);
      for (const d of decisions.filter((x) => !x.allowed)) {
        expect(d.retryAfterMs).toBeGreaterThan(0);
        expect(d.retryAfterMs).toBeLessThanOrEqual(10_000);
      }
    });

    it('keys are independent', async () => {
      const a = key('rate');
      const b = key('rate');
      await take(a, 2, 2, 10_000);
      expect((await coord.rateTake(a, 2, 10_000)).allowed).toBe(false);
      expect((await coord.rateTake(b, 2, 10_000)).allowed).toBe(true);
    });

    (engine.exactClock ? it : it.skip)(
      'property: never more than limit in any window, never refused below it, exact retryAfterMs',
      async () => {
        const window = 1000;
        const step = fc.record({ advance: fc.integer({ min: 0, max: 600 }), takes: fc.integer({ min: 1, max: 4 }) });
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(step, { maxLength: 30 }), async (limit, steps) => {
            const k = key('rate-prop');
            const allowedAt: number[] = [];
            for (const s of steps) {
              await wait(s.advance);
              for (let i = 0; i < s.takes; i++) {
                const now = engine.now();
                const inWindow = allowedAt.filter((t) => t > now - window);
                const d = await coord.rateTake(k, limit, window);
                if (inWindow.length < limit) {
                  expect(d).toEqual({ allowed: true, retryAfterMs: 0 });
                  allowedAt.push(now);
                } else {
                  expect(d).toEqual({ allowed: false, retryAfterMs: inWindow[0]! + window - now });
                }
              }
            }
          }),
          { numRuns: 100 },
        );
      },
    );
  });

  describe('isolation and lifecycle', () => {
    it('locks, cache entries and rate windows with the same name do not collide', async () => {
      const k = key('shared-name');
      const token = await coord.acquireLock(k, 5000);
      await coord.cacheSet(k, 'cached', 5000);
      expect((await coord.rateTake(k, 1, 5000)).allowed).toBe(true);
      expect(await coord.cacheGet(k)).toBe('cached');
      expect(await coord.releaseLock(k, token!)).toBe(true);
      expect(await coord.cacheGet(k)).toBe('cached');
    });

    it('bad arguments are programming errors (RangeError), not outages', async () => {
      await expect(coord.acquireLock(key('lock'), 0)).rejects.toBeInstanceOf(RangeError);
      await expect(coord.cacheSet(key('cache'), 'v', -1)).rejects.toBeInstanceOf(RangeError);
      await expect(coord.cacheSet(key('cache'), 'v', 1000, Number.NaN)).rejects.toBeInstanceOf(RangeError);
      await expect(coord.rateTake(key('rate'), 0, 1000)).rejects.toBeInstanceOf(RangeError);
      await expect(coord.rateTake(key('rate'), 1.5, 1000)).rejects.toBeInstanceOf(RangeError);
    });

    it('after close every call fails with coord_unavailable; close twice is fine', async () => {
      const closing = await engine.create();
      await closing.close();
      for (const call of [() => closing.ping(), () => closing.cacheGet('x'), () => closing.acquireLock('x', 1000)]) {
        const err = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isAppError(err, 'coord_unavailable')).toBe(true);
      }
      await expect(closing.close()).resolves.toBeUndefined();
    });

    it('leaves nothing without an expiry (what lives here may be lost, and must not pile up)', async () => {
      const keys = await engine.keysWithoutTtl();
      if (keys === null) return;
      expect(keys.total).toBeGreaterThan(0); // the keys are where the prefix says, so this check is not vacuous
      expect(keys.withoutTtl).toEqual([]);
    });
  });
}

const redis = probeRedis();
const engines: Engine[] = [memoryEngine()];
if (redis.reachable) engines.push(redisEngine(redis.url));

describe.each(engines)('Coord contract: $name', (engine) => contract(engine));

if (!redis.reachable) {
  warnRedisSkipped(redis, 'Coord contract');
  if (redis.required) {
    describe('Coord contract: redis', () => {
      it('is required under CI (REQUIRE_ENGINES includes redis) but does not answer', () => {
        throw new Error(`redis at ${redis.safeUrl} did not answer PING: ${redis.reason}`);
      });
    });
  } else {
    // Registered as skipped so that jest's summary counts what was not tested.
    describe.skip.each([redisEngine(redis.url)])('Coord contract: $name', (engine) => contract(engine));
  }
}
