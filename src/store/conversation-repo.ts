import type { ConversationPort, RecordSealer } from '../core/ports';
import type { JsonState } from '../core/handler';
import { isAppError } from '../core/errors';
import type { Collection } from './collection';
import type { ConversationRow } from './conversation.model';

/** An idle draft is kept this long after it went idle, so that it can be resumed. */
export const DRAFT_KEEP_MS = 7 * 24 * 3600 * 1000;

/**
 * Conversations in the store, keyed by a keyed hash of the user key, their state sealed (RecordSealer): a
 * draft, an anonymous complaint's included, names nobody on disk and says nothing without the secret.
 */
export function createConversationRepo(rows: Collection<ConversationRow>, sealer: RecordSealer): ConversationPort {
  const seal = (id: string, state: JsonState): ConversationRow['state'] => ({ sealed: sealer.seal(JSON.stringify(state), id) });
  const open = (id: string, stored: ConversationRow['state']): JsonState =>
    typeof stored['sealed'] === 'string' ? (JSON.parse(sealer.open(stored['sealed'], id)) as JsonState) : (stored as JsonState);
  return {
    async load(userKey) {
      const id = sealer.key(userKey);
      const row = await rows.findOne({ _id: id });
      if (!row) return null;
      return {
        handlerId: row.handlerId,
        handlerVersion: row.handlerVersion,
        state: open(id, row.state),
        rev: row.rev,
        idleAt: row.idleAt,
        idleNoticeGiven: row.idleNoticeGiven === true,
        ...(row.interrupt ? { interrupt: open(id, row.interrupt) as { text: string } } : {}),
        ...(row.parked ? { parked: { ...row.parked, state: open(id, row.parked.state) } } : {}),
      };
    },

    async save(userKey, expectedRev, next, now) {
      const id = sealer.key(userKey);
      const fields = {
        ...next,
        state: seal(id, next.state),
        idleNoticeGiven: next.idleNoticeGiven === true,
        // Sealed like the state (a parked draft is a draft; an interrupting command may carry a receipt code),
        // and written as null when absent, so that a save clears what the previous one set.
        interrupt: next.interrupt ? seal(id, next.interrupt) : null,
        parked: next.parked ? { ...next.parked, state: seal(id, next.parked.state) } : null,
        updatedAt: now,
        expiresAt: new Date(next.idleAt.getTime() + DRAFT_KEEP_MS),
      };
      if (expectedRev === null) {
        try {
          await rows.insertOne({ _id: id, ...fields, rev: 1 });
          return true;
        } catch (e) {
          if (isAppError(e, 'duplicate_key')) return false;
          throw e;
        }
      }
      const { matched } = await rows.updateOne({ _id: id, rev: expectedRev }, { $set: fields, $inc: { rev: 1 } });
      return matched === 1;
    },

    async clear(userKey, expectedRev) {
      return (await rows.deleteMany({ _id: sealer.key(userKey), rev: expectedRev })) === 1;
    },
  };
}
