import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who a process is, well enough to tell a dead holder of a lock from a live one on the same machine: a pid is
 * only meaningful together with the host and the kernel's boot id (a pid of an earlier boot, or of another
 * host, says nothing about a process here).
 */
export interface ProcessIdentity {
  host: string;
  /** The kernel's boot id (Linux); empty where the platform has none. */
  bootId: string;
  pid: number;
}

let bootIdCache: string | undefined;

function bootId(): string {
  if (bootIdCache === undefined) {
    try {
      bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootIdCache = '';
    }
  }
  return bootIdCache;
}

export function currentProcess(): ProcessIdentity {
  return { host: hostname(), bootId: bootId(), pid: process.pid };
}

/** A process that still exists (EPERM: it exists but belongs to another user). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True only when `holder` certainly no longer runs: it ran on this host in this boot and its pid is gone, or
 * is this very process's pid (a restarted container gets the same pid) while the holder is not this process.
 * Anything else (another host, an unknown boot) may be alive and is left to its lease.
 */
export function isDeadLocalHolder(holder: ProcessIdentity, isThisProcess: boolean): boolean {
  const me = currentProcess();
  if (holder.host !== me.host || !me.bootId || holder.bootId !== me.bootId) return false;
  if (holder.pid === me.pid) return !isThisProcess;
  return !isPidAlive(holder.pid);
}
