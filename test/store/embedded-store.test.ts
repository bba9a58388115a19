/**
 * What only the embedded engine has: files that outlive the process, the LOCK that keeps a second process
 * away from them, and close(). The query/update contract itself is in store-contract.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAppError } from '../../src/core/errors';
import { createEmbeddedStore } from '../../src/store/engines/embedded-store';
import { inboxModel } from '../../src/store/inbox.model';
import { itemModel, pairModel } from './contract-models';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'embedded-store-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});
const freshDir = (name: string): string => path.join(root, name);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (e: unknown) => e);
}

describe('embedded store on files', () => {
  it('creates the data directory and keeps data, indexes included, across close and reopen', async () => {
    const dir = freshDir('persist');
    const first = await createEmbeddedStore(dir);
    await first.collection(itemModel).insertOne({ _id: 'a', sku: 'A', status: 'new', when: new Date('2024-01-02T03:04:05.000Z') });
    await first.collection(itemModel).updateOne({ _id: 'a' }, { $set: { n: 4 }, $push: { tags: 't' } });
    await first.collection(pairModel).insertOne({ _id: 'p', group: 'g', code: 'c', version: 0 });
    await first.close();
    expect((await fs.readdir(dir)).sort()).toEqual(['store.sqlite']); // the WAL is checkpointed into it at close

    const second = await createEmbeddedStore(dir);
    const items = second.collection(itemModel);
    expect(await items.findOne({ _id: 'a' })).toEqual({
      _id: 'a', sku: 'A', status: 'new', n: 4, tags: ['t'], nums: [], when: new Date('2024-01-02T03:04:05.000Z'),
    });
    expect(isAppError(await failure(items.insertOne({ _id: 'b', sku: 'A', status: 'new' })), 'duplicate_key')).toBe(true);
    const pairs = second.collection(pairModel);
    expect(isAppError(await failure(pairs.insertOne({ _id: 'q', group: 'g', code: 'c', version: 0 })), 'duplicate_key')).toBe(true);
    await second.close();
  });

  it('checkpoints the write-ahead log off the event loop: the file takes the pages with no commit crossing a threshold', async () => {
    const dir = freshDir('checkpoint');
    const store = await createEmbeddedStore(dir);
    const items = store.collection(itemModel);
    const fileSize = async (): Promise<number> => (await fs.stat(path.join(dir, 'store.sqlite'))).size;
    const before = await fileSize();
    // About 1 MB, a quarter of SQLite's automatic threshold (1,000 pages): without the worker it would stay in the WAL.
    for (let i = 0; i < 20; i++) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => items.insertOne({ _id: `i${i}-${k}`, sku: `S${i}-${k}`, status: 'new', note: 'x'.repeat(1000) })));
    }
    const deadline = Date.now() + 5000;
    while ((await fileSize()) < before + 1_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await fileSize()).toBeGreaterThan(before + 1_000_000);
    expect(await items.count({ status: 'new' })).toBe(1000);
    await store.close();
    expect((await fs.readdir(dir)).sort()).toEqual(['store.sqlite']);
  });

  it('closes completely in a process with nothing else to do: the last checkpoint done, the LOCK released', () => {
    const dir = freshDir('close-alone');
    const child = spawnSync(process.execPath, [path.join(__dirname, '..', 'helpers', 'store-close-child.js')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DATA_DIR: dir } });
    expect({ status: child.status, out: child.stdout.trim() }).toEqual({ status: 0, out: 'closed store.sqlite' });
  });

  it('keeps every write it acknowledged when the process is killed (-9) mid-load', async () => {
    const dir = freshDir('killed');
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'helpers', 'store-writer-child.js')], { env: { PATH: process.env.PATH ?? '', DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: string[] = [];
    let rest = '';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (b: Buffer) => {
        const lines = (rest + b.toString()).split('\n');
        rest = lines.pop()!;
        for (const line of lines) if (line.startsWith('ok ')) acked.push(line.slice(3));
        // Past SQLite's automatic threshold and several of the worker's checkpoints.
        if (acked.length >= 6000) resolve();
      });
    });
    child.kill('SIGKILL');
    await exited;
    const store = await createEmbeddedStore(dir);
    try {
      const inbox = store.collection(inboxModel);
      const found = new Set((await inbox.find({}, {})).map((r) => r._id));
      expect(acked.filter((id) => !found.has(id))).toEqual([]);
      expect(found.size).toBeGreaterThanOrEqual(acked.length);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses a second open of the same directory while the first is open, and opens after close', async () => {
    const dir = freshDir('locked');
    const first = await createEmbeddedStore(dir);
    expect(await lockOwner(dir)).toBe(String(process.pid));
    const err = await failure(createEmbeddedStore(dir));
    expect(isAppError(err, 'config_invalid')).toBe(true);
    expect((err as Error).message).toBe(
      `DATA_DIR ${path.resolve(dir)} is in use by process ${process.pid}; the embedded store serves one process only (set MONGODB_URI to run several instances)`,
    );
    await first.close();
    expect(existsSync(path.join(dir, 'LOCK'))).toBe(false);
    const again = await createEmbeddedStore(dir);
    await again.close();
  });

  it('refuses a directory locked by another live process', async () => {
    const dir = freshDir('other-process');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'LOCK'), `${process.ppid}\n`); // the parent of jest's worker is alive
    const err = await failure(createEmbeddedStore(dir));
    expect((err as Error).message).toContain(`is in use by process ${process.ppid}`);
  });

  it('takes over a LOCK written in an earlier boot, even when its pid is alive now', async () => {
    const dir = freshDir('earlier-boot');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'LOCK'), `${process.ppid}\n00000000-0000-0000-0000-000000000000\n`);
    const store = await createEmbeddedStore(dir);
    expect(await lockOwner(dir)).toBe(String(process.pid));
    await store.close();
  });

  it('takes over a stale LOCK left by a dead process', async () => {
    const dir = freshDir('stale');
    await fs.mkdir(dir);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await fs.writeFile(path.join(dir, 'LOCK'), `${dead.stdout}\n`);
    const store = await createEmbeddedStore(dir);
    expect(await lockOwner(dir)).toBe(String(process.pid));
    await store.close();
  });

  it('after close, ping and operations fail with store_unavailable', async () => {
    const store = await createEmbeddedStore(freshDir('closed'));
    const items = store.collection(itemModel);
    await items.insertOne({ _id: 'a', sku: 'A', status: 'new' });
    await store.ping();
    await store.close();
    await store.close(); // idempotent
    expect(isAppError(await failure(store.ping()), 'store_unavailable')).toBe(true);
    expect(isAppError(await failure(items.find({})), 'store_unavailable')).toBe(true);
  });

  it('close() waits for operations already queued', async () => {
    const dir = freshDir('queued');
    const store = await createEmbeddedStore(dir);
    const items = store.collection(itemModel);
    const writes = Array.from({ length: 20 }, (_, i) => items.insertOne({ _id: `i${i}`, sku: `S${i}`, status: 'new' }));
    await store.close();
    await Promise.all(writes);
    const reopened = await createEmbeddedStore(dir);
    expect(await reopened.collection(itemModel).count({})).toBe(20);
    await reopened.close();
  });
});

describe('a data directory of the earlier nedb engine', () => {
  // Lines as nedb appended them: an insert, a later version of it, a removal, an index line, a torn last line.
  const nedbLines = [
    '{"_id":"a","sku":"A","status":"new","tags":[],"nums":[],"when":{"$$date":1704164645000}}',
    '{"_id":"b","sku":"B","status":"new","tags":[],"nums":[]}',
    '{"$$indexCreated":{"fieldName":"sku","unique":true,"sparse":false}}',
    '{"_id":"a","sku":"A","status":"done","n":4,"tags":["t"],"nums":[],"when":{"$$date":1704164645000}}',
    '{"_id":"b","$$deleted":true}',
    '{"_id":"c","sku":"C","status":"new","tags":[],"nums":[]}',
  ];

  it('is imported once, as nedb would have loaded it, and the file is set aside', async () => {
    const dir = freshDir('from-nedb');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'contract_items.db'), `${nedbLines.join('\n')}\n{"_id":"d","sku`);
    const first = await createEmbeddedStore(dir);
    const items = first.collection(itemModel);
    expect((await items.find({}, { sort: { sku: 1 } })).map((d) => [d._id, d.status])).toEqual([['a', 'done'], ['c', 'new']]);
    expect((await items.findOne({ _id: 'a' }))?.when).toEqual(new Date('2024-01-02T03:04:05.000Z'));
    expect(isAppError(await failure(items.insertOne({ _id: 'x', sku: 'C', status: 'new' })), 'duplicate_key')).toBe(true);
    await items.deleteMany({ _id: 'c' });
    await first.close();
    expect((await fs.readdir(dir)).sort()).toEqual(['contract_items.db.imported', 'store.sqlite']);

    const second = await createEmbeddedStore(dir); // not imported again: c stays deleted
    expect((await second.collection(itemModel).find({})).map((d) => d._id)).toEqual(['a']);
    await second.close();
  });

  it('refuses a datafile that is mostly unreadable, and leaves it in place', async () => {
    const dir = freshDir('corrupt-nedb');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'contract_items.db'), `${nedbLines[0]}\n{not json\n{nor this\n`);
    const store = await createEmbeddedStore(dir);
    expect(() => store.collection(itemModel)).toThrow(/cannot be read/);
    await store.close();
    expect(existsSync(path.join(dir, 'contract_items.db'))).toBe(true);
  });
});

describe('embedded store in memory', () => {
  it('writes no file and takes no LOCK', async () => {
    const dir = freshDir('memory');
    const a = await createEmbeddedStore(dir, { inMemory: true });
    const b = await createEmbeddedStore(dir, { inMemory: true });
    await a.collection(itemModel).insertOne({ _id: 'a', sku: 'A', status: 'new' });
    expect(await b.collection(itemModel).count({})).toBe(0);
    await Promise.all([a.close(), b.close()]);
    expect(existsSync(dir)).toBe(false);
  });
});

/** The pid on the LOCK's first line (the second holds the boot id). */
async function lockOwner(dir: string): Promise<string> {
  return (await fs.readFile(path.join(dir, 'LOCK'), 'utf8')).split('\n')[0]!.trim();
}
