import { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * An alert: a case whose report breaks published rules, put before the bureau that must act on it
 * (`orgId`), and how far it climbed. One per (case, handling bureau): a transfer closes the alert as
 * 'transferred' and opens the next one (`_id` = `<caseNumber>:<n>`, n from 1), so each bureau's deadlines and
 * escalations stay its own.
 *
 * `level` counts the levels above the handling bureau that have been told (0: only the bureau). The handling
 * bureau keeps the case when it escalates (`orgId` does not move): the bureaus above already have
 * jurisdiction over it and are told so that they press; `escalations[].toOrgId` says who was told.
 *
 * `announcePending` is set by every write that calls for a group message (creation, escalation) and cleared
 * once the messages are queued: a crash in between leaves it set, and the escalation job queues them again
 * (the queue's ids are per (alert, level, robot), so that never sends twice).
 *
 * No reporter data here: a row holds the case number, the rules and officials' ids only.
 */
export const ALERT_STATUSES = ['open', 'claimed', 'resolved', 'rejected', 'transferred'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** `overdue`: a rectification in progress passed its time limit (整改时限) unfinished. */
export const ESCALATION_REASONS = ['unclaimed', 'unresolved', 'reopened', 'overdue'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/** A rule the case breaks, as cited in the alert. */
export interface AlertRule {
  ruleId: string;
  /** "厅发〔2020〕3号 第15条". */
  clause: string;
  summary: string;
  confidence: number;
  /** The region's own document (cited as 依据) or another region's, for reference (参照). */
  binding: boolean;
  /** Why it matched: the words ("公众号+“投三票”→投票"), or, with `byCondition`, the facts that break it. */
  evidence?: string;
  byCondition?: boolean;
}

export interface AlertEscalation {
  at: Date;
  /** The level reached by this step. */
  level: number;
  /** The bureau told at this step (the top bureau again when there is nothing above it). */
  toOrgId: string;
  reason: EscalationReason;
}

/** The official who claimed the case (officials' ids may be kept; reporters' never). */
export interface AlertClaim {
  userKey: string;
  name: string;
  orgId: string;
}

export interface AlertRow {
  _id: string;
  caseNumber: string;
  /** The bureau that handles the case. */
  orgId: string;
  level: number;
  rules: AlertRule[];
  status: AlertStatus;
  claimedBy?: AlertClaim;
  /** Unset once claimed, closed, or when there is no higher bureau left to tell. */
  claimDeadline?: Date;
  resolveDeadline?: Date;
  escalations: AlertEscalation[];
  announcePending?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const ruleSchema = new Schema(
  {
    ruleId: { type: String, required: true },
    clause: { type: String, required: true },
    summary: { type: String, required: true },
    confidence: { type: Number, required: true, min: 0, max: 1 },
    binding: { type: Boolean, required: true },
    evidence: { type: String, maxlength: 2000 },
    byCondition: { type: Boolean },
  },
  { _id: false, versionKey: false },
);

const escalationSchema = new Schema(
  {
    at: { type: Date, required: true },
    level: { type: Number, required: true, min: 1 },
    toOrgId: { type: String, required: true },
    reason: { type: String, required: true, enum: ESCALATION_REASONS },
  },
  { _id: false, versionKey: false },
);

const claimSchema = new Schema(
  {
    userKey: { type: String, required: true },
    name: { type: String, required: true },
    orgId: { type: String, required: true },
  },
  { _id: false, versionKey: false },
);

const schema = new Schema(
  {
    _id: { type: String, required: true },
    caseNumber: { type: String, required: true },
    orgId: { type: String, required: true },
    level: { type: Number, required: true, min: 0 },
    rules: { type: [ruleSchema], default: [] },
    status: { type: String, required: true, enum: ALERT_STATUSES },
    claimedBy: { type: claimSchema },
    claimDeadline: { type: Date },
    resolveDeadline: { type: Date },
    escalations: { type: [escalationSchema], default: [] },
    announcePending: { type: Boolean },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ caseNumber: 1 });
// The escalation job's two sweeps and the announcement recovery.
schema.index({ status: 1, claimDeadline: 1 });
schema.index({ status: 1, resolveDeadline: 1 });
schema.index({ announcePending: 1 });

export const alertModel = defineModel<AlertRow>('alerts', schema);
