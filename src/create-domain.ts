/**
 * The domain part of the composition root (main.ts): the rule book, calendar and routing data loaded from
 * templates/, the services (reports, directory, alerts, monitoring and what monthly answers file), the
 * conversations, and the scheduled jobs. Engines and channels come in from main.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pino from 'pino';
import type { Config } from './config';
import { AppError } from './core/errors';
import type { ChannelAdapter } from './core/channel';
import type { Commands } from './core/commands';
import type { Handler, JsonState } from './core/handler';
import type { ChannelId } from './core/message';
import type { OutboxPort } from './core/ports';
import type { Templates } from './core/templates';
import type { StoreEngine } from './store/collection';
import type { JobDefinition } from './jobs/job';
import { createHandlers } from '../handlers';
import { createReportService, type ReportService } from './domain/reports';
import { createDirectoryRepo, type DirectoryRepo } from './domain/directory/directory-repo';
import { loadRuleBook } from './domain/rules/load-catalogs';
import { loadCalendar } from './domain/calendar/working-days';
import { createAlertService, loadEducationOffices, loadUnitLevels, type AlertService } from './domain/alerts';
import { createEscalationJob } from './jobs/escalation-job';
import { createRectificationJob } from './jobs/rectification-job';
import { loadMonitoringConfig } from './domain/monitoring/load-monitoring-config';
import { createMonitoringService, type MonitoringService } from './domain/monitoring/monitoring-service';
import { createMonthlyJobs } from './jobs/monthly-jobs';
import { createMonthlyFindings } from './domain/monitoring/monthly-findings';
import { createListRepo, type ListRepo } from './domain/lists';
import { createWorkbench, type Workbench } from './domain/workbench';
import { loadSurveys } from './domain/surveys/survey-config';
import { createSurveyService, type SurveyService } from './domain/surveys/survey-service';
import { createSurveyJobs } from './jobs/survey-jobs';
import { createDashboardLogin, type DashboardLogin } from './domain/dashboard/dashboard-login';
import { createAuditLog, type AuditLog } from './domain/dashboard/audit-log';
import { createDashboardService, type DashboardService } from './domain/dashboard/dashboard-service';
import { loadLedgerRules } from './domain/dashboard/ledger-rules';

export interface DomainDeps {
  config: Config;
  /** The project root (templates/ is under it). */
  root: string;
  store: StoreEngine;
  templates: Templates;
  commands: Commands;
  /** Enqueues and wakes the relay. */
  outbox: OutboxPort;
  channels: ReadonlyMap<ChannelId, ChannelAdapter>;
  logger: pino.Logger;
  now: () => Date;
  /** This instance's id (holder of leases). */
  owner: string;
  /** Where people reach the server (PUBLIC_URL, else where it listens): the dashboard's login links. */
  publicUrl: () => string;
}

export interface Domain {
  reports: ReportService;
  directory: DirectoryRepo;
  alerts: AlertService;
  monitoring: MonitoringService;
  lists: ListRepo;
  /** The documents' tables (附件1, 2, 3, 7). */
  workbench: Workbench;
  surveys: SurveyService;
  dashboard: { login: DashboardLogin; audit: AuditLog; service: DashboardService };
  handlers: readonly Handler<JsonState>[];
  /** Answers what no conversation claims: the menu. */
  fallback: Handler<JsonState>;
  jobs: JobDefinition[];
}

export function createDomain(deps: DomainDeps): Domain {
  const { config, root, store, templates, commands, outbox, channels, logger, now } = deps;
  const ruleBook = loadRuleBook(join(root, 'templates', 'rules'));
  const directory = createDirectoryRepo(store);
  const reports = createReportService({
    store,
    secret: config.reportSecret,
    now,
    region: config.region,
    tz: config.scheduleTz,
    // One person on both platforms has one set of cases: the account the directory knows them by.
    async accountOf(who) {
      const person = await directory.findPerson(who.channel, who.userId);
      return person ? { channel: person.channel, userId: person.userId } : who;
    },
  });
  const lists = createListRepo(store);
  const listSource = lists.source(config.scheduleTz);

  const calendar = loadCalendar(readFileSync(join(root, 'templates', 'calendar', 'cn-holidays.yaml'), 'utf8'));
  const alerts = createAlertService({
    store,
    reports,
    directory,
    outbox,
    ruleBook,
    lists: listSource,
    calendar,
    templates,
    unitLevels: loadUnitLevels(join(root, 'templates', 'routing', 'unit-levels.yaml')),
    offices: loadEducationOffices(join(root, 'templates', 'routing', 'education-offices.yaml')),
    now,
    logger,
    owner: deps.owner,
    config: { ...config.alerts, tz: config.scheduleTz },
  });
  const monitoringConfig = loadMonitoringConfig(join(root, 'templates', 'questionnaires'), config.region);
  if (monitoringConfig.usedDefault) logger.warn({ region: config.region }, "no monitoring schedule for this region: the default region's applies");
  const findings = createMonthlyFindings({
    reports,
    raise: (caseNumber) => alerts.afterSubmit(caseNumber),
    ruleBook,
    lists: listSource,
    directory,
    render: (id, vars) => templates.render(id, vars),
    region: config.region,
    tz: config.scheduleTz,
    logger,
  });
  const monitoring = createMonitoringService({
    store,
    directory,
    templates,
    tz: config.scheduleTz,
    schedule: monitoringConfig.schedule,
    questionnaire: monitoringConfig.questionnaire,
    afterSubmit: (row, at) => findings.file(row, at),
  });

  const surveys = createSurveyService({ store, surveys: loadSurveys(join(root, 'templates', 'surveys')), secret: config.reportSecret, tz: config.scheduleTz });
  const workbench = createWorkbench({ store, root, categories: ruleBook.categories, render: (id, vars) => templates.render(id, vars), tz: config.scheduleTz, now });
  const dashboard = {
    login: createDashboardLogin({ store, directory, now }),
    audit: createAuditLog({ store, now }),
    service: createDashboardService({
      store,
      directory,
      monitoring,
      lists,
      surveys,
      categories: ruleBook.categories,
      ledgerRules: loadLedgerRules(join(root, 'templates', 'ledger', 'estimates.yaml')),
      workbench,
      templates,
      now,
      tz: config.scheduleTz,
    }),
  };

  const { handlers, fallback } = createHandlers({
    reports,
    directory,
    alerts,
    monitoring,
    categories: ruleBook.categories,
    idleMs: config.conversationIdleMs,
    anonymityMinTeachers: config.anonymityMinTeachers,
    surveys,
    dashboardLink: { issueLink: (who) => dashboard.login.issueLink(who), publicUrl: deps.publicUrl },
    media: {
      async download(channel, mediaId) {
        const adapter = channels.get(channel);
        if (!adapter) throw new AppError('not_found', `no channel ${channel}`);
        return adapter.downloadMedia(mediaId);
      },
    },
  });

  const jobs: JobDefinition[] = [
    createEscalationJob({ alerts, config: alerts.config }),
    createRectificationJob({ alerts, calendar, tz: config.scheduleTz }),
    ...createMonthlyJobs({ monitoring, directory, outbox, templates, commands, now, findings }),
    ...createSurveyJobs({ surveys, directory, outbox, templates, commands, tz: config.scheduleTz, now }),
  ];
  return { reports, directory, alerts, monitoring, lists, workbench, surveys, dashboard, handlers, fallback, jobs };
}
