import mongoose, { type Connection, type Model, type UpdateQuery } from 'mongoose';
import { AppError } from '../../core/errors';
import type { Collection, Doc, Filter, ModelSpec, StoreEngine, Update } from '../collection';
import { isPlainObject, portFilter, portUpdate } from './port-query';
import { mapStoreErrors, toStoreError } from './store-errors';

/**
 * The production store engine: MongoDB through mongoose, on a connection of its own so that nothing else in
 * the process (tests, tools) shares its models or options.
 */
export async function createMongoStore(uri: string, opts: { dbName?: string } = {}): Promise<StoreEngine> {
  const conn = mongoose.createConnection(uri, {
    dbName: opts.dbName,
    serverSelectionTimeoutMS: 5000,
    writeConcern: { w: 'majority' },
    sanitizeFilter: true,
    // Indexes are created by collection() once, awaited before the first operation (see ensureIndexes).
    autoIndex: false,
    autoCreate: false,
    // Fail fast instead of queueing operations for 10 s while the server is away.
    bufferCommands: false,
  });
  try {
    await conn.asPromise();
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw new AppError('store_unavailable', `MongoDB at ${redactMongoUri(uri)} did not answer: ${(err as Error).message}`, {
      cause: err,
    });
  }

  const collections = new Map<string, Collection<Doc>>();
  return {
    kind: 'mongo',
    collection<T extends Doc>(model: ModelSpec<T>): Collection<T> {
      let found = collections.get(model.name);
      if (!found) {
        found = mongoCollection<Doc>(conn, model);
        collections.set(model.name, found);
      }
      return found as unknown as Collection<T>;
    },
    async ping(): Promise<void> {
      const db = conn.db;
      if (!db) throw new AppError('store_unavailable', 'MongoDB connection is closed');
      await mapStoreErrors(() => db.command({ ping: 1 }));
    },
    async close(): Promise<void> {
      await conn.close();
    },
  };
}

/**
 * Query options of every call. strictQuery 'throw' rather than `true`: `true` silently DROPS a condition on a
 * path the schema does not know, so a typo in updateMany/deleteMany would hit the whole collection; 'throw'
 * keeps the protection (no querying arbitrary paths) and fails loudly instead (AppError('bad_request')).
 */
const QUERY_OPTIONS = { strictQuery: 'throw' } as const;
const WRITE_OPTIONS = { ...QUERY_OPTIONS, runValidators: true } as const;

function mongoCollection<T extends Doc>(conn: Connection, spec: ModelSpec<T>): Collection<T> {
  // Untyped on purpose: mongoose's conditional types over a generic T make tsc run for minutes; the port's
  // types (Collection<T>) are what callers see, and both engines validate with the same schema at run time.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const M = conn.model(spec.name, spec.schema, spec.name) as unknown as Model<any>;
  let indexes: Promise<void> | undefined;
  // createIndexes, not syncIndexes: syncIndexes also DROPS indexes missing from the schema, so an older
  // instance still running during a rolling deploy would drop the newer one's indexes. An index whose options
  // changed must be dropped by hand (createIndexes then fails loudly with IndexOptionsConflict).
  const ready = (): Promise<void> =>
    (indexes ??= M.createIndexes().then(
      () => undefined,
      (err: unknown) => {
        indexes = undefined; // let the next call retry, e.g. after the server came back
        throw toStoreError(err);
      },
    ));
  const call = <R>(run: () => Promise<R>): Promise<R> => mapStoreErrors(async () => (await ready(), run()));
  const q = (filter: Filter): Filter => trustOperators(portFilter(filter));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const u = (update: Update): UpdateQuery<any> => portUpdate(update) as UpdateQuery<any>;

  return {
    insertOne: (doc) =>
      call(async () => {
        const saved = await new M(doc).save();
        return saved.toObject({ versionKey: false, virtuals: false, getters: false, transform: false }) as T;
      }),
    findOne: (filter) => call(async () => (await M.findOne(q(filter)).setOptions(QUERY_OPTIONS).lean().exec()) as T | null),
    find: (filter, options = {}) =>
      call(async () => {
        const query = M.find(q(filter)).setOptions(QUERY_OPTIONS);
        if (options.sort) query.sort(options.sort);
        if (options.skip !== undefined) query.skip(options.skip);
        if (options.limit !== undefined) query.limit(options.limit);
        return (await query.lean().exec()) as T[];
      }),
    count: (filter) => call(() => M.countDocuments(q(filter)).setOptions(QUERY_OPTIONS).exec()),
    updateOne: (filter, update, options = {}) =>
      call(async () => {
        const res = await M.updateOne(q(filter), u(update), { ...WRITE_OPTIONS, upsert: options.upsert === true }).exec();
        return { matched: res.matchedCount, upserted: res.upsertedCount > 0 };
      }),
    updateMany: (filter, update) =>
      call(async () => (await M.updateMany(q(filter), u(update), WRITE_OPTIONS).exec()).matchedCount),
    findOneAndUpdate: (filter, update, options = {}) =>
      call(async () => {
        const found = await M.findOneAndUpdate(q(filter), u(update), {
          ...WRITE_OPTIONS,
          upsert: options.upsert === true,
          returnDocument: 'after',
          ...(options.sort ? { sort: options.sort } : {}),
        })
          .lean()
          .exec();
        return (found ?? null) as T | null;
      }),
    deleteMany: (filter) => call(async () => (await M.deleteMany(q(filter)).setOptions(QUERY_OPTIONS).exec()).deletedCount),
  };
}

/**
 * The connection has sanitizeFilter on, which rewrites every `{ field: { $op: ... } }` into
 * `{ field: { $eq: { $op: ... } } }` unless that operator object is marked with mongoose.trusted().
 * Filters reach the engine only from repository code, which builds operator conditions on purpose, so each
 * operator object is trusted here; marking only the top-level filter would not work, as sanitizeFilter checks
 * the mark on each field's value. What keeps an injected object harmless is portFilter(): it allows only the
 * port's comparison operators (no $where/$expr/$function), and repositories validate external input before
 * putting it in a filter. sanitizeFilter stays on for anything else that might ever use this connection.
 */
function trustOperators(filter: Filter): Filter {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') (value as Filter[]).forEach(trustOperators);
    else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) mongoose.trusted(value);
  }
  return filter;
}

/** The URI for messages and logs: credentials replaced by ***. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
