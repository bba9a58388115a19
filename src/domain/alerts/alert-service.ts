/**
 * The alert workflow: every submitted report is checked against the published lists of its region, routed
 * to the bureau with jurisdiction, and, when it breaks a rule, put before that bureau's groups with the
 * clause cited; officials then act on it from WeCom, and unhandled alerts climb (src/jobs/escalation-job.ts).
 *
 * A report that breaks nothing raises nothing: no alert, no group message, no escalation. It is still
 * routed (status 'routed', `routedTo`, a system entry in its history) so that it is not lost: it shows in
 * the bureau's 待办 and officials handle it like any case.
 *
 * onReportSubmitted is idempotent and may be called any number of times, from anywhere, for any case:
 * after submit (afterSubmit, which never throws), and by the escalation job for reports that a crash left
 * 'submitted'. Each step finds the work of an earlier call (the fixed id of the first alert, the report's
 * status, the posts' ids) instead of doing it again.
 */
import type { Logger, OutboxPort } from '../../core/ports';
import type { TemplateVars, Templates } from '../../core/templates';
import type { StoreEngine } from '../../store/collection';
import { alertModel } from '../../store/alert.model';
import { caseFeedbackModel } from '../../store/case-feedback.model';
import { createLeaseRepo, type LeaseRepo } from '../../store/lease-repo';
import { leaseModel } from '../../store/lease.model';
import { rectificationModel } from '../../store/rectification.model';
import { reportModel } from '../../store/report.model';
import type { HolidayCalendar } from '../calendar/working-days';
import type { DirectoryRepo } from '../directory/directory-repo';
import type { ReportDraft, ReportService } from '../reports';
import type { RuleBook } from '../rules/load-catalogs';
import type { ListSource } from '../rules/rule';
import { alertConfig, type AlertConfig } from './alert-config';
import type { AlertContext } from './alert-context';
import { createAlertPoster, type FlushResult } from './alert-poster';
import { reportFacts } from './report-facts';
import { createCaseActions, type CaseActions } from './case-actions';
import { previewText } from './compose-alert';
import { escalateDue, type EscalationCounts } from './escalate-alert';
import { followRectifications, type RectificationCounts } from './follow-rectification';
import type { Who } from './official-scope';
import { answerFeedback, type FeedbackAnswer, type FeedbackOutcome } from './reporter-feedback';
import { raiseCase, type RaiseOutcome } from './raise-case';
import { createRectifyActions, type RectifyActions } from './rectify-case';
import { createCaseRouter } from './route-case';
import type { UnitLevelWords } from './unit-levels';
import type { EducationOffices } from './education-offices';

export interface AlertServiceDeps {
  store: StoreEngine;
  reports: ReportService;
  directory: DirectoryRepo;
  outbox: OutboxPort;
  ruleBook: Pick<RuleBook, 'catalogs' | 'regions' | 'categories'>;
  /** The imported whitelist and inspection plan (none: only what a school declared counts). */
  lists?: ListSource;
  calendar: HolidayCalendar;
  templates: Pick<Templates, 'render'>;
  unitLevels: UnitLevelWords;
  /** How education bureaus are written (templates/routing/education-offices.yaml): recusal. */
  offices: EducationOffices;
  now: () => Date;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** This instance's id (holder of the robots' flush leases). */
  owner: string;
  config?: Partial<AlertConfig>;
  leases?: LeaseRepo;
}

export interface AlertService extends CaseActions, RectifyActions {
  readonly config: AlertConfig;
  onReportSubmitted(caseNumber: string): Promise<RaiseOutcome>;
  /** onReportSubmitted for the submit path: never throws (logs; the escalation job retries). */
  afterSubmit(caseNumber: string): Promise<void>;
  answerFeedback(who: Who, answer: FeedbackAnswer, caseText?: string): Promise<FeedbackOutcome>;
  /** The report's lines the bureau's group would read once the draft is filed; undefined when it is not valid. */
  preview(draft: ReportDraft): Promise<string | undefined>;
  /** The escalation job's work as of `at`: stuck reports routed, due alerts escalated. */
  escalateDue(at: Date): Promise<EscalationCounts & { routed: number }>;
  /** The rectification job's work as of `at`: reminders before time limits, escalations after them. */
  followRectifications(at: Date): Promise<RectificationCounts>;
  /** Sends waiting alert messages (folding them into digests when a robot's minute is full). */
  flush(): Promise<FlushResult>;
}

/** Reports older than this still 'submitted' are taken for interrupted and routed by the job. */
const STUCK_AFTER_MS = 2 * 60_000;
const STUCK_UNTIL_MS = 7 * 86_400_000;

export function createAlertService(deps: AlertServiceDeps): AlertService {
  const config = alertConfig(deps.config);
  const render = (id: string, vars?: TemplateVars) => deps.templates.render(id, vars);
  const poster = createAlertPoster({
    store: deps.store,
    outbox: deps.outbox,
    leases: deps.leases ?? createLeaseRepo(deps.store.collection(leaseModel)),
    owner: deps.owner,
    now: deps.now,
    render,
    limit: config.robotLimit,
    windowMs: config.robotWindowMs,
    logger: deps.logger,
  });
  const ctx: AlertContext = {
    reports: deps.reports,
    reportRows: deps.store.collection(reportModel),
    alerts: deps.store.collection(alertModel),
    feedback: deps.store.collection(caseFeedbackModel),
    rectifications: deps.store.collection(rectificationModel),
    directory: deps.directory,
    router: createCaseRouter({ directory: deps.directory, store: deps.store, unitLevels: deps.unitLevels, offices: deps.offices }),
    poster,
    outbox: deps.outbox,
    ruleBook: deps.ruleBook,
    ...(deps.lists ? { lists: deps.lists } : {}),
    calendar: deps.calendar,
    config,
    render,
    now: deps.now,
    logger: deps.logger,
  };
  const onReportSubmitted = (caseNumber: string) => raiseCase(ctx, caseNumber);

  const caseActions = createCaseActions(ctx);
  return {
    config,
    ...caseActions,
    ...createRectifyActions(ctx, caseActions),
    followRectifications: (at) => followRectifications(ctx, at),
    onReportSubmitted,
    async afterSubmit(caseNumber) {
      try {
        await onReportSubmitted(caseNumber);
      } catch (e) {
        deps.logger.error({ err: e, caseNumber }, 'routing a new report failed; the escalation job retries it');
      }
    },
    answerFeedback: (who, answer, caseText) => answerFeedback(ctx, who, answer, caseText),
    async preview(draft) {
      const view = deps.reports.preview(draft);
      return view ? previewText(render, await reportFacts(ctx, view)) : undefined;
    },
    async escalateDue(at) {
      const stuck = await ctx.reportRows.find(
        { status: 'submitted', createdAt: { $lte: new Date(at.getTime() - STUCK_AFTER_MS), $gte: new Date(at.getTime() - STUCK_UNTIL_MS) } },
        { sort: { createdAt: 1 }, limit: 100 },
      );
      let routed = 0;
      for (const r of stuck) {
        const outcome = await onReportSubmitted(r.caseNumber).catch((e) => {
          deps.logger.error({ err: e, caseNumber: r.caseNumber }, 'routing a stuck report failed');
          return null;
        });
        if (outcome?.kind === 'routed') routed++;
      }
      return { routed, ...(await escalateDue(ctx, at)) };
    },
    flush: () => poster.flush(),
  };
}
