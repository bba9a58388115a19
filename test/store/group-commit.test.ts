/** Group commit: the writes of one turn of the event loop share one transaction, answered once it is committed. */
import Database from 'better-sqlite3';
import { createGroupCommit } from '../../src/store/engines/group-commit';
import { isAppError } from '../../src/core/errors';

describe('group commit', () => {
  it('stages the writes of one turn in one transaction and resolves them at its commit', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
    const commits: string[] = [];
    const commit = createGroupCommit(db);
    const [a, aDone] = commit.stage(() => db.prepare("INSERT INTO t VALUES ('a')").run().changes);
    const [b, bDone] = commit.stage(() => db.prepare("INSERT INTO t VALUES ('b')").run().changes);
    expect([a, b]).toEqual([1, 1]);
    expect(db.inTransaction).toBe(true); // nobody has been answered yet
    void aDone.then(() => commits.push(`a:${db.inTransaction}`));
    void bDone.then(() => commits.push(`b:${db.inTransaction}`));
    // A read that saw the staged rows waits for the same commit.
    const count = await commit.settled((db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n);
    expect(count).toBe(2);
    expect(commits).toEqual(['a:false', 'b:false']);
    expect(await commit.settled('nothing open')).toBe('nothing open');
    db.close();
  });

  it('a statement refused (a key taken) is undone alone; the others of its transaction commit', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
    const commit = createGroupCommit(db);
    const [, first] = commit.stage(() => db.prepare("INSERT INTO t VALUES ('a')").run());
    expect(() => commit.stage(() => db.prepare("INSERT INTO t VALUES ('a')").run())).toThrow(/UNIQUE/);
    const [, third] = commit.stage(() => db.prepare("INSERT INTO t VALUES ('c')").run());
    await Promise.all([first, third]);
    expect((db.prepare('SELECT id FROM t ORDER BY id').all() as { id: string }[]).map((r) => r.id)).toEqual(['a', 'c']);
    db.close();
  });

  it('a commit that fails fails every write of its transaction, with store_unavailable, and nothing of it stays', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
    // A deferred foreign key is checked at COMMIT: the commit itself fails, as a full disk would make it.
    db.exec('PRAGMA foreign_keys = ON; CREATE TABLE child (p TEXT REFERENCES t(id) DEFERRABLE INITIALLY DEFERRED)');
    const commit = createGroupCommit(db);
    const [, ok] = commit.stage(() => db.prepare("INSERT INTO t VALUES ('a')").run());
    const [, orphan] = commit.stage(() => db.prepare("INSERT INTO child VALUES ('nobody')").run());
    const outcomes = await Promise.allSettled([ok, orphan]);
    expect(outcomes.map((o) => o.status === 'rejected' && isAppError(o.reason, 'store_unavailable'))).toEqual([true, true]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    expect(db.inTransaction).toBe(false);
    db.close();
  });
});
