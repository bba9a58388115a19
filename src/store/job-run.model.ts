import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * The claim of one period of one scheduled job, `_id` = "<job>:<period>". Inserted once and never deleted
 * nor released: the unique `_id` is what makes a period run once ever, across instances and restarts.
 * A 'running' row carries a lease (`owner`, `leaseUntil`) renewed while its instance works; a lease that has
 * run out means the instance died, and another one may take the run over.
 */
export interface JobRunRow {
  _id: string;
  job: string;
  period: string;
  status: 'running' | 'done' | 'failed';
  /** The instance that runs (or last ran) it. */
  owner: string;
  /** Only while 'running'. */
  leaseUntil?: Date;
  /** The as-of time the period was claimed for (now, or an admin's ?at=). */
  at: Date;
  /** Run after its due time (catch-up at start, the sweep, or an admin run). */
  late: boolean;
  /** 1 for the first run; +1 for each take-over of a dead instance's run and each operator retry. */
  attempts: number;
  /** When the current attempt started. */
  startedAt: Date;
  finishedAt?: Date;
  summary?: string;
  counts?: Record<string, number>;
  error?: string;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    period: { type: String, required: true },
    status: { type: String, required: true, enum: ['running', 'done', 'failed'] },
    owner: { type: String, required: true },
    leaseUntil: { type: Date },
    at: { type: Date, required: true },
    late: { type: Boolean, required: true },
    attempts: { type: Number, required: true, min: 1 },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date },
    summary: { type: String },
    counts: { type: Schema.Types.Mixed },
    error: { type: String },
  },
  { versionKey: false },
);
schema.index({ job: 1, startedAt: -1 });

export const jobRunModel = defineModel<JobRunRow>('job_runs', schema);
