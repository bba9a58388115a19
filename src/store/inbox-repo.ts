import type { Inbound } from '../core/message';
import type { InboxClaim, InboxPort, RecordSealer } from '../core/ports';
import { isAppError } from '../core/errors';
import type { Collection } from './collection';
import type { InboxRow } from './inbox.model';

/** Platforms retry for minutes, not days; a few days covers any redelivery and a restart in between. */
export const INBOX_KEEP_MS = 3 * 24 * 3600 * 1000;

/**
 * The inbox. While a delivery is handled its Inbound is kept for a takeover, sealed (RecordSealer, bound to
 * the row's key): the sender's id and words are never written in clear. A done row keeps only its key
 * (channel and the platform's message id) and times, enough to refuse a redelivery.
 */
export function createInboxRepo(rows: Collection<InboxRow>, sealer: Pick<RecordSealer, 'seal' | 'open'>): InboxPort {
  const toStored = (key: string, inbound: Inbound): Record<string, unknown> => ({ sealed: sealer.seal(JSON.stringify(inbound), key) });
  const fromStored = (key: string, raw: Record<string, unknown>): Inbound => {
    const plain = typeof raw.sealed === 'string' ? (JSON.parse(sealer.open(raw.sealed, key)) as Record<string, unknown>) : raw; // rows from before sealing
    const inbound = plain as unknown as Inbound;
    // Rows from before groups were 1:1 messages of the app.
    const chat = inbound.chat ?? { kind: 'single', id: inbound.userId };
    return { ...inbound, chat, mentioned: inbound.mentioned ?? true, sentAt: new Date(String(plain.sentAt)) };
  };
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
          inbound: toStored(key, inbound),
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
      try {
        return { key: row._id, inbound: fromStored(row._id, row.inbound) };
      } catch {
        // Sealed under another REPORT_SECRET: it can never be handled; do not take it over forever.
        await rows.updateOne({ _id: row._id }, { $set: { status: 'done' }, $unset: { inbound: true } });
        return null;
      }
    },
  };
}
