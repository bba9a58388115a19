/**
 * The engines the store contract runs over: embedded on files (a fresh temp dir per test file), embedded in
 * memory, and MongoDB when MONGODB_URI answers (a database of its own per test file, dropped afterwards).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import type { StoreEngine } from '../../src/store/collection';
import { createEmbeddedStore } from '../../src/store/engines/embedded-store';
import { createMongoStore } from '../../src/store/engines/mongo-store';
import { probeMongo, warnMongoSkipped } from './probe-mongo';

export interface StoreEngineCase {
  name: 'embedded' | 'embedded-in-memory' | 'mongo';
  /** Whether `open` honours the injected clock (TTL expiry on demand); MongoDB's TTL monitor runs every 60 s. */
  injectableClock: boolean;
  /** Whether what one `open` wrote is there for the next `open` (after close): false for the in-memory engine. */
  durable: boolean;
  open(now: () => Date): Promise<StoreEngine>;
  /** The keys and options of a collection's indexes, or null when the engine cannot list them. */
  listIndexes(collection: string): Promise<{ key: Record<string, unknown>; expireAfterSeconds?: number; unique?: boolean }[] | null>;
  dispose(): Promise<void>;
}

export function embeddedCase(): StoreEngineCase {
  let dir: string | undefined;
  return {
    name: 'embedded',
    injectableClock: true,
    durable: true,
    async open(now) {
      dir ??= mkdtempSync(path.join(os.tmpdir(), 'store-contract-'));
      return createEmbeddedStore(dir, { now });
    },
    listIndexes: async () => null,
    async dispose() {
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

function inMemoryCase(): StoreEngineCase {
  return {
    name: 'embedded-in-memory',
    injectableClock: true,
    durable: false,
    open: (now) => createEmbeddedStore('unused-in-memory', { inMemory: true, now }),
    listIndexes: async () => null,
    dispose: async () => undefined,
  };
}

function mongoCase(uri: string): StoreEngineCase {
  const dbName = `store_contract_${process.pid}_${randomUUID().slice(0, 8)}`;
  const admin = async <R>(run: (db: NonNullable<mongoose.Connection['db']>) => Promise<R>): Promise<R> => {
    const conn = await mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 5000 }).asPromise();
    try {
      return await run(conn.db!);
    } finally {
      await conn.close();
    }
  };
  return {
    name: 'mongo',
    injectableClock: false,
    durable: true,
    open: () => createMongoStore(uri, { dbName }),
    listIndexes: (collection) =>
      admin(async (db) => (await db.collection(collection).indexes()) as { key: Record<string, unknown> }[]),
    dispose: () => admin(async (db) => void (await db.dropDatabase())),
  };
}

/**
 * Registers nothing for an unreachable MongoDB but a loud warning, or, when CI requires the engine, a failing
 * test (a skipped engine must not pass unnoticed where the CI script provides it).
 */
export function storeEngineCases(suite: string): StoreEngineCase[] {
  const cases = [embeddedCase(), inMemoryCase()];
  const probe = probeMongo();
  if (probe.reachable && probe.uri) {
    cases.push(mongoCase(probe.uri));
  } else {
    warnMongoSkipped(probe, suite);
    if (probe.required) {
      test('engine mongo is required (CI, REQUIRE_ENGINES) but unreachable', () => {
        throw new Error(`MongoDB ${probe.safeUri} did not answer: ${probe.reason}`);
      });
    }
  }
  return cases;
}
