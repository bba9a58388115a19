import { isAppError } from '../core/errors';
import type { Collection } from './collection';
import type { LeaseHolder, LeaseRow } from './lease.model';

export interface LeaseRepo {
  /** Takes or renews `name` for `owner`; false when another owner holds it unexpired. */
  acquire(name: string, owner: string, now: Date, ttlMs: number, holder?: LeaseHolder): Promise<boolean>;
  /** The lease as stored, expired or not. */
  read(name: string): Promise<LeaseRow | null>;
  /** Takes `name` from `from` (known to be dead) for `owner`, only if `from` still holds it. */
  takeOver(name: string, from: string, owner: string, now: Date, ttlMs: number, holder?: LeaseHolder): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

export function createLeaseRepo(rows: Collection<LeaseRow>): LeaseRepo {
  const fields = (owner: string, now: Date, ttlMs: number, holder?: LeaseHolder) => ({
    owner,
    leaseUntil: new Date(now.getTime() + ttlMs),
    updatedAt: now,
    ...(holder ? { holder } : {}),
  });
  return {
    async acquire(name, owner, now, ttlMs, holder) {
      const set = fields(owner, now, ttlMs, holder);
      const taken = await rows.findOneAndUpdate({ _id: name, $or: [{ owner }, { leaseUntil: { $lt: now } }] }, { $set: set });
      if (taken) return true;
      try {
        await rows.insertOne({ _id: name, ...set });
        return true;
      } catch (e) {
        if (isAppError(e, 'duplicate_key')) return false;
        throw e;
      }
    },
    read: (name) => rows.findOne({ _id: name }),
    async takeOver(name, from, owner, now, ttlMs, holder) {
      return (await rows.findOneAndUpdate({ _id: name, owner: from }, { $set: fields(owner, now, ttlMs, holder) })) !== null;
    },
    async release(name, owner) {
      await rows.deleteMany({ _id: name, owner });
    },
  };
}
