import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * "问题解决了吗？": asked of the reporter when a case is closed, answered in their next messages. The
 * question waits here, in the store, not in a conversation: the reporter may be in the middle of another
 * report, and any instance may get the answer. `_id` = the case number (one question per case at a time).
 * Nothing about the reporter is stored: their cases are found through ReportService.listMine (keyed hash).
 */
export const FEEDBACK_STATUSES = ['awaiting', 'solved', 'unsolved'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export interface CaseFeedbackRow {
  _id: string;
  status: FeedbackStatus;
  askedAt: Date;
  /** After this an answer no longer reopens the case. */
  until: Date;
  answeredAt?: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, enum: FEEDBACK_STATUSES },
    askedAt: { type: Date, required: true },
    until: { type: Date, required: true },
    answeredAt: { type: Date },
  },
  { versionKey: false },
);
schema.index({ status: 1, until: 1 });

export const caseFeedbackModel = defineModel<CaseFeedbackRow>('case_feedback', schema);
