import type {
  ActorKind,
  HistoryEntry,
  MatchedRule,
  ReportCategory,
  ReportKind,
  ReportContentKey,
  ReportRow,
  ReportStatus,
} from '../../store/report.model';

/**
 * The views of a report, as plain JSON-safe objects. Every view is built by WHITELISTING fields, so a field
 * added to ReportRow later shows up nowhere until a view names it. No view ever contains `reporterHash`,
 * `receiptHash`, `draftKey` or `notifyCipher` (a hash shown to officials would let them link the anonymous
 * reports of one account), and an anonymous report's views contain no reporter at all.
 */

/** One line of "my cases". */
export interface ReportSummary {
  caseNumber: string;
  kind: ReportKind;
  category?: ReportCategory;
  itemName?: string;
  status: ReportStatus;
  anonymous: boolean;
  createdAt: Date;
}

/** A history entry as the reporter sees it: who only as a kind and an org name; notes only their own. */
export interface ReporterHistoryEntry {
  at: Date;
  status: ReportStatus;
  actor: { kind: ActorKind; orgName?: string };
  note?: string;
}

/** What the reporter sees of their case (by receipt code or as its reporter). */
export interface ReportView {
  caseNumber: string;
  kind: ReportKind;
  category?: ReportCategory;
  itemName?: string;
  status: ReportStatus;
  anonymous: boolean;
  createdAt: Date;
  updatedAt: Date;
  history: ReporterHistoryEntry[];
  /** The bureau's latest answer. */
  response?: string;
}

export interface OfficialHistoryEntry {
  at: Date;
  status: ReportStatus;
  actor: { kind: ActorKind; name?: string; orgId?: string; orgName?: string };
  note?: string;
}

/**
 * What officials (alerts, case handling, exports) see. No `reporter` key at all when the report is anonymous;
 * no `schoolId` or `schoolName` when the reporter shows only the county (`areaOnly`, `areaName`).
 */
export interface OfficialReportView extends Pick<ReportRow, ReportContentKey> {
  caseNumber: string;
  /** Named reports only. */
  reporter?: { channel: string; userId: string; name?: string };
  status: ReportStatus;
  history: OfficialHistoryEntry[];
  response?: string;
  routedTo?: string;
  matchedRules?: MatchedRule[];
  createdAt: Date;
  updatedAt: Date;
}

/** Copies the listed keys that are present (not undefined) — the whitelist every view is made with. */
function pick<T extends object, K extends keyof T>(src: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

export function toReportSummary(r: ReportRow): ReportSummary {
  return {
    caseNumber: r.caseNumber,
    kind: r.kind,
    ...pick(r, ['category', 'itemName'] as const),
    status: r.status,
    anonymous: r.anonymous,
    createdAt: r.createdAt,
  };
}

export function toReporterHistoryEntry(h: HistoryEntry): ReporterHistoryEntry {
  const actor: ReporterHistoryEntry['actor'] = { kind: h.actor.kind };
  if (h.actor.kind !== 'reporter' && h.actor.orgName) actor.orgName = h.actor.orgName;
  return {
    at: h.at,
    status: h.status,
    actor,
    ...(h.actor.kind === 'reporter' && h.note !== undefined ? { note: h.note } : {}),
  };
}

export function toReportView(r: ReportRow): ReportView {
  return {
    caseNumber: r.caseNumber,
    kind: r.kind,
    ...pick(r, ['category', 'itemName'] as const),
    status: r.status,
    anonymous: r.anonymous,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    history: r.history.map(toReporterHistoryEntry),
    ...pick(r, ['response'] as const),
  };
}

/** A history entry for officials; on an anonymous report a reporter entry is exactly `{ kind: 'reporter' }`. */
export function toOfficialHistoryEntry(h: HistoryEntry, anonymous: boolean): OfficialHistoryEntry {
  const actor: OfficialHistoryEntry['actor'] =
    h.actor.kind === 'reporter' && anonymous
      ? { kind: 'reporter' }
      : { kind: h.actor.kind, ...pick(h.actor, ['name', 'orgId', 'orgName'] as const) };
  return { at: h.at, status: h.status, actor, ...pick(h, ['note'] as const) };
}

export function toOfficialReportView(r: ReportRow): OfficialReportView {
  const view: OfficialReportView = {
    caseNumber: r.caseNumber,
    kind: r.kind,
    ...pick(r, ['category', 'itemName', 'organisingUnit', 'happenedOn', 'happenedUntil', 'happenedPrecision', 'planned', 'place', 'scope'] as const),
    content: r.content,
    ...pick(r, ['form', 'approved'] as const),
    evidence: [...r.evidence],
    ...(r.anonymous && r.areaOnly ? { areaOnly: true, ...pick(r, ['areaName'] as const) } : pick(r, ['schoolId', 'schoolName'] as const)),
    region: r.region,
    anonymous: r.anonymous,
    ...pick(r, ['contactAllowed', 'origin'] as const),
    status: r.status,
    history: r.history.map((h) => toOfficialHistoryEntry(h, r.anonymous)),
    ...pick(r, ['response', 'routedTo', 'matchedRules'] as const),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
  if (!r.anonymous && r.reporter) {
    view.reporter = { channel: r.reporter.channel, userId: r.reporter.userId, ...pick(r.reporter, ['name'] as const) };
  }
  return view;
}

/**
 * The official view a draft would have once filed (no case number, history or rules yet): what the reporter
 * is shown before submitting, made by the same whitelist as the real one.
 */
export function toDraftView(v: Pick<ReportRow, ReportContentKey>, at: Date): OfficialReportView {
  const { draftId: _draftId, ...fields } = v as Pick<ReportRow, ReportContentKey> & { draftId?: string };
  return toOfficialReportView({ ...fields, _id: '', caseNumber: '', draftKey: '', reporterHash: '', status: 'submitted', history: [], createdAt: at, updatedAt: at });
}
