import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../core/errors';

export interface GroupCommit {
  /**
   * Runs `write` now, inside the open transaction (beginning one if needed), and returns its result with a
   * promise of its commit. The caller may let others act on the write at once (they see it, and share its fate:
   * what commits later commits with it or after it) and waits for the commit before telling anyone outside.
   */
  stage<R>(write: () => R): [R, Promise<void>];
  /**
   * Resolves with `result` once nothing uncommitted could have been seen: at once when no transaction is
   * open, else at its commit. Reads go through this, so nobody acts on a write that could still be lost.
   */
  settled<R>(result: R): Promise<R>;
  /** Commits what is open now. */
  flush(): void;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: every write of one turn of the event loop goes into one SQLite transaction, committed once, right after
 * the turn; each caller's promise resolves only then. Under load
 * the writes of many messages share one commit; alone, a write waits for one setImmediate.
 *
 * A statement that fails (a unique key taken) is undone alone and the transaction goes on. An error that makes
 * SQLite roll the whole transaction back (disk full, I/O) fails every write that was waiting in it.
 */
export function createGroupCommit(db: BetterSqlite3.Database): GroupCommit {
  let waiters: Waiter[] = [];
  let scheduled = false;

  const failAll = (err: unknown): void => {
    const failed = waiters;
    waiters = [];
    const cause = new AppError('store_unavailable', `the embedded store could not commit: ${(err as Error).message}`, { cause: err });
    for (const w of failed) w.reject(cause);
  };

  const flush = (): void => {
    scheduled = false;
    const done = waiters;
    waiters = [];
    try {
      if (db.inTransaction) db.exec('COMMIT');
    } catch (err) {
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } catch {
        // the rollback's own failure changes nothing for the callers
      }
      waiters = done;
      failAll(err);
      return;
    }
    for (const w of done) w.resolve();
  };

  const wait = <R>(result: R): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      waiters.push({ resolve: () => resolve(result), reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  return {
    stage(write) {
      if (!db.inTransaction) db.exec('BEGIN IMMEDIATE');
      let result;
      try {
        result = write();
      } catch (err) {
        if (!db.inTransaction) failAll(err); // SQLite rolled the whole transaction back
        throw err;
      }
      return [result, wait(undefined)];
    },
    settled(result) {
      return db.inTransaction ? wait(result) : Promise.resolve(result);
    },
    flush,
  };
}
