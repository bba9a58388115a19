import type { AddressSealer, OutboxPort } from '../core/ports';
import { destinationKey, type Destination, type UserDestination } from '../core/message';
import type { Collection, Filter } from './collection';
import type { OutboxRow } from './outbox.model';

export type OutboxStatus = OutboxRow['status'];

export interface OutboxStats {
  /** Rows per status. */
  counts: Record<OutboxStatus, number>;
  /** When the oldest row still waiting to be delivered was queued; null when none waits. */
  oldestWaitingSince: Date | null;
}

/** Members of a batch row that did not get it: each becomes a row of its own, `<batch id>/<ref>`. */
export interface BatchRemainder {
  /** The platform did not deliver to them (WeCom invaliduser): failed at once, with the reason. */
  failed: Array<{ to: UserDestination; ref: string; reason: string }>;
  /** Their rate window was full: sent on their own from `availableAt`. */
  later: Array<{ to: UserDestination; ref: string; availableAt: Date }>;
}

/** The row a relay sent, as it leased it: its id, and its destination (whose kind never changes). */
export type Sent = Pick<OutboxRow, '_id' | 'destination'>;

export interface OutboxRepo extends OutboxPort {
  /**
   * Leases for `owner` up to `max` of the oldest sendable rows, oldest first, at most one per destination key
   * and none of a key in `busy` (being sent); [] when none. The leases are written together (one commit).
   * A lease moves the row's `availableAt` to the lease's end (so it is sendable again only once the lease ran
   * out); each row comes back with the `availableAt` it had, where postpone puts it back if it is not sent.
   */
  lease(owner: string, now: Date, leaseMs: number, busy: readonly string[], max: number): Promise<OutboxRow[]>;
  markDelivered(row: Sent, owner: string, now: Date): Promise<void>;
  /**
   * A batch row sent to all its members but `rest`: their rows are queued first (sealed, ids from the batch's
   * id and their ref, so that doing this again after a crash queues nothing twice), then the batch is
   * delivered with the count and reason of those not delivered to.
   */
  settleBatch(row: Sent, owner: string, now: Date, reply: OutboxRow['reply'], rest: BatchRemainder): Promise<void>;
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
export function createOutboxRepo(rows: Collection<OutboxRow>, sealer: Pick<AddressSealer, 'seal' | 'sealUsers'>): OutboxRepo {
  /** A person, even as a reply handle's fallback, is written sealed. */
  const sealed = (d: Destination, id: string): Destination => {
    if (d.kind === 'user') return sealer.seal(d, id);
    if (d.kind === 'users') return sealer.sealUsers(d, id);
    if (d.kind === 'handle' && d.fallback?.kind === 'user') return { ...d, fallback: sealer.seal(d.fallback, `${id}:fallback`) };
    return d;
  };
  const mine = (id: string, owner: string) => ({ _id: id, leaseOwner: owner, status: 'pending' });
  const released = { leaseOwner: true, leaseUntil: true } as const;

  /** Personal destinations (a sealed address, a batch, a reply handle) are forgotten once delivered. */
  const PERSONAL: ReadonlySet<Destination['kind']> = new Set(['sealed', 'sealed-users', 'handle']);

  async function delivered(row: Sent, owner: string, now: Date, extra: Partial<OutboxRow>): Promise<void> {
    // Delivered words are not kept: a reply may carry a receipt code or a case linked to the recipient.
    // Nor is a sealed address or a reply handle: once delivered, nothing is left to open or to post to.
    const forget = PERSONAL.has(row.destination.kind) ? { destination: FORGOTTEN, destKey: destinationKey(FORGOTTEN) } : {};
    await rows.updateOne(mine(row._id, owner), {
      $set: { ...extra, status: 'delivered', deliveredAt: now, 'reply.text': '', ...forget },
      $inc: { attempts: 1 },
      $unset: released,
    });
  }
  return {
    async enqueue(messages, now) {
      // One bulk write; the same work done twice queues one message (a taken id is skipped).
      await rows.insertMany(
        messages.map((m) => {
          const destination = sealed(m.destination, m.id);
          const recipients = m.destination.kind === 'users' ? { recipients: m.destination.userIds.length } : {};
          return { _id: m.id, destination, destKey: destinationKey(destination), reply: m.reply, status: 'pending', attempts: 0, availableAt: m.notBefore ?? now, createdAt: now, ...recipients };
        }),
      );
    },

    async lease(owner, now, leaseMs, busy, max) {
      // Never leased, or its lease ran out: either way its availableAt has come (a range SQL answers alone).
      const sendable = { status: 'pending', availableAt: { $lte: now } };
      const candidates = await rows.find(
        { ...sendable, ...(busy.length > 0 ? { destKey: { $nin: [...busy] } } : {}) },
        // In the order they were queued (a row whose lease ran out keeps its place in its chat's line). Busy
        // chats are left out above; twice `max` leaves room for a chat's rows queued together.
        { sort: { createdAt: 1 }, limit: max * 2 },
      );
      const picked: OutboxRow[] = [];
      const keys = new Set<string>();
      for (const row of candidates) {
        if (picked.length === max) break;
        if (keys.has(row.destKey)) continue;
        keys.add(row.destKey);
        picked.push(row);
      }
      // Each lease is a compare-and-set: of two instances picking the same row, one gets it.
      const until = new Date(now.getTime() + leaseMs);
      const leased = await Promise.all(
        picked.map((row) => rows.findOneAndUpdate({ _id: row._id, ...sendable }, { $set: { leaseOwner: owner, leaseUntil: until, availableAt: until } })),
      );
      return leased.flatMap((row, i) => (row ? [{ ...row, availableAt: picked[i]!.availableAt }] : []));
    },

    markDelivered: (row, owner, now) => delivered(row, owner, now, {}),

    async settleBatch(sent, owner, now, reply, rest) {
      const id = sent._id;
      const row = (ref: string, to: UserDestination, fields: Partial<OutboxRow>): OutboxRow => {
        const childId = `${id}/${ref}`;
        const destination = sealer.seal(to, childId);
        return { _id: childId, destination, destKey: destinationKey(destination), reply, status: 'pending', attempts: 0, availableAt: now, createdAt: now, ...fields };
      };
      const children = [
        ...rest.failed.map((m) => row(m.ref, m.to, { status: 'failed', attempts: 1, failedAt: now, lastError: m.reason })),
        ...rest.later.map((m) => row(m.ref, m.to, { availableAt: m.availableAt })),
      ];
      if (children.length > 0) await rows.insertMany(children);
      const reasons = [...new Set([...rest.failed.map((m) => m.reason), ...(rest.later.length > 0 ? ['held back (a rate window full, or the platform\'s flow control): sent on their own later'] : [])])];
      const undelivered = children.length > 0 ? { undelivered: { count: children.length, reason: reasons.join('; ') } } : {};
      await delivered(sent, owner, now, undelivered);
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
      // Not a row under lease (its availableAt is its lease's end): another instance is sending it.
      return rows.updateMany({ status: 'pending', destKey, firstErrorAt: { $exists: true }, availableAt: { $gt: now }, leaseOwner: { $exists: false } }, { $set: { availableAt: now } });
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
