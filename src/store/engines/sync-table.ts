import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../core/errors';
import { keyValues, quote, type TableLayout } from './table-layout';

type Plain = Record<string, unknown>;

/**
 * Makes a collection's table what its layout says, at open: the table, a column per key field (filled in for
 * the rows already there when the layout changed), and exactly the schema's indexes (one the schema dropped or
 * changed goes; the data file belongs to this one process, so that is safe). A unique index that the stored
 * rows contradict fails the start with config_invalid. Runs in one transaction: all of it or nothing.
 */
export function syncTable(db: BetterSqlite3.Database, layout: TableLayout, parse: (doc: string) => Plain): void {
  const t = quote(layout.table);
  db.exec('CREATE TABLE IF NOT EXISTS "layouts" (name TEXT PRIMARY KEY NOT NULL, columns TEXT NOT NULL)');
  db.exec(`CREATE TABLE IF NOT EXISTS ${t} (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
  const wanted = JSON.stringify({ columns: layout.columns.map((c) => [c.path, c.type]), multi: layout.multi.map((m) => m.path) });
  const stored = (db.prepare('SELECT columns FROM "layouts" WHERE name = ?').get(layout.table) as { columns: string } | undefined)?.columns;
  const existingIndexes = (db.prepare(`PRAGMA index_list(${t})`).all() as { name: string }[]).map((r) => r.name).filter((n) => n.startsWith('ix:'));

  if (stored !== wanted) {
    for (const name of existingIndexes) db.exec(`DROP INDEX ${quote(name)}`);
    existingIndexes.length = 0;
    const present = new Set((db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((r) => r.name));
    const keep = new Set(layout.columns.map((c) => c.sql.slice(1, -1)));
    for (const name of present) if (name.startsWith('k:') && !keep.has(name)) db.exec(`ALTER TABLE ${t} DROP COLUMN ${quote(name)}`);
    for (const c of layout.columns) if (!present.has(c.sql.slice(1, -1))) db.exec(`ALTER TABLE ${t} ADD COLUMN ${c.sql}`);
    if (layout.columns.length > 0) {
      const set = db.prepare(`UPDATE ${t} SET ${layout.columns.map((c) => `${c.sql} = ?`).join(', ')} WHERE id = ?`);
      const rows = db.prepare(`SELECT id, doc FROM ${t}`).all() as { id: string; doc: string }[];
      for (const row of rows) {
        const doc = parse(row.doc);
        set.run(...keyValues(layout, doc), row.id);
      }
    }
    syncMultiKeys(db, layout);
    db.prepare('INSERT INTO "layouts" (name, columns) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET columns = excluded.columns').run(layout.table, wanted);
  }

  const names = new Set(layout.indexes.map((ix) => ix.name));
  for (const name of existingIndexes) if (!names.has(name)) db.exec(`DROP INDEX ${quote(name)}`);
  for (const ix of layout.indexes) {
    if (existingIndexes.includes(ix.name)) continue;
    try {
      db.exec(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${quote(ix.name)} ON ${t} (${ix.columns.map((c) => c.sql).join(', ')})`);
    } catch (err) {
      // e.g. a unique index over rows that repeat the key: another start would fail the same way.
      throw new AppError('config_invalid', `${layout.table.slice(2)}: cannot build the index ${ix.name} its schema declares: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
}

/**
 * The side tables of the layout's arrays, filled from the stored documents, and the triggers that keep them in
 * step with every insert, update and delete of the table (TTL deletes included), in SQL, from the document's
 * JSON. Side tables of arrays the layout no longer has are dropped.
 */
function syncMultiKeys(db: BetterSqlite3.Database, layout: TableLayout): void {
  const t = quote(layout.table);
  const prefix = `m:${layout.table.slice(2)}:`;
  const sides = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?`).all(prefix.length, prefix) as { name: string }[]).map((r) => r.name);
  for (const name of sides) db.exec(`DROP TABLE ${quote(name)}`);
  for (const name of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER IF EXISTS ${quote(`${layout.table}:${name}`)}`);
  if (layout.multi.length === 0) return;
  const fill = (row: string): string =>
    layout.multi.map((m) => `INSERT OR IGNORE INTO ${m.sql} (v, id) SELECT value, ${row}.id FROM json_each(${row}.doc, '$.${m.path}') WHERE json_type(${row}.doc, '$.${m.path}') = 'array';`).join(' ');
  const clear = (row: string): string => layout.multi.map((m) => `DELETE FROM ${m.sql} WHERE id = ${row}.id;`).join(' ');
  for (const m of layout.multi) {
    db.exec(`CREATE TABLE ${m.sql} (v NOT NULL, id TEXT NOT NULL, PRIMARY KEY (v, id)) WITHOUT ROWID`);
    db.exec(`CREATE INDEX ${quote(`${m.sql.slice(1, -1)}:id`)} ON ${m.sql} (id)`);
  }
  db.exec(`CREATE TRIGGER ${quote(`${layout.table}:insert`)} AFTER INSERT ON ${t} BEGIN ${fill('new')} END`);
  db.exec(`CREATE TRIGGER ${quote(`${layout.table}:update`)} AFTER UPDATE OF doc ON ${t} BEGIN ${clear('old')} ${fill('new')} END`);
  db.exec(`CREATE TRIGGER ${quote(`${layout.table}:delete`)} AFTER DELETE ON ${t} BEGIN ${clear('old')} END`);
  for (const m of layout.multi) {
    db.exec(`INSERT OR IGNORE INTO ${m.sql} (v, id) SELECT j.value, t.id FROM ${t} AS t, json_each(t.doc, '$.${m.path}') AS j WHERE json_type(t.doc, '$.${m.path}') = 'array'`);
  }
}

