import { Schema } from 'mongoose';
import { defineModel } from './collection';
import type { Destination, Reply } from '../core/message';

/**
 * One outbound message. The relay leases pending rows (`leaseOwner` until `leaseUntil`; meanwhile `availableAt`
 * is the lease's end too, so a row is sendable exactly when its availableAt has come), sends, and marks them
 * delivered, or failed with the reason; transient failures go back to pending with a later `availableAt`
 * until OUTBOX_RETRY_HOURS after the first one (`firstErrorAt`). An admin may send a failed row again.
 * `_id` is chosen by the producer so that redoing the same work never queues the same message twice; it
 * never pairs a case with a person. A person's address is stored sealed (SealedDestination): never in clear,
 * and dropped with the text once delivered.
 */
export interface OutboxRow {
  _id: string;
  destination: Destination;
  /** Rate-limit and ordering key of the destination (see destinationKey). */
  destKey: string;
  reply: Reply;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  availableAt: Date;
  createdAt: Date;
  leaseOwner?: string;
  leaseUntil?: Date;
  deliveredAt?: Date;
  failedAt?: Date;
  lastError?: string;
  /** When the first failed attempt of the current run of failures was made (retries stop a while after). */
  firstErrorAt?: Date;
  /** A row to several people (UsersDestination): how many. */
  recipients?: number;
  /**
   * A batch delivered to all but some: how many were not, and why. Each of them is a row of its own,
   * `<this id>/<ref>`, failed with the platform's reason (or pending, when their rate window was full).
   */
  undelivered?: { count: number; reason: string };
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    destination: { type: Schema.Types.Mixed, required: true },
    destKey: { type: String, required: true },
    reply: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: Number, required: true, min: 0 },
    availableAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    leaseOwner: { type: String },
    leaseUntil: { type: Date },
    deliveredAt: { type: Date },
    failedAt: { type: Date },
    lastError: { type: String },
    firstErrorAt: { type: Date },
    recipients: { type: Number, min: 1 },
    undelivered: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
// The queue in the order it was filled, with when each row may go: the relay's lease reads it from the front
// (skipping rows not due yet on the index alone), and /metrics its oldest waiting row.
schema.index({ status: 1, createdAt: 1, availableAt: 1 });
schema.index({ status: 1, destKey: 1 }); // every failed row of one destination (admin retry)

export const outboxModel = defineModel<OutboxRow>('outbox', schema);
