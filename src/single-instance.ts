import type pino from 'pino';
import { AppError } from './core/errors';
import type { LeaseRepo } from './store/lease-repo';
import { currentProcess, isDeadLocalHolder } from './store/engines/process-identity';

const LEASE = 'single-instance:memory-coord';
const TTL_MS = 30_000;

/**
 * With in-memory coordination, locks and rate limits are correct for one process only: this claims the store
 * for this process and renews the claim while it runs. A holder that died on this machine (kill -9, a crash)
 * is recognised by its host, boot id and pid and taken over at once, so a restart serves within seconds; a
 * live holder, or one elsewhere whose fate is unknown, keeps the store until its lease runs out.
 * Returns the release function.
 */
export async function claimSingleInstance(leases: LeaseRepo, instanceId: string, now: () => Date, logger: pino.Logger): Promise<() => Promise<void>> {
  const me = currentProcess();
  if (!(await leases.acquire(LEASE, instanceId, now(), TTL_MS, me))) {
    const row = await leases.read(LEASE);
    const dead = row?.holder !== undefined && isDeadLocalHolder(row.holder, row.owner === instanceId);
    if (!row || !dead || !(await leases.takeOver(LEASE, row.owner, instanceId, now(), TTL_MS, me))) {
      throw new AppError('config_invalid', 'another instance runs on this store with in-memory coordination; set REDIS_URL to run several');
    }
    logger.warn({ previous: row.owner }, 'the previous instance on this store died without stopping; taking over');
  }
  const renew = setInterval(() => {
    leases.acquire(LEASE, instanceId, now(), TTL_MS, me).catch((e) => logger.warn({ err: e }, 'lease renewal failed'));
  }, TTL_MS / 3);
  renew.unref();
  logger.info('in-memory coordination: this is the only instance allowed on this store (set REDIS_URL to run several)');
  return async () => {
    clearInterval(renew);
    await leases.release(LEASE, instanceId);
  };
}
