import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors';
import { currentProcess, isPidAlive } from './process-identity';

export interface StoreLock {
  release(): Promise<void>;
}

/** Data directories locked by this process: its own pid in a LOCK file does not prove the lock is ours. */
const heldHere = new Set<string>();

/**
 * Guards a data directory against a second process: the embedded engine's updates are made atomic by mutexes
 * inside this one process (and each TTL rule's next expiry is remembered here), so a second process on the same
 * file could interleave a read-modify-write and lose a write.
 * The lock is `<dataDir>/LOCK`, created exclusively, holding the owner's pid and the kernel's boot id. A LOCK
 * whose process is gone (crash, kill -9), or that was written in an earlier boot, is stale and taken over at
 * once, so a restart after a crash serves within seconds. Two processes finding the same stale LOCK at the
 * same instant could both take it over; that start-up race is accepted for a single-instance deployment.
 */
export async function acquireStoreLock(dataDir: string): Promise<StoreLock> {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, 'LOCK');
  const me = currentProcess();
  if (heldHere.has(dir)) throw inUse(dir, me.pid);
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await fs.open(file, 'wx');
      try {
        await handle.writeFile(`${me.pid}\n${me.bootId}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const owner = await readOwner(file);
      // Our own pid but not held here: a previous run in a container that always gets the same pid.
      if (owner && owner.pid !== me.pid && (!owner.bootId || owner.bootId === me.bootId) && isPidAlive(owner.pid)) {
        throw inUse(dir, owner.pid);
      }
      await fs.rm(file, { force: true });
    }
  }
  heldHere.add(dir);
  return {
    async release(): Promise<void> {
      if (!heldHere.delete(dir)) return;
      // Only remove a LOCK that is still ours (an operator may have deleted and reused the directory).
      if ((await readOwner(file))?.pid === me.pid) await fs.rm(file, { force: true });
    },
  };
}

/** The LOCK's pid and boot id (a LOCK written before boot ids were kept has only the pid). */
async function readOwner(file: string): Promise<{ pid: number; bootId: string } | undefined> {
  const [pidLine = '', bootId = ''] = (await fs.readFile(file, 'utf8').catch(() => '')).split('\n');
  const pid = Number.parseInt(pidLine.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? { pid, bootId: bootId.trim() } : undefined;
}

function inUse(dir: string, pid: number): AppError {
  return new AppError(
    'config_invalid',
    `DATA_DIR ${dir} is in use by process ${pid}; the embedded store serves one process only (set MONGODB_URI to run several instances)`,
  );
}
