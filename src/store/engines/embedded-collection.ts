import type BetterSqlite3 from 'better-sqlite3';
import * as nedbModel from '@seald-io/nedb/lib/model';
import { fromJson, toJson } from './document-json';
import { AppError } from '../../core/errors';
import type { Collection, Doc, Filter, FindOptions, Sort, Update } from '../collection';
import { applyUpdate, upsertSeed } from './apply-update';
import type { AsyncMutex } from './async-mutex';
import type { GroupCommit } from './group-commit';
import { toNedbFilter } from './nedb-filter';
import { portFilter, portUpdate } from './port-query';
import type { SchemaCaster } from './schema-caster';
import { sqlPlan } from './sql-plan';
import { mapStoreErrors } from './store-errors';
import { quote } from './sync-table';
import { keyValue, valueAt, type TableLayout } from './table-layout';

type Plain = Record<string, unknown>;
type Param = string | number | null;

export interface EmbeddedCollectionDeps {
  db: BetterSqlite3.Database;
  layout: TableLayout;
  caster: SchemaCaster;
  now: () => Date;
  /** Serialises this collection's writes: an update reads, validates (async) and writes back. */
  mutex: AsyncMutex;
  commit: GroupCommit;
  /** Throws AppError('store_unavailable') once the store is closed; `track` lets close() wait for the call. */
  assertOpen: () => void;
  track: <R>(call: Promise<R>) => Promise<R>;
}

const MAX_CACHED_STATEMENTS = 200;

/**
 * A collection of the embedded engine: a SQLite table of JSON documents (nedb's serialisation, Dates as
 * { $$date }) with a column per key field. SQL narrows a query with the columns' indexes (sql-plan.ts); unless
 * SQL alone decides it, each row is then matched with the whole filter in MongoDB's semantics (nedb's matcher
 * over the rewritten filter, nedb-filter.ts), so both engines answer the contract the same way.
 *
 * Writes run under the collection's mutex (read, apply the operators, validate the whole result with the
 * schema, write back) and resolve once committed (group-commit.ts); reads never wait for the mutex, and see
 * either the document before an update or after it, never between.
 */
export function createEmbeddedCollection<T extends Doc>(deps: EmbeddedCollectionDeps): Collection<T> {
  const { db, layout, caster, commit } = deps;
  const table = quote(layout.table);
  const columns = layout.columns;
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statement = (sql: string): BetterSqlite3.Statement => {
    let found = statements.get(sql);
    if (!found) {
      if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
      found = db.prepare(sql);
      statements.set(sql, found);
    }
    return found;
  };
  const columnList = columns.map((c) => `, ${c.sql}`).join('');
  const insertSql = (verb: string): string =>
    `${verb} INTO ${table} (id, doc${columnList}) VALUES (?, ?${columns.map(() => ', ?').join('')})`;
  const updateSql = `UPDATE ${table} SET doc = ?${columns.map((c) => `, ${c.sql} = ?`).join('')} WHERE id = ?`;
  /** Unique indexes that SQLite's NULLs-are-distinct would not enforce where MongoDB does (a missing field is null). */
  const nullUnique = layout.indexes.filter((ix) => ix.unique && !ix.sparse);

  const read = <R>(task: () => R): Promise<R> =>
    deps.track(
      mapStoreErrors(async () => {
        deps.assertOpen();
        expire();
        return commit.settled(task());
      }),
    );
  const write = <R>(task: () => Promise<R>): Promise<R> =>
    deps.track(
      mapStoreErrors(() => {
        deps.assertOpen();
        return deps.mutex.run(async () => {
          expire();
          return task();
        });
      }),
    );

  // MongoDB's TTL monitor deletes in the background; here expired documents go before each operation (on the
  // injected clock), which is at least as prompt. Only a Date field with a column can expire (it is indexed).
  const expire = (): void => {
    for (const rule of layout.ttl) {
      const column = layout.column(rule.field);
      if (!column || column.type !== 'Date') continue;
      const cutoff = deps.now().getTime() - rule.seconds * 1000;
      if (statement(`SELECT 1 FROM ${table} WHERE ${column.sql} < ? LIMIT 1`).get(cutoff) === undefined) continue;
      void commit.write(() => statement(`DELETE FROM ${table} WHERE ${column.sql} < ?`).run(cutoff)).catch(() => undefined);
    }
  };

  const rowValues = (doc: Plain): { json: string; keys: Param[] } => ({
    json: toJson(doc),
    keys: columns.map((c) => keyValue(c, valueAt(doc, c.path))),
  });

  const assertNullUnique = (doc: Plain, keys: Param[]): void => {
    for (const ix of nullUnique) {
      const values: Param[] = ix.columns.map((c) => keys[columns.indexOf(c)] ?? null);
      if (!values.includes(null)) continue; // SQLite's unique index decides
      const where = ix.columns.map((c) => `${c.sql} IS ?`).join(' AND ');
      if (statement(`SELECT 1 FROM ${table} WHERE id <> ? AND ${where} LIMIT 1`).get(String(doc._id), ...values) !== undefined) {
        throw new AppError('duplicate_key', `duplicate key in ${layout.table.slice(2)}: ${ix.name} (null)`);
      }
    }
  };

  /** Inserts one document (sync, inside the open transaction); false when `ignoreTaken` and a key is taken. */
  const insertRow = (doc: Plain, ignoreTaken: boolean): boolean => {
    const { json, keys } = rowValues(doc);
    if (ignoreTaken) {
      try {
        assertNullUnique(doc, keys);
      } catch {
        return false;
      }
      return statement(insertSql('INSERT OR IGNORE')).run(String(doc._id), json, ...keys).changes === 1;
    }
    assertNullUnique(doc, keys);
    statement(insertSql('INSERT')).run(String(doc._id), json, ...keys);
    return true;
  };

  const replaceRow = (doc: Plain): void => {
    const { json, keys } = rowValues(doc);
    assertNullUnique(doc, keys);
    statement(updateSql).run(json, ...keys, String(doc._id));
  };

  /** The documents matching `filter` in `sort` order, past `skip`, at most `limit`. */
  const select = (filter: Filter, options: FindOptions = {}): Plain[] => {
    const cast = caster.castFilter(portFilter(filter));
    const plan = sqlPlan(layout, cast, options.sort);
    const query = plan.exact ? null : toNedbFilter(cast);
    const sortInJs = options.sort !== undefined && Object.keys(options.sort).length > 0 && plan.orderBy === null;
    let sql = `SELECT doc FROM ${table} WHERE ${plan.where}`;
    if (plan.orderBy && !sortInJs) sql += ` ORDER BY ${plan.orderBy}`;
    const skip = options.skip ?? 0;
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const params: Param[] = [...plan.params];
    if (query === null && !sortInJs && (skip > 0 || limit !== Infinity)) {
      sql += ' LIMIT ? OFFSET ?';
      params.push(limit === Infinity ? -1 : limit, skip);
      return (statement(sql).all(...params) as { doc: string }[]).map((r) => fromJson(r.doc));
    }
    const found: Plain[] = [];
    let skipped = 0;
    for (const row of statement(sql).iterate(...params) as IterableIterator<{ doc: string }>) {
      const doc = fromJson(row.doc);
      if (query && !nedbModel.match(doc, query)) continue;
      if (!sortInJs && skipped < skip) {
        skipped += 1;
        continue;
      }
      found.push(doc);
      if (!sortInJs && found.length >= limit) break;
    }
    if (!sortInJs) return found;
    return sortDocs(found, options.sort!).slice(skip, skip + limit);
  };

  const updateFirst = async (
    filter: Filter,
    rawUpdate: Update,
    opts: { sort?: Sort; upsert?: boolean },
  ): Promise<{ doc: Plain | null; matched: number; upserted: boolean }> => {
    const update = portUpdate(rawUpdate);
    caster.checkUpdate(update);
    const [target] = select(filter, { sort: opts.sort, limit: 1 });
    if (target) {
      const next = await caster.toStored(applyUpdate(target, update, { inserting: false }));
      await commit.write(() => replaceRow(next));
      return { doc: reread(next), matched: 1, upserted: false };
    }
    if (!opts.upsert) return { doc: null, matched: 0, upserted: false };
    const seed = upsertSeed(caster.castFilter(portFilter(filter)));
    const doc = await caster.toStored(applyUpdate(seed, update, { inserting: true }));
    await commit.write(() => insertRow(doc, false));
    return { doc: reread(doc), matched: 0, upserted: true };
  };

  return {
    insertOne: (doc) =>
      write(async () => {
        const stored = await caster.toStored({ ...(doc as unknown as Plain) });
        await commit.write(() => insertRow(stored, false));
        return reread(stored) as unknown as T;
      }),
    insertMany: (docs) =>
      write(async () => {
        const stored: Plain[] = [];
        for (const doc of docs) stored.push(await caster.toStored({ ...(doc as unknown as Plain) }));
        return commit.write(() => stored.filter((doc) => insertRow(doc, true)).length);
      }),
    findOne: (filter) => read(() => (select(filter, { limit: 1 })[0] ?? null) as T | null),
    find: (filter, options) => read(() => select(filter, options) as unknown as T[]),
    count: (filter) =>
      read(() => {
        const cast = caster.castFilter(portFilter(filter));
        const plan = sqlPlan(layout, cast);
        if (plan.exact) return (statement(`SELECT COUNT(*) AS n FROM ${table} WHERE ${plan.where}`).get(...plan.params) as { n: number }).n;
        return select(filter).length;
      }),
    updateOne: (filter, update, options = {}) =>
      write(async () => {
        const { matched, upserted } = await updateFirst(filter, update, { upsert: options.upsert });
        return { matched, upserted };
      }),
    updateMany: (filter, rawUpdate) =>
      write(async () => {
        const update = portUpdate(rawUpdate);
        caster.checkUpdate(update);
        const next: Plain[] = [];
        for (const doc of select(filter)) next.push(await caster.toStored(applyUpdate(doc, update, { inserting: false })));
        if (next.length === 0) return 0;
        return commit.write(() => {
          for (const doc of next) replaceRow(doc);
          return next.length;
        });
      }),
    findOneAndUpdate: (filter, update, options = {}) => write(async () => (await updateFirst(filter, update, options)).doc as T | null),
    deleteMany: (filter) =>
      write(async () => {
        const cast = caster.castFilter(portFilter(filter));
        const plan = sqlPlan(layout, cast);
        if (plan.exact) return commit.write(() => statement(`DELETE FROM ${table} WHERE ${plan.where}`).run(...plan.params).changes);
        const ids = select(filter).map((d) => String(d._id));
        if (ids.length === 0) return 0;
        return commit.write(
          () => statement(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids)).changes,
        );
      }),
  };
}

/** A document as a read would return it (a copy, exactly what was stored). */
function reread(doc: Plain): Plain {
  return fromJson(toJson(doc));
}

/** MongoDB's order for a sort over fields without a column (arrays, Mixed), as nedb's cursor sorts. */
function sortDocs(docs: Plain[], sort: Sort): Plain[] {
  const criteria = Object.entries(sort);
  return docs.sort((a, b) => {
    for (const [key, direction] of criteria) {
      const c = direction * nedbModel.compareThings(nedbModel.getDotValue(a, key), nedbModel.getDotValue(b, key));
      if (c !== 0) return c;
    }
    return 0;
  });
}
