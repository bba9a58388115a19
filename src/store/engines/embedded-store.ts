import { promises as fs } from 'node:fs';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { AppError } from '../../core/errors';
import type { Collection, Doc, ModelSpec, StoreEngine } from '../collection';
import { createAsyncMutex, type AsyncMutex } from './async-mutex';
import { createEmbeddedCollection } from './embedded-collection';
import { schemaIndexes, syncNedbIndexes } from './nedb-indexes';
import { createSchemaCasters } from './schema-caster';
import { acquireStoreLock, type StoreLock } from './store-lock';

/** nedb appends every write to the datafile; rewriting it now and then keeps the file (and the next load) small. */
const COMPACT_EVERY_MS = 10 * 60 * 1000;

interface Opened {
  collection: Collection<Doc>;
  ds: Datastore;
  mutex: AsyncMutex;
  ready: Promise<void>;
}

/**
 * The embedded store engine: one nedb datafile per collection, `<dataDir>/<name>.db`, for a single process.
 * Documents are cast and validated with the collection's mongoose schema, its unique and TTL indexes are
 * mirrored, and updates are applied under a per-collection mutex (see embedded-collection.ts).
 * `inMemory` keeps everything in memory (unit tests): no files, no directory, no LOCK.
 * `now` is the clock of TTL expiry.
 */
export async function createEmbeddedStore(
  dataDir: string,
  opts: { inMemory?: boolean; now?: () => Date } = {},
): Promise<StoreEngine> {
  const inMemory = opts.inMemory === true;
  const now = opts.now ?? (() => new Date());
  let lock: StoreLock | undefined;
  if (!inMemory) {
    await fs.mkdir(dataDir, { recursive: true });
    lock = await acquireStoreLock(dataDir);
  }
  const casterFor = createSchemaCasters();
  const opened = new Map<string, Opened>();
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new AppError('store_unavailable', 'the embedded store is closed');
  };

  const compactAll = async (): Promise<void> => {
    for (const { ds, mutex, ready } of opened.values()) {
      await mutex.run(async () => {
        if (await ready.then(() => true, () => false)) await ds.compactDatafileAsync();
      });
    }
  };
  const timer = inMemory ? undefined : setInterval(() => void compactAll().catch(() => undefined), COMPACT_EVERY_MS);
  timer?.unref();

  const open = <T extends Doc>(model: ModelSpec<T>): Opened => {
    if (!/^[A-Za-z0-9_-]+$/.test(model.name)) {
      throw new AppError('config_invalid', `collection name '${model.name}' cannot be used as a file name`);
    }
    const { indexes, ttl } = schemaIndexes(model.schema, model.name);
    const ds = new Datastore(inMemory ? { inMemoryOnly: true } : { filename: path.join(dataDir, `${model.name}.db`) });
    const ready = ds.loadDatabaseAsync().then(
      () =>
        syncNedbIndexes(ds, indexes).catch((err: unknown) => {
          // e.g. a unique index over documents that repeat the key: another start would fail the same way.
          throw new AppError('config_invalid', `${model.name} in ${dataDir}: cannot build the indexes its schema declares: ${(err as Error).message}`, {
            cause: err,
          });
        }),
      (err: unknown) => {
        throw new AppError('store_unavailable', `cannot load ${model.name} from ${dataDir}: ${(err as Error).message}`, {
          cause: err,
        });
      },
    );
    ready.catch(() => undefined); // reported to every operation that awaits it, not as an unhandled rejection
    const mutex = createAsyncMutex();
    const caster = casterFor(model);
    const collection = createEmbeddedCollection<Doc>({ ds, caster, ttl, now, mutex, ready, assertOpen });
    return { collection, ds, mutex, ready };
  };

  return {
    kind: 'embedded',
    collection<T extends Doc>(model: ModelSpec<T>): Collection<T> {
      assertOpen();
      let found = opened.get(model.name);
      if (!found) {
        found = open(model);
        opened.set(model.name, found);
      }
      return found.collection as unknown as Collection<T>;
    },
    async init(models) {
      for (const model of models) {
        assertOpen();
        if (!opened.has(model.name)) opened.set(model.name, open(model));
        await opened.get(model.name)!.ready;
      }
    },
    async ping(): Promise<void> {
      assertOpen();
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      try {
        // Queued behind every operation already running, so nothing is written after the final compaction.
        if (!inMemory) await compactAll();
      } finally {
        await lock?.release();
      }
    },
  };
}
