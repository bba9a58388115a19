import { countGraphemes } from '../../core/parsers/count-graphemes';
import {
  type ReportContentKey,
  type ReportRow,
  APPROVAL_ANSWERS,
  REPORT_KINDS,
  type ApprovalAnswer,
  type ReportKind,
  type ReportOrigin,
} from '../../store/report.model';
import { addDaysYmd, DEFAULT_TZ, isValidYmd, ymdInZone } from '../calendar/time-zone';
import { CATEGORY_CODES, type CategoryCode } from '../rules/rule';
import { DraftInvalidError } from './draft-invalid-error';

/** What the guided chat collected, as the handler hands it over (strings as typed; absent = not asked / skipped). */
export interface ReportDraft {
  /**
   * Unique per DRAFT, chosen by the conversation when the draft starts (e.g. a random id kept in the
   * conversation state). Not the conversation's `_id` alone, which is per user: that would let a teacher file
   * only one report ever. Submitting the same draftId twice (same account) returns the first case.
   */
  draftId: string;
  kind: ReportKind;
  /** One of CATEGORY_CODES; required for burdens. */
  category?: string;
  itemName?: string;
  organisingUnit?: string;
  /** 'YYYY-MM-DD'. */
  happenedOn?: string;
  /** 'YYYY-MM-DD', not before happenedOn: the matter went on over these days. */
  happenedUntil?: string;
  happenedPrecision?: 'day' | 'month';
  planned?: boolean;
  place?: string;
  scope?: string;
  content: string;
  form?: string;
  approved?: ApprovalAnswer;
  /** Media ids returned by saveMedia() for this account. */
  evidence?: string[];
  schoolId?: string;
  schoolName?: string;
  /** Anonymous reports: show the bureau only the county (`areaName`), not the school. */
  areaOnly?: boolean;
  areaName?: string;
  /** Region code of the case number; defaults to the service's region. */
  region?: string;
  anonymous: boolean;
  /** Complaints only (ignored for burdens). */
  contactAllowed?: boolean;
  /** Set by the monitoring when it files a monthly table's finding; never by a chat. */
  origin?: ReportOrigin;
}

/** Limits in graphemes (what people see: one CJK character or one emoji = 1), for prompts and validation. */
export const REPORT_LIMITS = {
  /** 活动主要内容（100字以内）, 新教领秘〔2024〕2号 附件2. */
  burdenContent: 100,
  /** A complaint's "what happened". */
  complaintContent: 2000,
  itemName: 100,
  organisingUnit: 100,
  place: 100,
  scope: 100,
  form: 50,
  schoolName: 100,
  evidenceItems: 9,
  /** happenedOn may lie this many days ahead of today (a planned inspection can be reported in advance)... */
  daysAhead: 366,
  /** ...and this many days back. */
  daysBack: 3660,
} as const;

/** The validated draft: trimmed, empty answers dropped, region upper-cased. */
export type ValidDraft = Pick<ReportRow, ReportContentKey> & { draftId: string };

// C0 controls except tab and newline, DEL, and the bidi overrides that can disguise text in a list.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

function text(field: string, value: unknown, opts: { required?: boolean; max: number; multiline?: boolean }): string | undefined {
  if (value === undefined || value === null) {
    if (opts.required) throw new DraftInvalidError(field, 'required');
    return undefined;
  }
  if (typeof value !== 'string') throw new DraftInvalidError(field, 'invalid');
  let s = value.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
  if (!opts.multiline) s = s.replace(/\s+/g, ' ');
  s = s.trim();
  if (s === '') {
    if (opts.required) throw new DraftInvalidError(field, 'required');
    return undefined;
  }
  if (countGraphemes(s) > opts.max) throw new DraftInvalidError(field, 'too_long', opts.max);
  return s;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw new DraftInvalidError(field, 'invalid');
  return value as T;
}

/** Checks and normalises a draft; throws DraftInvalidError (AppError 'validation_failed') naming the first bad field. */
export function validateDraft(draft: ReportDraft, opts: { now: Date; defaultRegion?: string; tz?: string }): ValidDraft {
  if (draft === null || typeof draft !== 'object') throw new DraftInvalidError('draft', 'invalid');
  const L = REPORT_LIMITS;
  if (typeof draft.draftId !== 'string' || draft.draftId.trim() === '' || draft.draftId.length > 200) {
    throw new DraftInvalidError('draftId', draft.draftId ? 'invalid' : 'required');
  }
  const kind = oneOf('kind', draft.kind, REPORT_KINDS);
  if (!kind) throw new DraftInvalidError('kind', 'required');
  const burden = kind === 'burden';
  const category = oneOf<CategoryCode>('category', draft.category, CATEGORY_CODES);
  if (burden && !category) throw new DraftInvalidError('category', 'required');
  if (typeof draft.anonymous !== 'boolean') throw new DraftInvalidError('anonymous', 'required');

  const out: ValidDraft = {
    draftId: draft.draftId,
    kind,
    content: text('content', draft.content, {
      required: true,
      max: burden ? L.burdenContent : L.complaintContent,
      multiline: true,
    })!,
    evidence: evidenceIds(draft.evidence),
    region: region(draft.region ?? opts.defaultRegion),
    anonymous: draft.anonymous,
  };
  const optional: Record<string, string | undefined> = {
    itemName: text('itemName', draft.itemName, { required: burden, max: L.itemName }),
    organisingUnit: text('organisingUnit', draft.organisingUnit, { max: L.organisingUnit }),
    happenedOn: happenedOn(draft.happenedOn, opts.now, opts.tz ?? DEFAULT_TZ),
    happenedUntil: happenedUntil(draft.happenedUntil, draft.happenedOn, opts.now, opts.tz ?? DEFAULT_TZ),
    happenedPrecision: oneOf('happenedPrecision', draft.happenedPrecision, ['day', 'month'] as const),
    place: text('place', draft.place, { max: L.place }),
    scope: text('scope', draft.scope, { max: L.scope }),
    form: text('form', draft.form, { max: L.form }),
    approved: oneOf('approved', draft.approved, APPROVAL_ANSWERS),
    schoolId: schoolId(draft.schoolId),
    schoolName: text('schoolName', draft.schoolName, { max: L.schoolName }),
    category,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  if (!burden && draft.contactAllowed !== undefined) {
    if (typeof draft.contactAllowed !== 'boolean') throw new DraftInvalidError('contactAllowed', 'invalid');
    out.contactAllowed = draft.contactAllowed;
  }
  if (draft.planned !== undefined) {
    if (typeof draft.planned !== 'boolean') throw new DraftInvalidError('planned', 'invalid');
    if (draft.planned) out.planned = true;
  }
  if (draft.origin !== undefined) out.origin = origin(draft.origin);
  if (draft.areaOnly !== undefined && typeof draft.areaOnly !== 'boolean') throw new DraftInvalidError('areaOnly', 'invalid');
  if (draft.areaOnly && !draft.anonymous) throw new DraftInvalidError('areaOnly', 'invalid');
  if (draft.areaOnly) {
    out.areaOnly = true;
    const area = text('areaName', draft.areaName, { max: L.schoolName });
    if (area !== undefined) out.areaName = area;
  }
  return out;
}

function happenedOn(value: unknown, now: Date, tz: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !isValidYmd(value)) throw new DraftInvalidError('happenedOn', 'invalid');
  const today = ymdInZone(now, tz);
  if (value > addDaysYmd(today, REPORT_LIMITS.daysAhead) || value < addDaysYmd(today, -REPORT_LIMITS.daysBack)) {
    throw new DraftInvalidError('happenedOn', 'out_of_range');
  }
  return value;
}

function happenedUntil(value: unknown, from: unknown, now: Date, tz: string): string | undefined {
  const until = happenedOn(value, now, tz);
  if (until !== undefined && (typeof from !== 'string' || until < from)) throw new DraftInvalidError('happenedUntil', 'invalid');
  return until;
}

function origin(value: ReportOrigin): ReportOrigin {
  const ok =
    value !== null && typeof value === 'object' && value.kind === 'monitoring' &&
    typeof value.answerId === 'string' && value.answerId.length > 0 && value.answerId.length <= 200 &&
    typeof value.period === 'string' && /^\d{4}(-\d{2})?$/.test(value.period);
  if (!ok) throw new DraftInvalidError('origin', 'invalid');
  return { kind: 'monitoring', answerId: value.answerId, period: value.period };
}

function region(value: unknown): string {
  if (value === undefined || value === null || value === '') throw new DraftInvalidError('region', 'required');
  const r = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^[A-Z]{2,8}$/.test(r)) throw new DraftInvalidError('region', 'invalid');
  return r;
}

function schoolId(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 100 || /[\s$]/.test(value)) throw new DraftInvalidError('schoolId', 'invalid');
  return value;
}

function evidenceIds(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '' || v.length > 100)) {
    throw new DraftInvalidError('evidence', 'invalid');
  }
  const ids = [...new Set(value as string[])];
  if (ids.length > REPORT_LIMITS.evidenceItems) throw new DraftInvalidError('evidence', 'too_long', REPORT_LIMITS.evidenceItems);
  return ids;
}
