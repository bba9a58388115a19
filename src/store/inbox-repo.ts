import type { Inbound } from '../core/message';
import type { InboxClaim, InboxPort } from '../core/ports';
import { isAppError } from '../core/errors';
import type { Collection } from './collection';
import type { InboxRow } from './inbox.model';

/** Platforms retry for minutes, not days; a few days covers any redelivery and a restart in between. */
export const INBOX_KEEP_MS = 3 * 24 * 3600 * 1000;

function toStored(inbound: Inbound): Record<string, unknown> {
  return { ...inbound, sentAt: inbound.sentAt.toISOString() };
}

function fromStored(raw: Record<string, unknown>): Inbound {
  return { ...(raw as unknown as Inbound), sentAt: new Date(String(raw.sentAt)) };
}

export function createInboxRepo(rows: Collection<InboxRow>): InboxPort {
  return {
    async claim(key, inbound, now, leaseMs): Promise<InboxClaim> {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      try {
        await rows.insertOne({
          _id: key,
          status: 'processing',
          leaseUntil,
          receivedAt: now,
          expiresAt: new Date(now.getTime() + INBOX_KEEP_MS),
          inbound: toStored(inbound),
        });
        return 'claimed';
      } catch (e) {
        if (!isAppError(e, 'duplicate_key')) throw e;
      }
      // Seen before: take it over only if its handler died (lease ran out unfinished).
      const taken = await rows.findOneAndUpdate(
        { _id: key, status: 'processing', leaseUntil: { $lt: now } },
        { $set: { leaseUntil } },
      );
      return taken ? 'claimed' : 'duplicate';
    },

    async complete(key, now) {
      await rows.updateOne({ _id: key }, { $set: { status: 'done', leaseUntil: now }, $unset: { inbound: true } });
    },

    async abandon(key, now) {
      await rows.updateOne({ _id: key, status: 'processing' }, { $set: { leaseUntil: now } });
    },

    async takeExpired(now, leaseMs) {
      const row = await rows.findOneAndUpdate(
        { status: 'processing', leaseUntil: { $lt: now } },
        { $set: { leaseUntil: new Date(now.getTime() + leaseMs) } },
        { sort: { leaseUntil: 1 } },
      );
      if (!row) return null;
      if (!row.inbound) {
        await rows.updateOne({ _id: row._id }, { $set: { status: 'done' } });
        return null;
      }
      return { key: row._id, inbound: fromStored(row.inbound) };
    },
  };
}
