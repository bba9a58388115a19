import type Datastore from '@seald-io/nedb';
import type { Collection, Doc, Filter, FindOptions, Sort, Update } from '../collection';
import { applyUpdate, upsertSeed } from './apply-update';
import type { AsyncMutex } from './async-mutex';
import { toNedbFilter } from './nedb-filter';
import type { TtlRule } from './nedb-indexes';
import { portFilter, portUpdate } from './port-query';
import type { SchemaCaster } from './schema-caster';
import { mapStoreErrors } from './store-errors';

type Plain = Record<string, unknown>;

/** The subset of nedb's cursor the engine uses (its typings describe a cursor as a promise of one doc). */
interface Cursor extends PromiseLike<Plain[]> {
  sort(sort: Sort): Cursor;
  skip(n: number): Cursor;
  limit(n: number): Cursor;
}

export interface EmbeddedCollectionDeps {
  ds: Datastore;
  caster: SchemaCaster;
  ttl: TtlRule[];
  now: () => Date;
  mutex: AsyncMutex;
  /** Resolves once the datafile is loaded and the indexes are synced. */
  ready: Promise<void>;
  /** Throws AppError('store_unavailable') once the store is closed. */
  assertOpen: () => void;
}

/**
 * A collection of the embedded engine. Every operation, reads included, runs inside the collection's mutex:
 * updates are read-modify-write (find, apply operators, validate the whole result with the schema, replace by
 * _id), so nothing else may touch the collection in between. One process, one mutex: that is why the data
 * directory is locked against other processes.
 */
export function createEmbeddedCollection<T extends Doc>(deps: EmbeddedCollectionDeps): Collection<T> {
  const { ds, caster, mutex } = deps;

  const run = <R>(task: () => Promise<R>): Promise<R> =>
    mapStoreErrors(() => {
      deps.assertOpen();
      // Queued at call time, so a call made before close() completes before close() compacts the file.
      return mutex.run(async () => {
        await deps.ready;
        await expire();
        return task();
      });
    });

  // MongoDB's TTL monitor deletes in the background; here expired documents go before each operation, which
  // is at least as prompt. nedb's own TTL would use Date.now(), ignoring the injectable clock.
  const expire = async (): Promise<void> => {
    for (const rule of deps.ttl) {
      const cutoff = new Date(deps.now().getTime() - rule.seconds * 1000);
      await ds.removeAsync({ [rule.field]: { $lt: cutoff, $ne: null } }, { multi: true });
    }
  };

  const cast = (filter: Filter): { cast: Filter; query: Plain } => {
    const castFilter = caster.castFilter(portFilter(filter));
    return { cast: castFilter, query: toNedbFilter(castFilter) };
  };
  const cursor = (query: Plain): Cursor => ds.findAsync(query) as unknown as Cursor;

  /** Computes and validates the new version of every target before writing any (a bad one writes nothing). */
  const rewrite = async (targets: Plain[], update: Update): Promise<Plain[]> => {
    const next: Plain[] = [];
    for (const doc of targets) {
      next.push(await caster.toStored(applyUpdate(doc, update, { inserting: false })));
    }
    const written: Plain[] = [];
    for (const doc of next) {
      const res = await ds.updateAsync({ _id: doc._id }, doc, { returnUpdatedDocs: true });
      written.push(res.affectedDocuments as Plain);
    }
    return written;
  };

  const upsert = async (castFilter: Filter, update: Update): Promise<Plain> => {
    const doc = await caster.toStored(applyUpdate(upsertSeed(castFilter), update, { inserting: true }));
    return (await ds.insertAsync(doc)) as Plain;
  };

  const updateFirst = async (
    filter: Filter,
    rawUpdate: Update,
    opts: { sort?: Sort; upsert?: boolean },
  ): Promise<{ doc: Plain | null; matched: number; upserted: boolean }> => {
    const update = portUpdate(rawUpdate);
    caster.checkUpdate(update);
    const { cast: castFilter, query } = cast(filter);
    let c = cursor(query);
    if (opts.sort) c = c.sort(opts.sort);
    const [target] = await c.limit(1);
    if (target) return { doc: (await rewrite([target], update))[0]!, matched: 1, upserted: false };
    if (!opts.upsert) return { doc: null, matched: 0, upserted: false };
    return { doc: await upsert(castFilter, update), matched: 0, upserted: true };
  };

  return {
    insertOne: (doc) =>
      run(async () => (await ds.insertAsync(await caster.toStored({ ...(doc as unknown as Plain) }))) as unknown as T),
    insertMany: (docs) =>
      run(async () => {
        const stored: Plain[] = [];
        for (const doc of docs) stored.push(await caster.toStored({ ...(doc as unknown as Plain) }));
        const taken = new Set(((await ds.findAsync({ _id: { $in: stored.map((d) => d._id) } })) as Plain[]).map((d) => d._id));
        const fresh = stored.filter((d) => !taken.has(d._id) && (taken.add(d._id), true));
        try {
          await ds.insertAsync(fresh); // one append; nedb rolls the whole batch back on any unique violation
          return fresh.length;
        } catch (e) {
          if ((e as { errorType?: string }).errorType !== 'uniqueViolated') throw e;
        }
        let inserted = 0; // another unique key is taken: one at a time, skipping the ones refused
        for (const doc of fresh) {
          try {
            await ds.insertAsync(doc);
            inserted += 1;
          } catch (e) {
            if ((e as { errorType?: string }).errorType !== 'uniqueViolated') throw e;
          }
        }
        return inserted;
      }),
    findOne: (filter) => run(async () => ((await cursor(cast(filter).query).limit(1))[0] ?? null) as T | null),
    find: (filter, options: FindOptions = {}) =>
      run(async () => {
        let c = cursor(cast(filter).query);
        if (options.sort) c = c.sort(options.sort);
        if (options.skip) c = c.skip(options.skip);
        if (options.limit) c = c.limit(options.limit);
        return (await c) as unknown as T[];
      }),
    count: (filter) => run(() => ds.countAsync(cast(filter).query) as unknown as Promise<number>),
    updateOne: (filter, update, options = {}) =>
      run(async () => {
        const { matched, upserted } = await updateFirst(filter, update, { upsert: options.upsert });
        return { matched, upserted };
      }),
    updateMany: (filter, rawUpdate) =>
      run(async () => {
        const update = portUpdate(rawUpdate);
        caster.checkUpdate(update);
        return (await rewrite(await cursor(cast(filter).query), update)).length;
      }),
    findOneAndUpdate: (filter, update, options = {}) =>
      run(async () => (await updateFirst(filter, update, options)).doc as T | null),
    deleteMany: (filter) => run(() => ds.removeAsync(cast(filter).query, { multi: true })),
  };
}
