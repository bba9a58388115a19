import type { OutboxPort } from '../core/ports';
import { destinationKey } from '../core/message';
import { isAppError } from '../core/errors';
import type { Collection } from './collection';
import type { OutboxRow } from './outbox.model';

export interface OutboxRepo extends OutboxPort {
  /** Leases the oldest sendable row for `owner`, or null. */
  lease(owner: string, now: Date, leaseMs: number): Promise<OutboxRow | null>;
  markDelivered(id: string, owner: string, now: Date): Promise<void>;
  /** Back to pending at `availableAt`; `countAttempt` false for a rate-limit wait (no send was tried). */
  retryLater(id: string, owner: string, availableAt: Date, error: string | undefined, countAttempt: boolean): Promise<void>;
  markFailed(id: string, owner: string, error: string, now: Date): Promise<void>;
  get(id: string): Promise<OutboxRow | null>;
  list(filter: { status?: OutboxRow['status'] }, limit: number): Promise<OutboxRow[]>;
}

export function createOutboxRepo(rows: Collection<OutboxRow>): OutboxRepo {
  const mine = (id: string, owner: string) => ({ _id: id, leaseOwner: owner, status: 'pending' });
  return {
    async enqueue(messages, now) {
      for (const m of messages) {
        try {
          await rows.insertOne({
            _id: m.id,
            destination: m.destination,
            destKey: destinationKey(m.destination),
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
      await rows.updateOne(mine(id, owner), {
        $set: { status: 'delivered', deliveredAt: now, 'reply.text': '' },
        $inc: { attempts: 1 },
        $unset: { leaseOwner: true, leaseUntil: true },
      });
    },

    async retryLater(id, owner, availableAt, error, countAttempt) {
      await rows.updateOne(mine(id, owner), {
        $set: { availableAt, ...(error === undefined ? {} : { lastError: error }) },
        $inc: { attempts: countAttempt ? 1 : 0 },
        $unset: { leaseOwner: true, leaseUntil: true },
      });
    },

    async markFailed(id, owner, error, now) {
      await rows.updateOne(mine(id, owner), {
        $set: { status: 'failed', lastError: error, failedAt: now },
        $inc: { attempts: 1 },
        $unset: { leaseOwner: true, leaseUntil: true },
      });
    },

    get: (id) => rows.findOne({ _id: id }),
    list: (filter, limit) => rows.find(filter, { sort: { createdAt: -1 }, limit }),
  };
}
