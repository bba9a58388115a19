import mongoose, { type ConnectOptions, type Connection, type Model } from 'mongoose';
import { AppError } from '../../core/errors';
import type { Collection, Doc, Filter, ModelSpec, StoreEngine } from '../collection';
import { createMongoCollection } from './mongo-collection';
import { isPlainObject } from './port-query';
import { mapStoreErrors } from './store-errors';

/**
 * How long a write waits for a majority of the replica set to acknowledge it. Without a limit, a write with
 * `w: 'majority'` waits for ever while a majority is down, and so would drain() at shutdown; with it the
 * server answers a write-concern error (WriteConcernTimeout, 64) that the port maps to `store_unavailable`,
 * which leaves the delivery in the inbox for the retry. Well inside the inbox lease and a turn's patience.
 */
export const MONGO_WRITE_TIMEOUT_MS = 5000;

/** The connection options of the production engine (exported for the test that reads them on the wire). */
export function mongoConnectionOptions(dbName?: string): ConnectOptions {
  return {
    dbName,
    serverSelectionTimeoutMS: 5000,
    writeConcern: { w: 'majority', wtimeoutMS: MONGO_WRITE_TIMEOUT_MS },
    // `undefined` in a document is left out, as the embedded engine does, instead of being stored as null
    // (schemas with `minimize: false` such as conversations keep what they are given).
    ignoreUndefined: true,
    sanitizeFilter: true,
    // Indexes are built by init() at start and by collection() before its first operation (see ensureIndexes).
    autoIndex: false,
    autoCreate: false,
    // Fail fast instead of queueing operations for 10 s while the server is away.
    bufferCommands: false,
  };
}

/**
 * The production store engine: MongoDB through mongoose, on a connection of its own so that nothing else in
 * the process (tests, tools) shares its models or options.
 */
export async function createMongoStore(uri: string, opts: { dbName?: string } = {}): Promise<StoreEngine> {
  const conn = mongoose.createConnection(uri, mongoConnectionOptions(opts.dbName));
  try {
    await conn.asPromise();
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw new AppError('store_unavailable', `MongoDB at ${redactMongoUri(uri)} did not answer: ${(err as Error).message}`, {
      cause: err,
    });
  }

  const collections = new Map<string, { collection: Collection<Doc>; ready: () => Promise<void> }>();
  const open = (model: ModelSpec<Doc>) => {
    let found = collections.get(model.name);
    if (!found) {
      found = mongoCollection(conn, model);
      collections.set(model.name, found);
    }
    return found;
  };
  return {
    kind: 'mongo',
    collection<T extends Doc>(model: ModelSpec<T>): Collection<T> {
      return open(model as unknown as ModelSpec<Doc>).collection as unknown as Collection<T>;
    },
    async init(models) {
      for (const model of models) await open(model).ready();
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

/** Index build failures that another try will not mend: an index of the same name or keys with other options. */
const INDEX_CONFLICT_CODES = new Set([67, 85, 86, 11000]);

function mongoCollection(conn: Connection, spec: ModelSpec<Doc>): { collection: Collection<Doc>; ready: () => Promise<void> } {
  // Untyped on purpose: mongoose's conditional types over a generic T make tsc run for minutes; the port's
  // types (Collection<T>) are what callers see, and both engines validate with the same schema at run time.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const M = conn.model(spec.name, spec.schema, spec.name) as unknown as Model<any>;
  let indexes: Promise<void> | undefined;
  // createIndexes, not syncIndexes: syncIndexes also DROPS indexes missing from the schema, so an older
  // instance still running during a rolling deploy would drop the newer one's indexes. An index whose options
  // changed must be dropped by hand: createIndexes fails with IndexOptionsConflict, and init() fails the start.
  const ready = (): Promise<void> =>
    (indexes ??= M.createIndexes().then(
      () => undefined,
      (err: unknown) => {
        indexes = undefined; // let the next call retry, e.g. after the server came back
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'number' && INDEX_CONFLICT_CODES.has(code)) {
          throw new AppError(
            'config_invalid',
            `MongoDB collection ${spec.name}: cannot build the indexes its schema declares (${(err as Error).message}); ` +
              'drop the conflicting index by hand (or remove the duplicate documents) and start again',
            { cause: err },
          );
        }
        throw err;
      },
    ));
  const call = <R>(run: () => Promise<R>): Promise<R> => mapStoreErrors(async () => (await ready(), run()));
  return { collection: createMongoCollection(M, spec, call, trustOperators), ready: () => mapStoreErrors(ready) };
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
