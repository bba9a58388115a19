import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fromJson, toJson } from './document-json';
import { AppError } from '../../core/errors';
import type { Collection, Doc, ModelSpec, StoreEngine } from '../collection';
import { createAsyncMutex } from './async-mutex';
import { createEmbeddedCollection } from './embedded-collection';
import { createGroupCommit } from './group-commit';
import { readNedbFile, setNedbFileAside } from './import-nedb-file';
import { createSchemaCasters } from './schema-caster';
import { acquireStoreLock, type StoreLock } from './store-lock';
import { syncTable } from './sync-table';
import { startWalCheckpointer } from './wal-checkpointer';
import { insertSql, keyValues, quote, tableLayout } from './table-layout';

/** The one database file of a data directory. */
export const STORE_FILE = 'store.sqlite';

/**
 * The embedded store engine: SQLite (better-sqlite3) in `<dataDir>/store.sqlite`, one table per collection,
 * for a single process. Documents are cast and validated with the collection's mongoose schema, the schema's
 * indexes become SQLite indexes over key columns (table-layout.ts), and writes are group-committed in WAL mode
 * with synchronous=NORMAL: a write is in the WAL, safe from a crash of the process, when its promise resolves.
 *
 * A data directory written by the earlier nedb engine (`<name>.db` files) is imported once, at the collection's
 * first open, in the same transaction that creates its table; the file is then renamed `<name>.db.imported`.
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
  let db: Database.Database;
  if (inMemory) db = new Database(':memory:');
  else {
    await fs.mkdir(dataDir, { recursive: true });
    lock = await acquireStoreLock(dataDir);
    try {
      db = new Database(path.join(dataDir, STORE_FILE));
      db.pragma('journal_mode = WAL');
      // A commit is written to the WAL before its promise resolves: it survives the process being killed at any
      // moment (kill -9, OOM, a crash), and the file is never corrupted. The fsync happens at the WAL's
      // checkpoints, not at every commit, so a power cut may lose the last moments (as MongoDB's default journal
      // interval can): FULL would fsync on the event loop at every commit, the largest cost of a message.
      db.pragma('synchronous = NORMAL');
    } catch (err) {
      await lock.release();
      throw new AppError('store_unavailable', `cannot open ${path.join(dataDir, STORE_FILE)}: ${(err as Error).message}`, { cause: err });
    }
  }
  db.pragma('cache_size = -8000'); // at most 8 MB of pages in memory (the OS caches the file too)
  // What a delete or an update removes is zeroed in the file, not left in a free page: a delivered reply's words,
  // an opened sealed address, a finished message's inbound are gone from the disk, not only from the rows.
  db.pragma('secure_delete = ON');
  // After a checkpoint the write-ahead log is cut back to this size, so old page images do not linger in it.
  db.pragma('journal_size_limit = 4194304');
  // Checkpoints leave the event loop for a worker; SQLite's own come back if the worker fails.
  const checkpointer = inMemory ? undefined : startWalCheckpointer(path.join(dataDir, STORE_FILE), () => db.pragma('wal_autocheckpoint = 1000'));
  if (checkpointer) db.pragma('wal_autocheckpoint = 0');
  const commit = createGroupCommit(db);
  const casterFor = createSchemaCasters();
  const opened = new Map<string, Collection<Doc>>();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new AppError('store_unavailable', 'the embedded store is closed');
  };
  const track = <R>(call: Promise<R>): Promise<R> => {
    inFlight.add(call);
    const forget = (): void => void inFlight.delete(call);
    call.then(forget, forget);
    return call;
  };

  const open = <T extends Doc>(model: ModelSpec<T>): Collection<T> => {
    const layout = tableLayout(model.schema, model.name);
    let aside: string | undefined;
    const build = db.transaction(() => {
      syncTable(db, layout, fromJson);
      const earlier = inMemory ? null : readNedbFile(dataDir, model.name);
      if (!earlier) return;
      aside = earlier.file;
      const t = quote(layout.table);
      // Rows already there: the import was committed and the process stopped before the rename.
      if (db.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get() !== undefined) return;
      const insert = db.prepare(insertSql(layout, 'INSERT'));
      for (const doc of earlier.docs) {
        insert.run(String(doc._id), toJson(doc), ...keyValues(layout, doc));
      }
    });
    try {
      build();
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('config_invalid', `${model.name} in ${dataDir}: ${(err as Error).message}`, { cause: err });
    }
    if (aside) setNedbFileAside(aside);
    const caster = casterFor(model);
    return createEmbeddedCollection<T>({ db, layout, caster, now, mutex: createAsyncMutex(), commit, assertOpen, track });
  };

  const collection = <T extends Doc>(model: ModelSpec<T>): Collection<T> => {
    assertOpen();
    let found = opened.get(model.name);
    if (!found) {
      found = open(model) as unknown as Collection<Doc>;
      opened.set(model.name, found);
    }
    return found as unknown as Collection<T>;
  };

  return {
    kind: 'embedded',
    collection,
    async init(models) {
      for (const model of models) collection(model);
    },
    async ping(): Promise<void> {
      assertOpen();
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        // Every call made before close() finishes (and commits) first.
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        commit.flush();
        await checkpointer?.stop();
        db.close();
      } finally {
        await lock?.release();
      }
    },
  };
}
