import { Schema } from 'mongoose';
import { defineModel } from './collection';

/** One row per delivered message (`_id` = channel + ":" + dedupe key). Kept a few days (TTL on `expiresAt`). */
export interface InboxRow {
  _id: string;
  status: 'processing' | 'done';
  /** While processing: after this time another copy may take the message over (the first one died). */
  leaseUntil: Date;
  receivedAt: Date;
  expiresAt: Date;
  /** The message itself while it is unfinished (for takeover), sealed (`{ sealed }`); removed when done. */
  inbound?: Record<string, unknown>;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, enum: ['processing', 'done'] },
    leaseUntil: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    inbound: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
schema.index({ status: 1, leaseUntil: 1 });

export const inboxModel = defineModel<InboxRow>('inbox', schema);
