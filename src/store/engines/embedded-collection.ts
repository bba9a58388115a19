import type BetterSqlite3 from 'better-sqlite3';
import * as nedbModel from '@seald-io/nedb/lib/model';
import { fromJson, toJson } from './document-json';
import { AppError } from '../../core/errors';
import type { Collection, Doc, Filter, FindOptions, Sort, Update } from '../collection';
import { applyUpdate, upsertSeed } from './apply-update';
import type { AsyncMutex } from './async-mutex';
import { assertDocumentFits } from './document-size';
import type { GroupCommit } from './group-commit';
import { toNedbFilter } from './nedb-filter';
import { patchStatement } from './patch-statement';
import { portFilter, portUpdate } from './port-query';
import type { SchemaCaster } from './schema-caster';
import { sqlPlan, type SqlPlan } from './sql-plan';
import { mapStoreErrors } from './store-errors';
import { ID_COLUMN, insertSql, keyValues, quote, type TableLayout } from './table-layout';

type Plain = Record<string, unknown>;
type Param = string | number | null;
type Stage = <R>(statementRun: () => R) => R;
/** A document ready to be written: its id, its JSON and its key columns' values. */
interface Row {
  id: string;
  json: string;
  keys: Param[];
}

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
 * schema, write back; or, for an update fast-caster can prove needs no look at the document, one UPDATE that
 * patches it where it lies) and resolve once committed (group-commit.ts); reads never wait for the mutex, and
 * see either the document before an update or after it, never between.
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
  const insertStatement = insertSql(layout, 'INSERT');
  const insertOrIgnoreStatement = insertSql(layout, 'INSERT OR IGNORE');
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
  /**
   * A write: under the collection's mutex it reads, validates and stages its statements (`stage` runs one in
   * the open transaction at once); the mutex goes to the next writer as soon as that is done, and the caller
   * is answered once what it staged is committed.
   */
  const write = <R>(task: (stage: Stage) => Promise<R>): Promise<R> =>
    deps.track(
      mapStoreErrors(async () => {
        deps.assertOpen();
        const commits: Promise<void>[] = [];
        const stage: Stage = (statementRun) => {
          const [value, committed] = commit.stage(statementRun);
          commits.push(committed);
          return value;
        };
        const value = await deps.mutex.run(async () => {
          expire();
          return task(stage);
        });
        await Promise.all(commits);
        return value;
      }),
    );

  // MongoDB's TTL monitor deletes in the background; here expired documents go before each operation (on the
  // injected clock), which is at least as prompt. Only a Date field with a column can expire (it is indexed).
  // Each rule knows when its next document expires (the smallest value of the field, plus the rule's delay),
  // lowered by every write, so an operation with nothing to expire costs a comparison.
  const ttlRules = layout.ttl.flatMap((rule) => {
    const column = layout.column(rule.field);
    return column?.type === 'Date' ? [{ column, index: columns.indexOf(column), delayMs: rule.seconds * 1000, next: undefined as number | undefined }] : [];
  });
  const nextExpiry = (rule: (typeof ttlRules)[number]): number => {
    const { m } = statement(`SELECT MIN(${rule.column.sql}) AS m FROM ${table}`).get() as { m: number | null };
    return m === null ? Infinity : m + rule.delayMs;
  };
  const expire = (): void => {
    const nowMs = deps.now().getTime();
    for (const rule of ttlRules) {
      rule.next ??= nextExpiry(rule);
      if (nowMs <= rule.next) continue;
      commit.stage(() => statement(`DELETE FROM ${table} WHERE ${rule.column.sql} < ?`).run(nowMs - rule.delayMs))[1].catch(() => undefined);
      rule.next = nextExpiry(rule);
    }
  };
  const noteExpiries = (keys: Param[]): void => {
    for (const rule of ttlRules) {
      const v = keys[rule.index];
      if (typeof v === 'number' && rule.next !== undefined) rule.next = Math.min(rule.next, v + rule.delayMs);
    }
  };

  /** A stored document as its row; over MongoDB's size it fails here, before anything is staged. */
  const rowOf = (doc: Plain): Row => {
    const json = toJson(doc);
    assertDocumentFits(doc, json);
    const keys = keyValues(layout, doc);
    noteExpiries(keys);
    return { id: String(doc._id), json, keys };
  };

  const assertNullUnique = ({ id, keys }: Row): void => {
    for (const ix of nullUnique) {
      const values: Param[] = ix.columns.map((c) => (c === ID_COLUMN ? id : (keys[columns.indexOf(c)] ?? null)));
      if (!values.includes(null)) continue; // SQLite's unique index decides
      const where = ix.columns.map((c) => `${c.sql} IS ?`).join(' AND ');
      if (statement(`SELECT 1 FROM ${table} WHERE id <> ? AND ${where} LIMIT 1`).get(id, ...values) !== undefined) {
        throw new AppError('duplicate_key', `duplicate key in ${layout.table.slice(2)}: ${ix.name} (null)`);
      }
    }
  };

  /**
   * Inserts one row (sync, inside the open transaction) and returns its JSON; with `ignoreTaken`, null when
   * a key is taken.
   */
  const insertRow = (row: Row, ignoreTaken: boolean): string | null => {
    if (ignoreTaken) {
      try {
        assertNullUnique(row);
      } catch {
        return null;
      }
      return statement(insertOrIgnoreStatement).run(row.id, row.json, ...row.keys).changes === 1 ? row.json : null;
    }
    assertNullUnique(row);
    statement(insertStatement).run(row.id, row.json, ...row.keys);
    return row.json;
  };

  /** Writes `row` over the row of its id and returns its JSON. */
  const replaceRow = (row: Row): string => {
    assertNullUnique(row);
    statement(updateSql).run(row.json, ...row.keys, row.id);
    return row.json;
  };

  /** The documents matching `filter` in `sort` order, past `skip`, at most `limit`. */
  const select = (filter: Filter, options: FindOptions = {}): Plain[] => {
    const cast = caster.castFilter(portFilter(filter));
    const plan = sqlPlan(layout, cast, options.sort);
    const query = plan.exact ? null : toNedbFilter(cast);
    const sortInJs = sortsInJs(options.sort, plan);
    let sql = `SELECT doc FROM ${table} WHERE ${plan.where}`;
    if (plan.orderBy && !sortInJs) sql += ` ORDER BY ${plan.orderBy}`;
    const skip = options.skip ?? 0;
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const params: Param[] = [...plan.params];
    if ((query === null && !sortInJs && limit === 1) || plan.oneRow) {
      // One row (findOne, or by _id): without the cost of LIMIT/OFFSET parameters, an iterator and an array
      // (twice as fast by _id); a filter SQL cannot say whole is checked on that row alone.
      const row = skip > 0 ? undefined : (statement(`${sql} LIMIT 1`).get(...params) as { doc: string } | undefined);
      const doc = row ? fromJson(row.doc) : undefined;
      return doc && (query === null || nedbModel.match(doc, query)) ? [doc] : [];
    }
    if (query === null && !sortInJs && (skip > 0 || limit !== Infinity)) {
      params.push(limit === Infinity ? -1 : limit, skip);
      // Sorted and cut in SQL: the sort (often of every row that matches, where no index gives the order) is
      // of ids, and only the rows kept are read whole. Sorting whole documents was most of an official's
      // 待办 (20 of 3,500 cases).
      const page =
        plan.orderBy && limit !== Infinity
          ? `SELECT doc FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${plan.where} ORDER BY ${plan.orderBy} LIMIT ? OFFSET ?) ORDER BY ${plan.orderBy}`
          : `${sql} LIMIT ? OFFSET ?`;
      return (statement(page).all(...params) as { doc: string }[]).map((r) => fromJson(r.doc));
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
    stage: Stage,
    filter: Filter,
    rawUpdate: Update,
    opts: { sort?: Sort; upsert?: boolean },
  ): Promise<{ written: string | null; matched: number; upserted: boolean }> => {
    const update = portUpdate(rawUpdate);
    caster.checkUpdate(update);
    const patched = opts.upsert ? null : patchFirst(stage, filter, update, opts.sort);
    if (patched) return { written: patched, matched: 1, upserted: false };
    const [target] = select(filter, { sort: opts.sort, limit: 1 });
    if (target) {
      const next = rowOf(await caster.toStored(applyUpdate(target, update, { inserting: false })));
      return { written: stage(() => replaceRow(next)), matched: 1, upserted: false };
    }
    if (!opts.upsert) return { written: null, matched: 0, upserted: false };
    const seed = upsertSeed(caster.castFilter(portFilter(filter)));
    const doc = rowOf(await caster.toStored(applyUpdate(seed, update, { inserting: true })));
    return { written: stage(() => insertRow(doc, false)), matched: 0, upserted: true };
  };

  /**
   * The update of the first match made in SQL alone, when it can be: the filter (and sort) said in SQL, the
   * update a patch (fast-caster.ts: it cannot make a valid document invalid, whatever the document holds,
   * under the conditions it states) whose removals touch no unique key that NULL would break. The document is
   * neither read nor parsed: one UPDATE (patch-statement.ts) changes it where it lies and checks the patch's
   * conditions. Returns the document as written, or null when this did not update it (not applicable, no
   * match, a condition not met, or a document that could grow past MongoDB's size): the caller then does it
   * the general way, which also gives the refusal a condition stands for.
   */
  const patchFirst = (stage: Stage, filter: Filter, update: Update, sort: Sort | undefined): string | null => {
    const patch = caster.patch(update);
    if (!patch || patch.unset.some((path) => nullUnique.some((ix) => ix.columns.some((c) => c.path === path)))) return null;
    const plan = sqlPlan(layout, caster.castFilter(portFilter(filter)), sort);
    if (!plan.exact || sortsInJs(sort, plan)) return null;
    const sql = patchStatement(layout, patch, plan);
    if (!sql) return null;
    const row = stage(() => statement(sql.sql).get(...sql.params) as { doc: string } | undefined);
    if (!row) return null;
    noteExpiries(keyValues(layout, Object.fromEntries(patch.set)));
    return row.doc;
  };

  return {
    insertOne: (doc) =>
      write(async (stage) => {
        const row = rowOf(await caster.toStored({ ...(doc as unknown as Plain) }));
        return fromJson(stage(() => insertRow(row, false))!) as unknown as T;
      }),
    insertMany: (docs) =>
      write(async (stage) => {
        const rows: Row[] = [];
        for (const doc of docs) rows.push(rowOf(await caster.toStored({ ...(doc as unknown as Plain) })));
        return stage(() => rows.filter((row) => insertRow(row, true) !== null).length);
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
      write(async (stage) => {
        const { matched, upserted } = await updateFirst(stage, filter, update, { upsert: options.upsert });
        return { matched, upserted };
      }),
    updateMany: (filter, rawUpdate) =>
      write(async (stage) => {
        const update = portUpdate(rawUpdate);
        caster.checkUpdate(update);
        const next: Row[] = [];
        for (const doc of select(filter)) next.push(rowOf(await caster.toStored(applyUpdate(doc, update, { inserting: false }))));
        if (next.length === 0) return 0;
        return stage(() => {
          for (const row of next) replaceRow(row);
          return next.length;
        });
      }),
    findOneAndUpdate: (filter, update, options = {}) =>
      write(async (stage) => {
        const { written } = await updateFirst(stage, filter, update, options);
        return written === null ? null : (fromJson(written) as T);
      }),
    deleteMany: (filter) =>
      write(async (stage) => {
        const cast = caster.castFilter(portFilter(filter));
        const plan = sqlPlan(layout, cast);
        if (plan.exact) return stage(() => statement(`DELETE FROM ${table} WHERE ${plan.where}`).run(...plan.params).changes);
        const ids = select(filter).map((d) => String(d._id));
        if (ids.length === 0) return 0;
        return stage(
          () => statement(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids)).changes,
        );
      }),
  };
}

/** A sort that SQL cannot give (a field of it has no column): the rows are sorted in JavaScript. */
function sortsInJs(sort: Sort | undefined, plan: SqlPlan): boolean {
  return sort !== undefined && Object.keys(sort).length > 0 && plan.orderBy === null;
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
