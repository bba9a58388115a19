import { Worker } from 'node:worker_threads';

export interface WalCheckpointer {
  /** Stops the worker and closes its connection; the main connection's close() does the last checkpoint. */
  stop(): Promise<void>;
}

/**
 * The worker: its own connection to the same file, a PASSIVE checkpoint every `intervalMs` (it never waits for
 * the writer, and the writer never waits for it). Plain JavaScript evaluated as the worker's script, so the
 * engine needs no second compiled entry point (and runs the same under ts-jest).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ failed: String(err && err.message) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the write-ahead log of `file` from a worker thread. SQLite's automatic checkpoint runs inside the
 * COMMIT that crosses its threshold, on the event loop: under load one commit in 35 took 11 ms (copying 4 MB of
 * pages back and syncing the file) while every request in flight waited. The caller turns the automatic
 * checkpoint off (`wal_autocheckpoint = 0`) once this has started, and back on if the worker fails (`onFailure`),
 * so the log never grows without bound.
 */
export function startWalCheckpointer(file: string, onFailure: (reason: string) => void, intervalMs = 250): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs, driver: require.resolve('better-sqlite3') } });
  worker.unref();
  let stopping = false;
  let failed = false;
  const fail = (reason: string): void => {
    if (failed || stopping) return;
    failed = true;
    onFailure(reason);
  };
  worker.on('message', (m: { failed?: string }) => {
    if (m.failed) fail(m.failed);
  });
  worker.on('error', (err) => fail(err.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => fail('the checkpoint worker stopped'));
  return {
    async stop() {
      stopping = true;
      // Referenced again while it stops: otherwise a process with nothing else to do would end before the
      // worker's exit, with close() still waiting (the main connection not closed, the LOCK not released).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
