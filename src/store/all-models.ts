/**
 * Every collection of the app, for StoreEngine.init() at start (indexes built before /readyz says ready).
 * test/store/all-models.test.ts checks that each *.model.ts of this folder is listed here.
 */
import type { Doc, ModelSpec } from './collection';
import { activityListModel } from './activity-list.model';
import { alertPostModel } from './alert-post.model';
import { alertModel } from './alert.model';
import { auditModel } from './audit.model';
import { caseFeedbackModel } from './case-feedback.model';
import { conversationModel } from './conversation.model';
import { counterModel } from './counter.model';
import { dashboardLoginModel } from './dashboard-login.model';
import { directoryFingerprintModel } from './directory-fingerprint.model';
import { inboxModel } from './inbox.model';
import { installationModel } from './installation.model';
import { jobRunModel } from './job-run.model';
import { leaseModel } from './lease.model';
import { mediaModel } from './media.model';
import { monthlyAnswerModel } from './monthly-answer.model';
import { orgModel } from './org.model';
import { outboxModel } from './outbox.model';
import { personModel } from './person.model';
import { pointModel } from './point.model';
import { rectificationModel } from './rectification.model';
import { reportModel } from './report.model';
import { robotWindowModel } from './robot-window.model';
import { surveyResponseModel } from './survey-response.model';

export const ALL_MODELS: readonly ModelSpec<Doc>[] = [
  activityListModel,
  alertPostModel,
  alertModel,
  auditModel,
  caseFeedbackModel,
  conversationModel,
  counterModel,
  dashboardLoginModel,
  directoryFingerprintModel,
  inboxModel,
  installationModel,
  jobRunModel,
  leaseModel,
  mediaModel,
  monthlyAnswerModel,
  orgModel,
  outboxModel,
  personModel,
  pointModel,
  rectificationModel,
  reportModel,
  robotWindowModel,
  surveyResponseModel,
] as unknown as readonly ModelSpec<Doc>[];
