import { Schema } from 'mongoose';
import { PLATFORM_IDS, type PlatformId } from '../core/channels';
import { defineModel } from './collection';

/**
 * A report a teacher filed through the guided chat: a burden (one row of the 摸排清单, 新教领秘〔2024〕2号 附件2)
 * or a complaint, and how the bureau followed it.
 *
 * PRIVACY. An anonymous report stores NO plain identifier of the account that filed it: no `reporter`, only
 * keyed hashes (`reporterHash`, `receiptHash`, `draftKey`) and the encrypted notification address
 * (`notifyCipher`), which only the outbox relay opens, at the moment of sending. Render rows
 * with report-view.ts (which whitelists fields); never log, export or show a raw row.
 *
 * Field lengths in the schema are UTF-16 backstops; the service enforces the limits people see (graphemes).
 */

/**
 * The 8 problem categories of 新教领秘〔2024〕2号 附件2, in document order: the one list of the product (the
 * rules' CATEGORY_CODES re-exports it). Their names live in templates/rules/categories.yaml.
 */
export const REPORT_CATEGORY_CODES = [
  'inspection',
  'campus_affairs',
  'documents_meetings',
  'forms',
  'secondment',
  'campus_duty',
  'city_community',
  'other',
] as const;
export type ReportCategory = (typeof REPORT_CATEGORY_CODES)[number];

export const REPORT_KINDS = ['burden', 'complaint'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_STATUSES = ['submitted', 'routed', 'claimed', 'resolved', 'rejected', 'reopened'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const APPROVAL_ANSWERS = ['yes', 'no', 'unknown'] as const;
/** 是否经审批或列入白名单: yes / no / the teacher does not know. */
export type ApprovalAnswer = (typeof APPROVAL_ANSWERS)[number];

export const ACTOR_KINDS = ['reporter', 'official', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who filed a NON-anonymous report. Absent on anonymous reports. */
export interface ReporterRef {
  channel: PlatformId;
  userId: string;
  /** The name the directory (or the channel) gave, when known. */
  name?: string;
}

/**
 * Who made a history entry. For an anonymous report a reporter entry is exactly `{ kind: 'reporter' }`.
 * `name` is a person's name (officials; the reporter of a named report), never shown to reporters.
 * `orgName` is a snapshot of the org's name when the entry was written (what reporters see).
 */
export interface HistoryActor {
  kind: ActorKind;
  name?: string;
  orgId?: string;
  orgName?: string;
}

export interface HistoryEntry {
  at: Date;
  status: ReportStatus;
  actor: HistoryActor;
  /** Internal note (officials see it; reporters only see notes that reporters wrote). */
  note?: string;
}

/**
 * A rule the matcher found broken by the report (filled by the rules/alerts issue): the fields of RuleMatch
 * (src/domain/rules/rule.ts) plus when it was matched.
 */
export interface MatchedRule {
  ruleId: string;
  catalogId: string;
  document: string;
  item: string;
  clause: string;
  summary: string;
  category: ReportCategory;
  confidence: number;
  evidence: string;
  excerpt?: string;
  condition?: { name: string; facts: Record<string, string | number> };
  matchedAt: Date;
}

/** What the report says (the columns of the 摸排清单 plus where and how it was filed): drafts, rows and views share it. */
export type ReportContentKey =
  | 'kind' | 'category' | 'itemName' | 'organisingUnit' | 'happenedOn' | 'happenedUntil' | 'happenedPrecision' | 'planned' | 'place' | 'scope' | 'content' | 'form'
  | 'approved' | 'evidence' | 'schoolId' | 'schoolName' | 'areaOnly' | 'areaName' | 'region' | 'anonymous' | 'contactAllowed' | 'origin';

/**
 * Where a report came from when not from a teacher's chat: an observation point's monthly table (宁教办函〔2023〕95号
 * 附件2), one report per item that breaks a rule, filed in the liaison's name. Its `approved` is then what the
 * school declared (on the plan / whitelist), which the matcher trusts when no list is imported.
 */
export interface ReportOrigin {
  kind: 'monitoring';
  /** The monthly answer's `_id` (`<pointId>:<period>`). */
  answerId: string;
  period: string;
}

export interface ReportRow {
  /** = caseNumber: the natural key, unique in both engines. */
  _id: string;
  /** Public case number `NX-2026-000123` (formatCaseNumber): region, year in Asia/Shanghai, sequence. */
  caseNumber: string;
  /** HMAC of reporter + the conversation's draft id (unique): submitting the same draft twice gives one case. */
  draftKey: string;
  kind: ReportKind;
  /** One of the 8 categories (问题类别); required for burdens, optional for complaints. */
  category?: ReportCategory;
  /** 事项名称. */
  itemName?: string;
  /** 牵头实施单位; for complaints: the unit complained about. */
  organisingUnit?: string;
  /** 开展时间, 'YYYY-MM-DD' (for secondments: when it began; for a month, its first day). */
  happenedOn?: string;
  /** The last day, when it went on over a range of days. */
  happenedUntil?: string;
  /** 'month' when only the month is known (a secondment's start). */
  happenedPrecision?: 'day' | 'month';
  /** Announced for a later day, not yet happened. */
  planned?: boolean;
  /** 开展地点. */
  place?: string;
  /** 实施范围. */
  scope?: string;
  /** 活动主要内容: at most 100 graphemes for burdens (附件2), 2000 for a complaint's "what happened". */
  content: string;
  /** 开展形式. */
  form?: string;
  /** 是否经审批或列入白名单. */
  approved?: ApprovalAnswer;
  /** Media ids (media.model.ts) of the evidence, in the order sent. */
  evidence: string[];
  /** Org id of the school in the directory, when known. */
  schoolId?: string;
  /** The school as the teacher typed it, when not (or not certainly) in the directory. */
  schoolName?: string;
  /**
   * Anonymous reports only: the reporter shows the bureau only the county (县区; the city for a 市直属 school)
   * instead of the school, which at a small school would name them. Every view then leaves the school out.
   * `schoolId` stays in the row for routing and jurisdiction.
   */
  areaOnly?: boolean;
  /** With areaOnly: the county's name as shown (a snapshot); absent when the school is not in the directory. */
  areaName?: string;
  /** Upper-case region code of the case number ("NX"). */
  region: string;
  anonymous: boolean;
  /** Complaints: whether the bureau may contact the reporter (for anonymous ones: only through the bot). */
  contactAllowed?: boolean;
  /** Absent for teachers' reports. */
  origin?: ReportOrigin;
  /** Named reports only; ABSENT for anonymous ones. */
  reporter?: ReporterRef;
  /** ALWAYS: hex HMAC-SHA256 of channel + userId (reporterHash()); lists "my cases". Never shown to officials. */
  reporterHash: string;
  /** Anonymous reports: hex HMAC of the canonical receipt code (receiptHash()); the code itself is never stored. */
  receiptHash?: string;
  /** Anonymous reports: AES-256-GCM of `channel:userId` (notify-cipher.ts); only the outbox relay opens it, to send. */
  notifyCipher?: string;
  status: ReportStatus;
  /** Append-only, oldest first. */
  history: HistoryEntry[];
  /** The bureau's latest answer, shown to the reporter. */
  response?: string;
  /** Org id of the bureau the case is routed to. */
  routedTo?: string;
  /**
   * Set when routed: the bureaus the case accuses (its organising or accused unit is the bureau or one of its
   * offices). They never handle it, never see it and are never told of it.
   */
  recusedOrgIds?: string[];
  matchedRules?: MatchedRule[];
  createdAt: Date;
  updatedAt: Date;
}

/** UTF-16 backstop for short fields (the service allows 100 graphemes; an emoji can take up to ~11 units). */
const SHORT = 1000;
/** UTF-16 backstop for content: 2000 graphemes of a complaint, mostly CJK (1 unit) with some emoji. */
const LONG = 8000;
const HEX64 = /^[0-9a-f]{64}$/;

const reporterSchema = new Schema(
  {
    channel: { type: String, required: true, enum: [...PLATFORM_IDS] },
    userId: { type: String, required: true },
    name: { type: String, maxlength: SHORT },
  },
  { _id: false, versionKey: false },
);

const actorSchema = new Schema(
  {
    kind: { type: String, required: true, enum: ACTOR_KINDS },
    name: { type: String, maxlength: SHORT },
    orgId: { type: String },
    orgName: { type: String, maxlength: SHORT },
  },
  { _id: false, versionKey: false },
);

const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    status: { type: String, required: true, enum: REPORT_STATUSES },
    actor: { type: actorSchema, required: true },
    note: { type: String, maxlength: LONG },
  },
  { _id: false, versionKey: false },
);

const matchedRuleSchema = new Schema(
  {
    ruleId: { type: String, required: true },
    catalogId: { type: String, required: true },
    document: { type: String, required: true },
    item: { type: String, required: true },
    clause: { type: String, required: true },
    summary: { type: String, required: true },
    category: { type: String, required: true, enum: REPORT_CATEGORY_CODES },
    confidence: { type: Number, required: true, min: 0, max: 1 },
    evidence: { type: String, required: true },
    excerpt: { type: String },
    condition: { type: Schema.Types.Mixed },
    matchedAt: { type: Date, required: true },
  },
  { _id: false, versionKey: false },
);

const originSchema = new Schema(
  {
    kind: { type: String, required: true, enum: ['monitoring'] },
    answerId: { type: String, required: true, maxlength: SHORT },
    period: { type: String, required: true, match: /^\d{4}(-\d{2})?$/ },
  },
  { _id: false, versionKey: false },
);

const schema = new Schema(
  {
    _id: { type: String, required: true },
    caseNumber: { type: String, required: true, match: /^[A-Z]{2,8}-\d{4}-\d{6,12}$/ },
    draftKey: { type: String, required: true, match: HEX64 },
    kind: { type: String, required: true, enum: REPORT_KINDS },
    category: { type: String, enum: REPORT_CATEGORY_CODES },
    itemName: { type: String, maxlength: SHORT },
    organisingUnit: { type: String, maxlength: SHORT },
    happenedOn: { type: String, match: /^\d{4}-\d{2}-\d{2}$/ },
    happenedUntil: { type: String, match: /^\d{4}-\d{2}-\d{2}$/ },
    happenedPrecision: { type: String, enum: ['day', 'month'] },
    planned: { type: Boolean },
    place: { type: String, maxlength: SHORT },
    scope: { type: String, maxlength: SHORT },
    content: { type: String, required: true, maxlength: LONG },
    form: { type: String, maxlength: SHORT },
    approved: { type: String, enum: APPROVAL_ANSWERS },
    evidence: { type: [String], default: [] },
    schoolId: { type: String },
    schoolName: { type: String, maxlength: SHORT },
    areaOnly: { type: Boolean },
    areaName: { type: String, maxlength: SHORT },
    region: { type: String, required: true, match: /^[A-Z]{2,8}$/ },
    anonymous: { type: Boolean, required: true },
    contactAllowed: { type: Boolean },
    origin: { type: originSchema },
    reporter: { type: reporterSchema },
    reporterHash: { type: String, required: true, match: HEX64 },
    receiptHash: { type: String, match: HEX64 },
    notifyCipher: { type: String },
    status: { type: String, required: true, enum: REPORT_STATUSES },
    history: { type: [historySchema], default: [] },
    response: { type: String, maxlength: LONG },
    routedTo: { type: String },
    recusedOrgIds: { type: [String], default: undefined },
    matchedRules: { type: [matchedRuleSchema], default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// One case per draft, whichever engine (the service also looks it up first).
schema.index({ draftKey: 1 }, { unique: true });
// "My cases", newest first.
schema.index({ reporterHash: 1, createdAt: -1 });
// Unique among the reports that have one. Sparse unique is mirrored by the embedded engine (SQLite's unique
// index lets NULL repeat, and a missing field is NULL there, as MongoDB's sparse index skips documents WITHOUT
// the field; neither engine ever sees `receiptHash: null`). Named reports have no receiptHash.
schema.index({ receiptHash: 1 }, { unique: true, sparse: true });
schema.index({ status: 1 });
// 待办: a bureau's open cases, oldest first, and their count, read from the index alone.
schema.index({ routedTo: 1, status: 1, createdAt: 1, _id: 1 });
// 待办 leaves out the cases that accuse the official's own bureau ($nin): the embedded engine answers that from
// this index in SQL, counts included.
schema.index({ recusedOrgIds: 1 });

export const reportModel = defineModel<ReportRow>('reports', schema);
