import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { STORE_FILE } from '../../src/store/engines/embedded-store';

/** The embedded store's files in a data directory: the database, its write-ahead log and the log's index. */
export const STORE_FILES = [STORE_FILE, `${STORE_FILE}-wal`, `${STORE_FILE}-shm`];

/**
 * A copy of a data directory's database (its WAL replayed) from which the rows of `tables` were deleted with
 * secure_delete, so that their bytes are zeroed: whatever the copy's file still holds, in live rows or in free
 * pages left by earlier deletes, is what the store keeps outside those tables. And the live rows of `tables`.
 */
export function storeCopyWithout(dataDir: string, tables: string[]): { dir: string; rows: string[]; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'store-copy-'));
  for (const file of STORE_FILES.slice(0, 2)) {
    if (existsSync(path.join(dataDir, file))) copyFileSync(path.join(dataDir, file), path.join(dir, file));
  }
  const db = new Database(path.join(dir, STORE_FILE));
  const rows: string[] = [];
  try {
    db.pragma('secure_delete = ON');
    for (const table of tables) {
      const quoted = `"${table.replace(/"/g, '""')}"`;
      rows.push(...(db.prepare(`SELECT doc FROM ${quoted}`).all() as { doc: string }[]).map((r) => r.doc));
      db.prepare(`DELETE FROM ${quoted}`).run();
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { dir, rows, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
