/** Reports and complaints teachers file, and how the bureau follows them. */
export {
  createReportService,
  type ReportService,
  type ReportServiceDeps,
  type SubmitResult,
  type ChangeStatusResult,
  type StatusActor,
  type Who,
} from './report-service';
export { validateDraft, REPORT_LIMITS, type ReportDraft, type ValidDraft } from './report-draft';
export { DraftInvalidError, type DraftProblem } from './draft-invalid-error';
export {
  toReportSummary,
  toReportView,
  toOfficialReportView,
  toDraftView,
  toReporterHistoryEntry,
  toOfficialHistoryEntry,
  type ReportSummary,
  type ReportView,
  type OfficialReportView,
  type ReporterHistoryEntry,
  type OfficialHistoryEntry,
} from './report-view';
export { reporterHash, receiptHash, draftKey, assertReportSecret, MIN_SECRET_LENGTH } from './reporter-hash';
export { toRuleSubject } from './to-rule-subject';
export { createAddressSealer } from './address-sealer';
export { createRecordSealer } from './record-sealer';
export { STATUS_TRANSITIONS, canChangeStatus } from './report-status';
export { UNATTACHED_MEDIA_TTL_MS, type StoredMedia } from './media-store';
export { anonymityArea, type AnonymityArea } from './anonymity-area';
