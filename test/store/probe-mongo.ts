/**
 * Decides, while jest collects the tests, whether the MongoDB engine can be tested. Collection is synchronous
 * (describe.each needs the engine list before any hook runs), so the ping runs in a child process through
 * spawnSync. The URI travels in the child's environment, never on its command line (visible in `ps`).
 */
import { spawnSync } from 'node:child_process';
import { redactMongoUri } from '../../src/store/engines/mongo-store';

export interface MongoProbe {
  uri: string | undefined;
  safeUri: string;
  reachable: boolean;
  reason: string;
  /** CI=true and REQUIRE_ENGINES names mongo: a skip must fail the run instead. */
  required: boolean;
}

const CHILD = `
const { MongoClient } = require(process.env.PROBE_MONGODB);
const fail = (why) => { process.stderr.write(String(why)); process.exit(1); };
setTimeout(() => fail('no ping answer within 4000 ms'), 4000);
const c = new MongoClient(process.env.PROBE_URI, { serverSelectionTimeoutMS: 3000 });
c.connect().then(() => c.db('admin').command({ ping: 1 })).then(() => c.close()).then(() => process.exit(0), (e) => fail(e.message));
`;

let cached: MongoProbe | undefined;

export function probeMongo(): MongoProbe {
  if (cached) return cached;
  const uri = process.env.MONGODB_URI || undefined;
  const required = process.env.CI === 'true' && (process.env.REQUIRE_ENGINES ?? '').split(/[\s,]+/).includes('mongo');
  if (!uri) {
    cached = { uri, safeUri: '(unset)', reachable: false, reason: 'MONGODB_URI not set', required };
    return cached;
  }
  const child = spawnSync(process.execPath, ['-e', CHILD], {
    env: { ...process.env, PROBE_URI: uri, PROBE_MONGODB: require.resolve('mongodb') },
    timeout: 6000,
    encoding: 'utf8',
  });
  const reachable = child.status === 0;
  const reason = reachable ? '' : (child.stderr || child.error?.message || `probe exited with ${child.status}`).trim();
  cached = { uri, safeUri: redactMongoUri(uri), reachable, reason, required };
  return cached;
}

/** The loud part of a skip: printed in every run that does not test MongoDB. */
export function warnMongoSkipped(probe: MongoProbe, suite: string): void {
  console.warn(
    `SKIPPED ENGINE mongo: ${suite}: MONGODB_URI not set/unreachable (${probe.safeUri}: ${probe.reason}).` +
      (probe.required ? ' REQUIRED under CI: failing.' : ' Set MONGODB_URI to a running server to test it.'),
  );
}
