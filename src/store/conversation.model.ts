import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * A user's conversation (`_id` = a keyed hash of channel + ":" + userId): which handler, its version, and its
 * plain-JSON state, stored sealed (`{ sealed }`, conversation-repo.ts).
 * `rev` increases on every save; saves compare it, so two instances never overwrite each other's step.
 */
export interface ConversationRow {
  _id: string;
  handlerId: string;
  handlerVersion: number;
  state: Record<string, unknown>;
  rev: number;
  updatedAt: Date;
  /** After this the draft is idle; the row itself is removed at `expiresAt` (TTL). */
  idleAt: Date;
  expiresAt: Date;
  idleNoticeGiven?: boolean;
  /** A command for another conversation, typed mid-flow (sealed: { text }): the person is asked whether to leave. */
  interrupt?: Record<string, unknown> | null;
  /** A draft set aside while another conversation runs. */
  parked?: { handlerId: string; handlerVersion: number; state: Record<string, unknown> } | null;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    handlerId: { type: String, required: true },
    handlerVersion: { type: Number, required: true },
    state: { type: Schema.Types.Mixed, required: true, default: {} },
    rev: { type: Number, required: true, min: 0 },
    updatedAt: { type: Date, required: true },
    idleAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    idleNoticeGiven: { type: Boolean },
    interrupt: { type: Schema.Types.Mixed },
    parked: { type: Schema.Types.Mixed },
  },
  { versionKey: false, minimize: false },
);
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const conversationModel = defineModel<ConversationRow>('conversations', schema);
