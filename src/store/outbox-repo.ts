import type { AddressSealer, OutboxPort } from '../core/ports';
import { destinationKey, type Destination } from '../core/message';
import { isAppError } from '../core/errors';
import type { Collection, Filter } from './collection';
import type { OutboxRow } from './outbox.model';

export type OutboxStatus = OutboxRow['status'];

export interface OutboxStats {
  /** Rows per status. */
  counts: Record<OutboxStatus, number>;
  /** When the oldest row still waiting to be delivered was queued; null when none waits. */
  oldestWaitingSince: Date | null;
}

export interface OutboxRepo extends OutboxPort {
  /** Leases the oldest sendable row for `owner`, or null. */
  lease(owner: string, now: Date, leaseMs: number): Promise<OutboxRow | null>;
  markDelivered(id: string, owner: string, now: Date): Promise<void>;
  /** Back to pending at `availableAt` without counting an attempt: a rate-limit wait (nothing was sent). */
  postpone(id: string, owner: string, availableAt: Date): Promise<void>;
  /** A transient failure: back to pending at `availableAt`; `firstErrorAt` starts the retry window. */
  retryLater(id: string, owner: string, attempt: { availableAt: Date; error: string; firstErrorAt: Date }): Promise<void>;
  markFailed(id: string, owner: string, error: string, now: Date): Promise<void>;
  /** The destination answers again: its rows waiting out a backoff become sendable now (the rate limit still holds). */
  resumeDestination(destKey: string, now: Date): Promise<number>;
  /** Failed rows matching `which` (one row, or every row of one destination key) back to pending now; how many. */
  retryFailed(which: { id: string } | { destKey: string }, now: Date): Promise<number>;
  get(id: string): Promise<OutboxRow | null>;
  list(filter: { status?: OutboxStatus }, limit: number): Promise<OutboxRow[]>;
  stats(): Promise<OutboxStats>;
}

/** A delivered sealed address keeps nothing: no cipher, no person key. */
const FORGOTTEN: Destination = { kind: 'sealed', sealed: '', context: '', key: '' };

/**
 * The outbox in the store. Every user destination is sealed (AddressSealer) before it is written, whoever
 * queued it, so no row ever holds a person's id in clear; only the relay opens it, to send.
 */
export function createOutboxRepo(rows: Collection<OutboxRow>, sealer: Pick<AddressSealer, 'seal'>): OutboxRepo {
  /** A person, even as a reply handle's fallback, is written sealed. */
  const sealed = (d: Destination, id: string): Destination => {
    if (d.kind === 'user') return sealer.seal(d, id);
    if (d.kind === 'handle' && d.fallback?.kind === 'user') return { ...d, fallback: sealer.seal(d.fallback, `${id}:fallback`) };
    return d;
  };
  const mine = (id: string, owner: string) => ({ _id: id, leaseOwner: owner, status: 'pending' });
  const released = { leaseOwner: true, leaseUntil: true } as const;
  return {
    async enqueue(messages, now) {
      for (const m of messages) {
        const destination = sealed(m.destination, m.id);
        try {
          await rows.insertOne({
            _id: m.id,
            destination,
            destKey: destinationKey(destination),
            reply: m.reply,
            status: 'pending',
            attempts: 0,
            availableAt: m.notBefore ?? now,
            createdAt: now,
          });
        } catch (e) {
          // The same work done twice queues one message.
          if (!isAppError(e, 'duplicate_key')) throw e;
        }
      }
    },

    lease(owner, now, leaseMs) {
      return rows.findOneAndUpdate(
        {
          status: 'pending',
          availableAt: { $lte: now },
          $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lt: now } }],
        },
        { $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) } },
        { sort: { availableAt: 1, createdAt: 1 } },
      );
    },

    async markDelivered(id, owner, now) {
      // Delivered words are not kept: a reply may carry a receipt code or a case linked to the recipient.
      // Nor is a sealed address or a reply handle: once delivered, nothing is left to open or to post to.
      for (const kind of ['sealed', 'handle'] as const) {
        const done = await rows.updateOne(
          { ...mine(id, owner), 'destination.kind': kind },
          {
            $set: { status: 'delivered', deliveredAt: now, 'reply.text': '', destination: FORGOTTEN, destKey: destinationKey(FORGOTTEN) },
            $inc: { attempts: 1 },
            $unset: released,
          },
        );
        if (done.matched > 0) return;
      }
      await rows.updateOne(mine(id, owner), {
        $set: { status: 'delivered', deliveredAt: now, 'reply.text': '' },
        $inc: { attempts: 1 },
        $unset: released,
      });
    },

    async postpone(id, owner, availableAt) {
      await rows.updateOne(mine(id, owner), { $set: { availableAt }, $unset: released });
    },

    async retryLater(id, owner, attempt) {
      await rows.updateOne(mine(id, owner), {
        $set: { availableAt: attempt.availableAt, lastError: attempt.error, firstErrorAt: attempt.firstErrorAt },
        $inc: { attempts: 1 },
        $unset: released,
      });
    },

    async markFailed(id, owner, error, now) {
      await rows.updateOne(mine(id, owner), {
        $set: { status: 'failed', lastError: error, failedAt: now },
        $inc: { attempts: 1 },
        $unset: released,
      });
    },

    resumeDestination(destKey, now) {
      return rows.updateMany({ status: 'pending', destKey, firstErrorAt: { $exists: true }, availableAt: { $gt: now } }, { $set: { availableAt: now } });
    },

    retryFailed(which, now) {
      const filter: Filter = 'id' in which ? { _id: which.id, status: 'failed' } : { destKey: which.destKey, status: 'failed' };
      // The reason stays (lastError) until the next attempt replaces it; the retry window starts again.
      return rows.updateMany(filter, { $set: { status: 'pending', availableAt: now }, $unset: { failedAt: true, firstErrorAt: true } });
    },

    get: (id) => rows.findOne({ _id: id }),
    list: (filter, limit) => rows.find(filter, { sort: { createdAt: -1 }, limit }),

    async stats() {
      const [pending, delivered, failed] = await Promise.all((['pending', 'delivered', 'failed'] as const).map((status) => rows.count({ status })));
      const [oldest] = await rows.find({ status: 'pending' }, { sort: { createdAt: 1 }, limit: 1 });
      return { counts: { pending: pending!, delivered: delivered!, failed: failed! }, oldestWaitingSince: oldest?.createdAt ?? null };
    },
  };
}
