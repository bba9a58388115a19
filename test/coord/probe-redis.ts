/**
 * Decides, while jest collects the tests, whether the Redis engine can be tested. Collection is synchronous
 * (describe.each needs the engine list before any hook runs), so the PING runs in a child process through
 * spawnSync. The URL travels in the child's environment, never on its command line (visible in `ps`).
 */
import { spawnSync } from 'node:child_process';
import { redactRedisUrl } from '../../src/coord/engines/redact-redis-url';

export interface RedisProbe {
  url: string;
  /** For messages: password replaced by ***. */
  safeUrl: string;
  reachable: boolean;
  /** Why it is not reachable. */
  reason: string;
  /** CI=true and REQUIRE_ENGINES names redis: a skip must fail the run instead. */
  required: boolean;
}

const CHILD = `
const { Redis } = require(process.env.PROBE_IOREDIS);
const fail = (why) => { process.stderr.write(String(why)); process.exit(1); };
setTimeout(() => fail('no PING answer within 1000 ms'), 1000);
const r = new Redis(process.env.PROBE_URL, {
  lazyConnect: true, connectTimeout: 1000, commandTimeout: 1000, enableOfflineQueue: false,
  maxRetriesPerRequest: 0, retryStrategy: () => null,
});
let last;
r.on('error', (e) => { last = e.message; });
r.connect().then(() => r.ping()).then(() => process.exit(0), (e) => fail(last || e.message));
`;

let cached: RedisProbe | undefined;

export function probeRedis(): RedisProbe {
  if (cached) return cached;
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const required =
    process.env.CI === 'true' && (process.env.REQUIRE_ENGINES ?? '').split(/[\s,]+/).includes('redis');
  const child = spawnSync(process.execPath, ['-e', CHILD], {
    env: { ...process.env, PROBE_URL: url, PROBE_IOREDIS: require.resolve('ioredis') },
    timeout: 5000,
    encoding: 'utf8',
  });
  const reachable = child.status === 0;
  const reason = reachable ? '' : (child.stderr || child.error?.message || `probe exited with ${child.status}`).trim();
  cached = { url, safeUrl: redactRedisUrl(url), reachable, reason, required };
  return cached;
}

/** The loud part of a skip: printed in every run that does not test Redis. */
export function warnRedisSkipped(probe: RedisProbe, suite: string): void {
  console.warn(
    `SKIPPED ENGINE redis: ${suite}: ${probe.safeUrl} did not answer PING (${probe.reason}).` +
      (probe.required ? ' REQUIRED under CI: failing.' : ' Set REDIS_URL or start redis-server to test it.'),
  );
}
