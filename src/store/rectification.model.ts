import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * How a case's problem was rectified (新教领秘〔2024〕2号 附件3, 专项整治问题整改清单): the measures taken
 * (整改措施), their state (完成情况: done, or in progress until a time limit 整改时限), and the handling
 * official's opinion on the item for the 摸排清单 (附件2, 意见建议: 清理/保留/优化). `_id` = the case number: one
 * rectification per case, rewritten each time the case is closed (办结).
 *
 * A case in progress is followed by the `rectification` job: its handling bureau's groups are reminded at
 * `remindAt` (before the time limit) and the case escalates at `overdueAt` (the first working morning after it);
 * `remindedAt` / `escalatedAt` record that it was done, so that a run repeated does nothing twice.
 *
 * No reporter data here: the case number, the bureau and the official's name only.
 */
export const RECTIFICATION_STATES = ['done', 'in_progress'] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];

/** 意见建议 of 附件2, in the document's order. */
export const OPINIONS = ['clear', 'keep', 'optimise'] as const;
export type Opinion = (typeof OPINIONS)[number];

export interface RectificationRow {
  _id: string;
  /** The bureau that handles the case (its groups are reminded). */
  orgId: string;
  measures: string;
  state: RectificationState;
  /** 整改时限, 'YYYY-MM-DD' in the calendar's zone: set when the case was left in progress. */
  deadline?: string;
  remindAt?: Date;
  overdueAt?: Date;
  remindedAt?: Date;
  escalatedAt?: Date;
  opinion?: Opinion;
  /** The official who recorded it last (officials' names may be kept; reporters' never). */
  recordedBy: { name: string; orgId: string };
  /** When the state became 'done'. */
  completedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    measures: { type: String, required: true, maxlength: 2000 },
    state: { type: String, required: true, enum: RECTIFICATION_STATES },
    deadline: { type: String, match: /^\d{4}-\d{2}-\d{2}$/ },
    remindAt: { type: Date },
    overdueAt: { type: Date },
    remindedAt: { type: Date },
    escalatedAt: { type: Date },
    opinion: { type: String, enum: OPINIONS },
    recordedBy: {
      type: new Schema({ name: { type: String, required: true }, orgId: { type: String, required: true } }, { _id: false, versionKey: false }),
      required: true,
    },
    completedAt: { type: Date },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// The job's two sweeps.
schema.index({ state: 1, remindAt: 1 });
schema.index({ state: 1, overdueAt: 1 });

export const rectificationModel = defineModel<RectificationRow>('rectifications', schema);
