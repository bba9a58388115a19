/** Alerts: rule checks on submitted reports, routing to the bureau with jurisdiction, group alerts, officials' actions, escalation. */
export { createAlertService, type AlertService, type AlertServiceDeps } from './alert-service';
export { alertConfig, DEFAULT_ALERT_CONFIG, type AlertConfig } from './alert-config';
export { createCaseRouter, type CaseRouter, type CaseRoute, type RouteBasis, type RoutableReport } from './route-case';
export { loadUnitLevels, parseUnitLevels, unitLevel, type UnitLevelWords } from './unit-levels';
export { loadEducationOffices, parseEducationOffices, type EducationOffices } from './education-offices';
export { recusedBureaus, type RecusalScope } from './recused-bureaus';
export { citeRule } from './cite-rule';
export { composeAlert, composeDigest, digestGroups, schoolOrArea, ALERT_MAX_BYTES, type AlertFacts, type DigestEntry } from './compose-alert';
export { planRobotWindow, type RobotPlan } from './plan-robot-window';
export type { AlertPoster, AlertPostRequest, FlushResult } from './alert-poster';
export { OPEN_STATUSES, type ActionResult, type ActionFailure } from './case-actions';
export type { CaseDetail, AlertSummary, Who } from './official-scope';
export type { FeedbackAnswer, FeedbackOutcome } from './reporter-feedback';
export type { RaiseOutcome } from './raise-case';
export type { EscalationCounts } from './escalate-alert';
export type { RectificationInput, RectifyResult } from './rectify-case';
export { deadlineAcceptable, MAX_DEADLINE_DAYS } from './rectify-case';
export type { RectificationCounts } from './follow-rectification';
