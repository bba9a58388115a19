import { isAppError } from '../core/errors';
import type { Collection } from './collection';
import type { LeaseRow } from './lease.model';

export interface LeaseRepo {
  /** Takes or renews `name` for `owner`; false when another owner holds it unexpired. */
  acquire(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

export function createLeaseRepo(rows: Collection<LeaseRow>): LeaseRepo {
  return {
    async acquire(name, owner, now, ttlMs) {
      const leaseUntil = new Date(now.getTime() + ttlMs);
      const taken = await rows.findOneAndUpdate(
        { _id: name, $or: [{ owner }, { leaseUntil: { $lt: now } }] },
        { $set: { owner, leaseUntil, updatedAt: now } },
      );
      if (taken) return true;
      try {
        await rows.insertOne({ _id: name, owner, leaseUntil, updatedAt: now });
        return true;
      } catch (e) {
        if (isAppError(e, 'duplicate_key')) return false;
        throw e;
      }
    },
    async release(name, owner) {
      await rows.deleteMany({ _id: name, owner });
    },
  };
}
