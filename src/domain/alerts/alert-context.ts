/**
 * What the pieces of the alert workflow share, built once by createAlertService. Internal to this folder.
 */
import type { Logger, OutboxPort } from '../../core/ports';
import type { Collection } from '../../store/collection';
import type { AlertRow } from '../../store/alert.model';
import type { CaseFeedbackRow } from '../../store/case-feedback.model';
import type { OrgRow } from '../../store/org.model';
import type { RectificationRow } from '../../store/rectification.model';
import type { ReportRow } from '../../store/report.model';
import type { HolidayCalendar } from '../calendar/working-days';
import type { DirectoryRepo } from '../directory/directory-repo';
import type { ReportService } from '../reports';
import type { RuleBook } from '../rules/load-catalogs';
import type { ListSource } from '../rules/rule';
import type { AlertConfig } from './alert-config';
import type { AlertPoster } from './alert-poster';
import type { Render } from './compose-alert';
import type { CaseRouter } from './route-case';

export interface AlertContext {
  reports: ReportService;
  /** Read-only use (lists), except record-matches.ts. Writes to reports go through ReportService. */
  reportRows: Collection<ReportRow>;
  alerts: Collection<AlertRow>;
  feedback: Collection<CaseFeedbackRow>;
  rectifications: Collection<RectificationRow>;
  directory: DirectoryRepo;
  router: CaseRouter;
  poster: AlertPoster;
  outbox: OutboxPort;
  ruleBook: Pick<RuleBook, 'catalogs' | 'regions' | 'categories'>;
  /** The imported whitelist and inspection plan a report is checked against. */
  lists?: ListSource;
  calendar: HolidayCalendar;
  config: AlertConfig;
  render: Render;
  now: () => Date;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** The name reporters and groups read for an org: its bureau's name, else its own. */
export const officeName = (org: Pick<OrgRow, 'name' | 'bureauName'>): string => org.bureauName || org.name;
