/**
 * Reports and complaints: filing (submit), following (listMine, findByCaseNumber, findByReceipt) and the
 * status changes officials make. Decisions:
 * - Case numbers: `NX-2026-000123` from the counter `case:<REGION>:<year in Asia/Shanghai>` (nextSequence).
 *   A number spent by a failed insert is not reused, so numbers may have (rare) gaps but never repeat.
 * - Idempotency: `draftKey` = HMAC(account, draftId) with a UNIQUE index, not an `_id` derived from the draft:
 *   `_id` stays the public case number, and the key hides the draft id (which may contain the userId). The
 *   second submit of a draft returns the same case with `alreadySubmitted: true` and NO receipt code: the
 *   code is never stored, only its hash, so it can be shown exactly once.
 * - Anonymous reports store no plain id: `reporterHash` (my cases), `receiptHash` (follow by code) and
 *   `notifyCipher` (AES-256-GCM of channel:userId, see notify-cipher.ts), which nothing here decrypts:
 *   changeStatus hands it on sealed, and only the outbox relay opens it, at the moment of sending.
 *   Views (report-view.ts) never contain any of the three.
 * - A case is shown to its reporter by case number when the asking account is the one that filed it (by
 *   hash), anonymous or not: listMine already shows that account its anonymous cases.
 */
import { isPlatformId } from '../../core/channels';
import { AppError, isAppError } from '../../core/errors';
import type { PlatformId, SealedDestination, UserDestination } from '../../core/message';
import { countGraphemes } from '../../core/parsers/count-graphemes';
import type { StoreEngine } from '../../store/collection';
import { reportModel, type HistoryActor, type ReportRow, type ReportStatus } from '../../store/report.model';
import { DEFAULT_TZ, ymdInZone } from '../calendar/time-zone';
import { formatCaseNumber, newReceiptCode, normalizeReceiptCode, parseCaseNumber, type RandomSource } from '../case-ids';
import type { RuleSubject } from '../rules/rule';
import { DraftInvalidError } from './draft-invalid-error';
import { createMediaStore, type StoredMedia } from './media-store';
import { nextSequence, raiseSequence } from './next-sequence';
import { sealedNotifyDestination } from './address-sealer';
import { sealNotifyAddress } from './notify-cipher';
import { validateDraft, type ReportDraft, type ValidDraft } from './report-draft';
import { canChangeStatus } from './report-status';
import { toDraftView, toReportSummary, toReportView, type OfficialReportView, type ReportSummary, type ReportView } from './report-view';
import { assertReportSecret, draftKey, receiptHash, reporterHash } from './reporter-hash';
import { toRuleSubject } from './to-rule-subject';

/** The account a teacher writes from. `name` is kept only on named reports. */
export interface Who {
  channel: PlatformId;
  userId: string;
  name?: string;
}

export interface SubmitResult {
  caseNumber: string;
  /** Anonymous reports, FIRST submit only: show it once; it is not stored and cannot be shown again. */
  receiptCode?: string;
  /** The draft had been submitted before: the same case, and no receipt code. */
  alreadySubmitted: boolean;
}

/** Who changes a status. `orgName` is snapshotted into the history (what reporters see instead of names). */
export type StatusActor = HistoryActor;

export interface ChangeStatusResult {
  /** The report after the change: domain use only, render it with report-view.ts, never log it. */
  report: ReportRow;
  /**
   * Where to tell the reporter; absent when the reporter acted themselves. An anonymous reporter's address
   * stays sealed (only the outbox relay opens it, to send).
   */
  notify?: UserDestination | SealedDestination;
}

export interface ReportService {
  submit(draft: ReportDraft, who: Who): Promise<SubmitResult>;
  /** The official view the draft would have once filed (what the reporter is shown first); null when it is not valid. */
  preview(draft: ReportDraft): OfficialReportView | null;
  listMine(channel: PlatformId, userId: string, opts?: { limit?: number }): Promise<ReportSummary[]>;
  /** The case as its reporter sees it, if `asWho` filed it (anonymous or not); null otherwise — no oracle. */
  findByCaseNumber(caseNumber: string, asWho: { channel: PlatformId; userId: string }): Promise<ReportView | null>;
  /** The anonymous case of a receipt code as typed (any case, spaces, O/0...); null when invalid or unknown. */
  findByReceipt(code: string): Promise<ReportView | null>;
  /** The raw row, for domain services (rules, alerts, routing). Render with report-view.ts. */
  get(caseNumber: string): Promise<ReportRow | null>;
  changeStatus(
    caseNumber: string,
    status: ReportStatus,
    actor: StatusActor,
    note?: string,
    extra?: { routedTo?: string; response?: string; recusedOrgIds?: string[] },
  ): Promise<ChangeStatusResult>;
  toRuleSubject(report: ReportRow): RuleSubject;
  /** Saves evidence (≤ 2 MB) for the account; returns the media id to put in the draft's `evidence`. */
  saveMedia(bytes: Uint8Array, contentType: string, owner: { channel: PlatformId; userId: string }): Promise<string>;
  getMedia(id: string): Promise<StoredMedia | null>;
}

export interface ReportServiceDeps {
  store: StoreEngine;
  /** At least 32 characters, from config; never stored. */
  secret: string;
  now: () => Date;
  /** Default region code of case numbers when the draft names none. */
  region?: string;
  /** Time zone of case-number years and of "today" for dates; Asia/Shanghai. */
  tz?: string;
  /** Randomness of receipt codes (tests). */
  random?: RandomSource;
  /** The account the directory knows a person by (one person on WeCom and DingTalk: one 我的反映). */
  accountOf?(who: { channel: PlatformId; userId: string }): Promise<{ channel: PlatformId; userId: string }>;
}

const NOTE_MAX = 2000;
const MAX_ATTEMPTS = 5;

export function createReportService(deps: ReportServiceDeps): ReportService {
  const { store, secret, now } = deps;
  assertReportSecret(secret);
  /** The keyed hash of the person behind an account (the same on each platform they are known on). */
  const hashOf = async ({ channel, userId }: { channel: PlatformId; userId: string }): Promise<string> => {
    const a = deps.accountOf ? await deps.accountOf({ channel, userId }) : { channel, userId };
    return reporterHash(secret, a.channel, a.userId);
  };
  const tz = deps.tz ?? DEFAULT_TZ;
  const reports = store.collection(reportModel);
  const media = createMediaStore(store, now);

  const checkWho = (who: { channel: unknown; userId: unknown }): void => {
    if (!who || typeof who.channel !== 'string' || !isPlatformId(who.channel) || typeof who.userId !== 'string' || who.userId === '') {
      throw new AppError('bad_request', 'report service: a channel and a userId are required');
    }
  };
  const canonicalCase = (text: string): string | null => {
    const p = parseCaseNumber(text);
    return p ? formatCaseNumber(p.region, p.year, p.seq) : null;
  };

  const buildRow = (v: ValidDraft, who: Who, ids: { caseNumber: string; rHash: string; dKey: string; receipt?: string }): ReportRow => {
    const at = now();
    const { draftId: _draftId, ...fields } = v;
    const row: ReportRow = {
      _id: ids.caseNumber,
      caseNumber: ids.caseNumber,
      draftKey: ids.dKey,
      ...fields,
      reporterHash: ids.rHash,
      status: 'submitted',
      history: [{ at, status: 'submitted', actor: v.anonymous || !who.name ? { kind: 'reporter' } : { kind: 'reporter', name: who.name } }],
      createdAt: at,
      updatedAt: at,
    };
    if (v.anonymous) {
      row.receiptHash = receiptHash(secret, ids.receipt!);
      row.notifyCipher = sealNotifyAddress(secret, who.channel, who.userId, ids.caseNumber);
    } else {
      row.reporter = { channel: who.channel, userId: who.userId, ...(who.name ? { name: who.name } : {}) };
    }
    return row;
  };

  /** After a case number turned out to be taken (a lost or reset counter): move the counter past the highest. */
  const repairCounter = async (region: string, year: number, counter: string): Promise<void> => {
    const prefix = `${region}-${year}-`;
    // Lexicographic order equals numeric order while sequences have 6 digits (the padding of formatCaseNumber).
    const [last] = await reports.find({ _id: { $gte: prefix, $lt: `${prefix}~` } }, { sort: { _id: -1 }, limit: 1 });
    const seq = last ? parseCaseNumber(last._id)?.seq : undefined;
    if (seq) await raiseSequence(store, counter, seq);
  };

  return {
    async submit(draft, who) {
      checkWho(who);
      const v = validateDraft(draft, { now: now(), defaultRegion: deps.region, tz });
      const rHash = await hashOf(who);
      const dKey = draftKey(secret, who.channel, who.userId, v.draftId);
      const again = async (): Promise<SubmitResult | null> => {
        const existing = await reports.findOne({ draftKey: dKey });
        if (!existing) return null;
        await media.attach(existing.evidence, rHash, existing.caseNumber); // finishes an interrupted submit
        return { caseNumber: existing.caseNumber, alreadySubmitted: true };
      };
      const before = await again();
      if (before) return before;
      if ((await media.countUsable(v.evidence, rHash)) !== v.evidence.length) throw new DraftInvalidError('evidence', 'unknown_media');

      const year = Number(ymdInZone(now(), tz).slice(0, 4));
      const counter = `case:${v.region}:${year}`;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const caseNumber = formatCaseNumber(v.region, year, await nextSequence(store, counter));
        const receipt = v.anonymous ? newReceiptCode(deps.random) : undefined;
        try {
          await reports.insertOne(buildRow(v, who, { caseNumber, rHash, dKey, receipt }));
        } catch (err) {
          if (!isAppError(err, 'duplicate_key')) throw err;
          const raced = await again(); // the same draft submitted concurrently: its case number is spent
          if (raced) return raced;
          if (await reports.findOne({ _id: caseNumber })) await repairCounter(v.region, year, counter);
          continue; // else a receipt hash collision (2^-65): a new code
        }
        await media.attach(v.evidence, rHash, caseNumber);
        return { caseNumber, alreadySubmitted: false, ...(receipt ? { receiptCode: receipt } : {}) };
      }
      throw new AppError('internal', `no free case number in ${counter} after ${MAX_ATTEMPTS} attempts`);
    },

    preview(draft) {
      try {
        return toDraftView(validateDraft(draft, { now: now(), defaultRegion: deps.region, tz }), now());
      } catch (e) {
        if (e instanceof DraftInvalidError) return null;
        throw e;
      }
    },

    async listMine(channel, userId, opts = {}) {
      checkWho({ channel, userId });
      const limit = Math.min(Math.max(1, Math.floor(opts.limit ?? 20)), 200);
      const rows = await reports.find(
        { reporterHash: await hashOf({ channel, userId }) },
        { sort: { createdAt: -1, _id: -1 }, limit },
      );
      return rows.map(toReportSummary);
    },

    async findByCaseNumber(caseNumber, asWho) {
      checkWho(asWho);
      const id = typeof caseNumber === 'string' ? canonicalCase(caseNumber) : null;
      if (!id) return null;
      const row = await reports.findOne({ _id: id, reporterHash: await hashOf(asWho) });
      return row ? toReportView(row) : null;
    },

    async findByReceipt(code) {
      const canonical = normalizeReceiptCode(code);
      if (!canonical) return null;
      const row = await reports.findOne({ receiptHash: receiptHash(secret, canonical) });
      return row ? toReportView(row) : null;
    },

    async get(caseNumber) {
      const id = typeof caseNumber === 'string' ? canonicalCase(caseNumber) : null;
      return id ? reports.findOne({ _id: id }) : null;
    },

    async changeStatus(caseNumber, status, actor, note, extra = {}) {
      const id = canonicalCase(caseNumber);
      const current = id ? await reports.findOne({ _id: id }) : null;
      if (!current) throw new AppError('not_found', `no report ${caseNumber}`);
      const refusal = canChangeStatus(current.status, status, actor.kind);
      if (refusal) throw new AppError('conflict', `${current.caseNumber}: ${refusal}`);
      const text = (field: string, value: string | undefined): string | undefined => {
        const s = value?.trim();
        if (s && countGraphemes(s) > NOTE_MAX) throw new DraftInvalidError(field, 'too_long', NOTE_MAX);
        return s || undefined;
      };
      const cleanNote = text('note', note);
      const response = text('response', extra.response);
      const { routedTo } = extra;
      if (routedTo !== undefined && (typeof routedTo !== 'string' || routedTo === '' || routedTo.length > 100)) {
        throw new DraftInvalidError('routedTo', 'invalid');
      }
      if (status === 'routed' && !routedTo) throw new DraftInvalidError('routedTo', 'required');
      const { recusedOrgIds } = extra;
      if (recusedOrgIds !== undefined && (!Array.isArray(recusedOrgIds) || recusedOrgIds.some((id) => typeof id !== 'string' || id === '' || id.length > 100))) {
        throw new DraftInvalidError('recusedOrgIds', 'invalid');
      }

      // A reporter entry of an anonymous report is exactly { kind: 'reporter' }, whatever the caller passed.
      const who: HistoryActor =
        actor.kind === 'reporter'
          ? current.anonymous || !actor.name
            ? { kind: 'reporter' }
            : { kind: 'reporter', name: actor.name }
          : {
              kind: actor.kind,
              ...(actor.name ? { name: actor.name } : {}),
              ...(actor.orgId ? { orgId: actor.orgId } : {}),
              ...(actor.orgName ? { orgName: actor.orgName } : {}),
            };
      // Strictly later than the last write, so `updatedAt` identifies the version the change was decided on.
      const at = new Date(Math.max(now().getTime(), current.updatedAt.getTime() + 1));
      const set: Record<string, unknown> = { status, updatedAt: at };
      if (response) set.response = response;
      if (routedTo) set.routedTo = routedTo;
      if (recusedOrgIds && recusedOrgIds.length > 0) set.recusedOrgIds = recusedOrgIds;
      const entry = { at, status, actor: who, ...(cleanNote ? { note: cleanNote } : {}) };
      const res = await reports.updateOne(
        { _id: current._id, status: current.status, updatedAt: current.updatedAt },
        { $set: set, $push: { history: entry } },
      );
      if (res.matched === 0) throw new AppError('conflict', `${current.caseNumber} changed meanwhile; read it again`);
      const report = (await reports.findOne({ _id: current._id }))!;

      let notify: UserDestination | SealedDestination | undefined;
      if (actor.kind !== 'reporter') {
        if (report.reporter) notify = { kind: 'user', channel: report.reporter.channel, userId: report.reporter.userId };
        else if (report.notifyCipher) notify = sealedNotifyDestination(secret, report.notifyCipher, report.caseNumber, report.reporterHash);
      }
      return notify ? { report, notify } : { report };
    },

    toRuleSubject,

    async saveMedia(bytes, contentType, owner) {
      checkWho(owner);
      return media.save(bytes, contentType, await hashOf(owner));
    },

    getMedia: (id) => media.get(id),
  };
}
