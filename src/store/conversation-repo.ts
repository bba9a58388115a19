import type { ConversationPort } from '../core/ports';
import { isAppError } from '../core/errors';
import type { Collection } from './collection';
import type { ConversationRow } from './conversation.model';

/** An idle draft is kept this long after it went idle, so that it can be resumed. */
export const DRAFT_KEEP_MS = 7 * 24 * 3600 * 1000;

export function createConversationRepo(rows: Collection<ConversationRow>): ConversationPort {
  return {
    async load(userKey) {
      const row = await rows.findOne({ _id: userKey });
      if (!row) return null;
      return {
        handlerId: row.handlerId,
        handlerVersion: row.handlerVersion,
        state: row.state,
        rev: row.rev,
        idleAt: row.idleAt,
        idleNoticeGiven: row.idleNoticeGiven === true,
      };
    },

    async save(userKey, expectedRev, next, now) {
      const fields = { ...next, idleNoticeGiven: next.idleNoticeGiven === true, updatedAt: now, expiresAt: new Date(next.idleAt.getTime() + DRAFT_KEEP_MS) };
      if (expectedRev === null) {
        try {
          await rows.insertOne({ _id: userKey, ...fields, rev: 1 });
          return true;
        } catch (e) {
          if (isAppError(e, 'duplicate_key')) return false;
          throw e;
        }
      }
      const { matched } = await rows.updateOne({ _id: userKey, rev: expectedRev }, { $set: fields, $inc: { rev: 1 } });
      return matched === 1;
    },

    async clear(userKey, expectedRev) {
      return (await rows.deleteMany({ _id: userKey, rev: expectedRev })) === 1;
    },
  };
}
