/** What the conversations need from the domain, built once in main.ts and handed to createHandlers(). */
import type { ChannelId } from '../src/core/message';
import type { ReportService } from '../src/domain/reports';
import type { DirectoryRepo } from '../src/domain/directory/directory-repo';
import type { Category } from '../src/domain/rules/rule';
import type { AlertService } from '../src/domain/alerts';
import type { MonitoringService } from '../src/domain/monitoring/monitoring-service';
import type { SurveyService } from '../src/domain/surveys/survey-service';
import type { DashboardLinkServices } from './dashboard-login';

export interface MediaDownloader {
  /** The bytes of an image the person sent, while its media id is still valid. */
  download(channel: ChannelId, mediaId: string): Promise<{ bytes: Buffer; contentType: string }>;
}

export interface HandlerServices {
  reports: ReportService;
  directory: DirectoryRepo;
  /** Routes a submitted report to its bureau; officials' actions; the reporter's answer after a case is closed. */
  alerts: AlertService;
  /** The observation points' monthly table (宁教办函〔2023〕95号). */
  monitoring: MonitoringService;
  media: MediaDownloader;
  /** The 8 problem categories of 新教领秘〔2024〕2号 (templates/rules/categories.yaml). */
  categories: readonly Category[];
  /** A draft left this long is idle (default 24 h). */
  idleMs: number;
  /** ANONYMITY_MIN_TEACHERS: below this many people at a school, an anonymous report shows only the county by default. */
  anonymityMinTeachers: number;
  /** The surveys of teachers (宁教办函〔2023〕95号 二). */
  surveys: SurveyService;
  /** One-time dashboard links for officials (后台). */
  dashboardLink: DashboardLinkServices['dashboardLink'];
}
