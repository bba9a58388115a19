import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors';

export interface StoreLock {
  release(): Promise<void>;
}

/** Data directories locked by this process: its own pid in a LOCK file does not prove the lock is ours. */
const heldHere = new Set<string>();

/**
 * Guards a data directory against a second process: nedb keeps the whole collection in memory and appends to
 * its file, so two processes on one directory would silently lose each other's writes.
 * The lock is `<dataDir>/LOCK`, created exclusively and holding the owner's pid. A LOCK whose process is gone
 * (crash, kill -9) is stale and taken over. Two processes finding the same stale LOCK at the same instant could
 * both take it over; that start-up race is accepted for a single-instance deployment.
 */
export async function acquireStoreLock(dataDir: string): Promise<StoreLock> {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, 'LOCK');
  if (heldHere.has(dir)) throw inUse(dir, process.pid);
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await fs.open(file, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const owner = await readOwner(file);
      // Our own pid but not held here: a previous run in a container that always gets the same pid.
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) throw inUse(dir, owner);
      await fs.rm(file, { force: true });
    }
  }
  heldHere.add(dir);
  return {
    async release(): Promise<void> {
      if (!heldHere.delete(dir)) return;
      // Only remove a LOCK that is still ours (an operator may have deleted and reused the directory).
      if ((await readOwner(file)) === process.pid) await fs.rm(file, { force: true });
    },
  };
}

async function readOwner(file: string): Promise<number | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

function inUse(dir: string, pid: number): AppError {
  return new AppError(
    'config_invalid',
    `DATA_DIR ${dir} is in use by process ${pid}; the embedded store serves one process only (set MONGODB_URI to run several instances)`,
  );
}
