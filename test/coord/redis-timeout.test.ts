/**
 * The Redis engine under a real network delay, with real sockets and no mocks: it fails fast instead of
 * queueing, and a command that timed out but lands later cannot overwrite newer data (the fencing described at
 * the top of redis-coord.ts). The first block needs no Redis at all; the rest needs one and is skipped loudly
 * without it.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { scanKeys } from './scan-keys';
import { createRedisCoord, type RedisCoord } from '../../src/coord/engines/redis-coord';
import { isAppError } from '../../src/core/errors';
import { startDelayingProxy, type DelayingProxy } from '../helpers/delaying-proxy';
import { probeRedis, warnRedisSkipped } from './probe-redis';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The rejection of `p` (failing the test if it resolves) and how long it took. */
async function rejectionOf(p: Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const started = Date.now();
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  return { err, ms: Date.now() - started };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Redis coord fails fast when Redis is not there (no Redis needed)', () => {
  it('creation against a closed port rejects within ~2 s with coord_unavailable, naming the URL without its password', async () => {
    const port = await freePort();
    const { err, ms } = await rejectionOf(createRedisCoord(`redis://alice:s3cr3t-pw@127.0.0.1:${port}/0`));
    expect(ms).toBeLessThan(2600);
    expect(isAppError(err, 'coord_unavailable')).toBe(true);
    const message = (err as Error).message;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toContain('***');
    expect(inspect(err, { depth: 10 })).not.toContain('s3cr3t-pw');
  });

  it('creation against a server that accepts and never answers rejects within ~1-2 s, and nothing hangs', async () => {
    const sockets = new Set<net.Socket>();
    const blackHole = net.createServer((s) => {
      sockets.add(s);
      s.resume(); // reads and ignores the commands, so that it sees the client's FIN and closes its side
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = blackHole.address() as net.AddressInfo;
      const { err, ms } = await rejectionOf(
        createRedisCoord(`redis://:hunter2@127.0.0.1:${port}`, { readyTimeoutMs: 1000 }),
      );
      expect(ms).toBeLessThan(1600);
      expect(isAppError(err, 'coord_unavailable')).toBe(true);
      expect(inspect(err, { depth: 10 })).not.toContain('hunter2');
      // The client closed its own sockets (the server never would): nothing is left to hang on.
      await sleep(50);
      expect(sockets.size).toBe(0);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    }
  });
});

const redis = probeRedis();

const withRedis = redis.reachable ? describe : describe.skip;
if (!redis.reachable) {
  warnRedisSkipped(redis, 'Redis timeouts and late landings');
  if (redis.required) {
    it('redis is required under CI (REQUIRE_ENGINES includes redis) but does not answer', () => {
      throw new Error(`redis at ${redis.safeUrl} did not answer PING: ${redis.reason}`);
    });
  }
}

withRedis('Redis coord through a delaying proxy: fail fast, no late overwrite', () => {
  const keyPrefix = `test:coord-timeout:${process.pid}:${randomUUID().slice(0, 8)}:`;
  let proxy: DelayingProxy;
  /** A: through the proxy, 300 ms command timeout. */
  let a: RedisCoord;
  /** B: direct. */
  let b: RedisCoord;
  let n = 0;
  const key = (what: string) => `${what}:${++n}`;

  beforeAll(async () => {
    const target = new URL(redis.url);
    proxy = await startDelayingProxy({ host: target.hostname || '127.0.0.1', port: Number(target.port || 6379) });
    const viaProxy = new URL(redis.url);
    viaProxy.hostname = proxy.host;
    viaProxy.port = String(proxy.port);
    b = await createRedisCoord(redis.url, { keyPrefix });
    a = await createRedisCoord(viaProxy.toString(), { keyPrefix, commandTimeoutMs: 300 });
  });

  afterEach(async () => {
    proxy.setDown(false);
    proxy.release();
    // Every test leaves A usable (tests that break its link wait for its reconnect).
    await a.ping();
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxy?.close();
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1, connectTimeout: 1000 });
    try {
      const keys = await scanKeys(admin, `${keyPrefix}*`);
      if (keys.length > 0) await admin.del(...keys);
    } finally {
      await admin.quit().catch(() => admin.disconnect());
    }
  });

  /** A's connection is one ordered stream: once a command sent after the held ones answers, they have run. */
  const barrier = () => a.ping();

  it('a command on a silent link rejects after the command timeout (~300 ms) with coord_unavailable', async () => {
    proxy.hold();
    const { err, ms } = await rejectionOf(a.ping());
    expect(isAppError(err, 'coord_unavailable')).toBe(true);
    expect((err as Error).message).toMatch(/timed out/i);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(900);
  });

  it('a timed-out cache write lands later, but cannot overwrite a newer stamp', async () => {
    const fenced = key('cache');
    const control = key('cache');
    proxy.hold();
    const late = await Promise.allSettled([a.cacheSet(fenced, 'old', 10_000, 1), a.cacheSet(control, 'late', 10_000, 1)]);
    for (const r of late) expect(r.status === 'rejected' && isAppError(r.reason, 'coord_unavailable')).toBe(true);
    await b.cacheSet(fenced, 'new', 10_000, 2);
    expect(await b.cacheGet(control)).toBeNull(); // not landed yet
    proxy.release();
    await barrier();
    expect(await b.cacheGet(control)).toBe('late'); // the hazard is real: the timed-out write did execute
    expect(await b.cacheGet(fenced)).toBe('new'); // and the fence held
  });

  it('a timed-out SET NX that lands later cannot steal a lock held by someone else', async () => {
    const k = key('lock');
    proxy.hold();
    const { err } = await rejectionOf(a.acquireLock(k, 10_000));
    expect(isAppError(err, 'coord_unavailable')).toBe(true);
    const tokenB = await b.acquireLock(k, 10_000);
    expect(tokenB).not.toBeNull();
    proxy.release();
    await barrier();
    expect(await b.extendLock(k, tokenB!, 10_000)).toBe(true); // B still owns it
    expect(await a.acquireLock(k, 10_000)).toBeNull();
  });

  it('a timed-out acquire that did take a free lock is released behind it, so it is not orphaned for its TTL', async () => {
    const k = key('lock');
    proxy.hold();
    const { err } = await rejectionOf(a.acquireLock(k, 60_000));
    expect(isAppError(err, 'coord_unavailable')).toBe(true);
    proxy.release();
    await barrier();
    expect(await b.acquireLock(k, 10_000)).not.toBeNull();
  });

  it('a timed-out release that lands after the lock expired and was retaken does not free the new holder', async () => {
    const k = key('lock');
    const tokenA = (await a.acquireLock(k, 300))!;
    proxy.hold();
    const { err } = await rejectionOf(a.releaseLock(k, tokenA));
    expect(isAppError(err, 'coord_unavailable')).toBe(true);
    await sleep(150); // past A's 300 ms TTL
    const tokenB = await b.acquireLock(k, 10_000);
    expect(tokenB).not.toBeNull();
    proxy.release();
    await barrier();
    expect(await b.extendLock(k, tokenB!, 10_000)).toBe(true);
  });

  it('while Redis is down every call fails at once (no queue), and the coord reconnects by itself', async () => {
    proxy.setDown(true);
    await sleep(50); // let A see its connection close
    const started = Date.now();
    const calls = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => a.cacheGet(`down:${i}`)));
    expect(Date.now() - started).toBeLessThan(200);
    for (const r of calls) expect(r.status === 'rejected' && isAppError(r.reason, 'coord_unavailable')).toBe(true);
    proxy.setDown(false);
    const deadline = Date.now() + 5000;
    let back = false;
    while (!back && Date.now() < deadline) {
      back = await a.ping().then(
        () => true,
        () => false,
      );
      if (!back) await sleep(100);
    }
    expect(back).toBe(true);
  });

  it('a link that stays silent is dropped (socket timeout) and replaced without re-creating the coord', async () => {
    proxy.hold(); // only the current connection: the reconnect gets a working one
    const started = Date.now();
    const { err } = await rejectionOf(a.ping());
    expect(isAppError(err, 'coord_unavailable')).toBe(true);
    let back = false;
    while (!back && Date.now() - started < 6000) {
      await sleep(100);
      back = await a.ping().then(
        () => true,
        () => false,
      );
    }
    expect(back).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500); // it was the socket timeout, not luck
  });
});
