import { Schema } from 'mongoose';
import type { RobotDestination } from '../core/message';
import { defineModel } from './collection';

/**
 * One alert message waiting for a group robot: sent alone while the robot's minute allows, or folded with
 * the others into a digest when more wait than it allows (src/domain/alerts/alert-poster.ts).
 *
 * `_id` = `<alertId>:L<level>:<robotId>`: raising or escalating the same alert again queues nothing new.
 * Rows stay after sending (status 'sent') for that reason, until `expiresAt` (TTL).
 * `destination` holds the robot key, a secret, as the outbox does: never log a row.
 */
export const ALERT_POST_STATUSES = ['queued', 'planned', 'sent'] as const;
export type AlertPostStatus = (typeof ALERT_POST_STATUSES)[number];

export interface AlertPostRow {
  _id: string;
  /** A hash naming the robot without its key (robot-id.ts). */
  robotId: string;
  destination: RobotDestination;
  caseNumber: string;
  level: number;
  /** The whole alert, when it goes alone (title: for channels whose markdown has one). */
  title: string;
  markdown: string;
  /** Its place in a digest: the heading it goes under, and its item there (compose-alert.ts). */
  digestHeading: string;
  digestItem: string;
  /**
   * queued → planned (assigned to the outbox message `messageId`, before that message is queued) → sent.
   * A 'planned' row found later means a flush died in between: it is queued again under the same id.
   */
  status: AlertPostStatus;
  messageId?: string;
  createdAt: Date;
  sentAt?: Date;
  expiresAt?: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    robotId: { type: String, required: true },
    destination: { type: Schema.Types.Mixed, required: true },
    caseNumber: { type: String, required: true },
    level: { type: Number, required: true, min: 0 },
    title: { type: String, required: true },
    markdown: { type: String, required: true },
    digestHeading: { type: String, required: true },
    digestItem: { type: String, required: true },
    status: { type: String, required: true, enum: ALERT_POST_STATUSES },
    messageId: { type: String },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date },
    expiresAt: { type: Date },
  },
  { versionKey: false },
);
schema.index({ status: 1, robotId: 1, createdAt: 1 });
schema.index({ messageId: 1 });
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const alertPostModel = defineModel<AlertPostRow>('alert_posts', schema);
