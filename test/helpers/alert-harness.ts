/**
 * The alert workflow on a real store engine with the demo directory, the real rule catalogs, calendar,
 * templates and commands: a report service, an outbox, the alert service, the escalation job, and a chat
 * that runs every conversation (the teachers' ones, officials', the reporter's feedback) through runTurn.
 * The clock is settable; the store is given the same clock.
 */
import { readFileSync } from 'node:fs';
import { createSurveyService } from '../../src/domain/surveys/survey-service';
import { createDashboardLogin } from '../../src/domain/dashboard/dashboard-login';
import { join } from 'node:path';
import { loadCommands } from '../../src/core/commands';
import type { ChannelId, ChatRef, Reply } from '../../src/core/message';
import type { Handler, JsonState } from '../../src/core/handler';
import { runTurn, type TurnResult } from '../../src/core/run-turn';
import { loadTemplates } from '../../src/core/templates';
import { projectRoot } from '../../src/project-root';
import { loadCalendar } from '../../src/domain/calendar/working-days';
import { demoDirectoryPath } from '../../src/domain/directory/directory-file';
import { createDirectoryRepo, type DirectoryRepo } from '../../src/domain/directory/directory-repo';
import { loadDirectoryFile } from '../../src/domain/directory/load-directory-file';
import { createReportService, type ReportService, type ReportDraft } from '../../src/domain/reports';
import { loadRuleBook } from '../../src/domain/rules/load-catalogs';
import type { ListSource } from '../../src/domain/rules/rule';
import { createAlertService, loadEducationOffices, loadUnitLevels, type AlertConfig, type AlertService } from '../../src/domain/alerts';
import { createEscalationJob } from '../../src/jobs/escalation-job';
import type { JobDefinition } from '../../src/jobs/job';
import type { Doc, ModelSpec, StoreEngine } from '../../src/store/collection';
import { conversationModel } from '../../src/store/conversation.model';
import { createConversationRepo } from '../../src/store/conversation-repo';
import { createOutboxRepo, type OutboxRepo } from '../../src/store/outbox-repo';
import type { AddressSealer } from '../../src/core/ports';
import { recipientOf, testRecordSealer, testSealer } from './test-sealer';
import { outboxModel, type OutboxRow } from '../../src/store/outbox.model';
import { alertModel } from '../../src/store/alert.model';
import { alertPostModel } from '../../src/store/alert-post.model';
import { robotWindowModel } from '../../src/store/robot-window.model';
import { caseFeedbackModel } from '../../src/store/case-feedback.model';
import { reportModel } from '../../src/store/report.model';
import { rectificationModel } from '../../src/store/rectification.model';
import { counterModel } from '../../src/store/counter.model';
import { leaseModel } from '../../src/store/lease.model';
import { mediaModel } from '../../src/store/media.model';
import { createHandlers } from '../../handlers';
import { monitoringServiceFor } from '../domain/monitoring/monitoring-harness';
import type { StoreEngineCase } from '../store/store-engine-cases';
import type { PlatformId } from '../../src/core/channels';

export const ALERT_TEST_SECRET = 'alert-test-secret-0123456789-abcdefghijkl';

const ROOT = projectRoot();
const templates = loadTemplates(join(ROOT, 'templates', 'messages'));
const commands = loadCommands(join(ROOT, 'templates', 'commands.yaml'));
const ruleBook = loadRuleBook(join(ROOT, 'templates', 'rules'));
const calendar = loadCalendar(readFileSync(join(ROOT, 'templates', 'calendar', 'cn-holidays.yaml'), 'utf8'));
const unitLevels = loadUnitLevels(join(ROOT, 'templates', 'routing', 'unit-levels.yaml'));
const offices = loadEducationOffices(join(ROOT, 'templates', 'routing', 'education-offices.yaml'));
const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** Collections the workflow writes, emptied between tests on engines that keep data (files, MongoDB). */
const MODELS = [reportModel, rectificationModel, alertModel, alertPostModel, robotWindowModel, caseFeedbackModel, outboxModel, counterModel, leaseModel, mediaModel, conversationModel];

export interface AlertHarness {
  store: StoreEngine;
  clock: { now: Date };
  reports: ReportService;
  directory: DirectoryRepo;
  outbox: OutboxRepo;
  /** Opens the outbox's sealed addresses (the relay's opener). */
  sealer: AddressSealer;
  alerts: AlertService;
  job: JobDefinition;
  /** Submits the draft as `userId` and raises the case; returns the case number. */
  file(draft: Partial<ReportDraft>, userId?: string): Promise<string>;
  /** Outbox messages to the group robots of an org (by code), oldest first. */
  /** The org's group-robot rows on one platform (WeCom by default; every bureau of the demo has one on each). */
  robotRows(orgId: string, platform?: PlatformId): Promise<OutboxRow[]>;
  /** Outbox messages to a person's 1:1 chat, oldest first. */
  userRows(userId: string): Promise<OutboxRow[]>;
  /** One chat message as `userId`; the replies' texts joined. */
  chat(userId: string, text: string): Promise<string>;
  /**
   * One message as `userId` in `chat` (default their 1:1 chat), mentioning the bot, on `via` (default the
   * WeCom app; give 'wecom-bot' for a group): the whole turn. The demo directory's chats are the known groups.
   */
  turn(userId: string, text: string, chat?: ChatRef, via?: ChannelId): Promise<TurnResult>;
  handlers: readonly Handler<JsonState>[];
  fallback: Handler<JsonState>;
  /** 办结 through its questions (measures = the note, 已完成, no 意见建议); the last reply. */
  resolve(userId: string, caseNumber: string, note: string): Promise<string>;
  runJob(at?: Date): Promise<void>;
}

let drafts = 0;

/** `open` gives the engine (with the harness clock); the harness empties it and loads the demo directory. */
export async function createAlertHarness(store: StoreEngine, clock: { now: Date }, config: Partial<AlertConfig> = {}, lists?: ListSource): Promise<AlertHarness> {
  for (const model of MODELS) await store.collection(model as unknown as ModelSpec<Doc>).deleteMany({});
  const now = () => clock.now;
  await loadDirectoryFile(store, demoDirectoryPath(), now());
  const reports = createReportService({ store, secret: ALERT_TEST_SECRET, now, region: 'NX' });
  const directory = createDirectoryRepo(store);
  const sealer = testSealer(ALERT_TEST_SECRET);
  const outbox = createOutboxRepo(store.collection(outboxModel), sealer);
  const alerts = createAlertService({ store, reports, directory, outbox, ruleBook, calendar, templates, unitLevels, offices, now, logger: silent, owner: 'test', config, ...(lists ? { lists } : {}) });
  const job = createEscalationJob({ alerts, config });
  const { handlers, fallback } = createHandlers({
    reports,
    directory,
    alerts,
    monitoring: monitoringServiceFor(store, directory),
    categories: ruleBook.categories,
    idleMs: 3_600_000,
    anonymityMinTeachers: 20,
    surveys: createSurveyService({ store, surveys: [], secret: ALERT_TEST_SECRET, tz: 'Asia/Shanghai' }),
    dashboardLink: { issueLink: createDashboardLogin({ store, directory, now }).issueLink, publicUrl: () => 'http://127.0.0.1' },
    media: { download: () => Promise.reject(new Error('no media in tests')) },
  });
  const conversations = createConversationRepo(store.collection(conversationModel), testRecordSealer());
  const rows = async (keep: (r: OutboxRow) => boolean) =>
    (await outbox.list({}, 10_000)).filter(keep).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id));

  const groups = { isKnown: async (i: { via?: ChannelId; channel: ChannelId; chat: ChatRef }) => (await directory.orgOfChat(i.via ?? i.channel, i.chat.id)) !== null };
  const turn = (userId: string, text: string, chat: ChatRef = { kind: 'single', id: userId }, via?: ChannelId): Promise<TurnResult> =>
    runTurn(
      { conversations, handlers, fallback, templates, commands, groups },
      { kind: 'text', channel: 'wecom', ...(via ? { via } : {}), userId, text, dedupeKey: `m${++drafts}`, sentAt: clock.now, chat, mentioned: true },
      clock.now,
    );
  const chat = async (userId: string, text: string): Promise<string> => {
    const { replies }: { replies: Reply[] } = await turn(userId, text);
    return replies.map((r) => r.text).join('\n');
  };

  return {
    store,
    clock,
    reports,
    directory,
    outbox,
    sealer,
    alerts,
    job,
    async file(draft, userId = 'demo-teacher') {
      const { caseNumber } = await reports.submit(
        { draftId: `d${++drafts}`, kind: 'burden', content: '', anonymous: true, ...draft },
        { channel: 'wecom', userId, name: draft.anonymous === false ? '演示教师' : undefined },
      );
      await alerts.onReportSubmitted(caseNumber);
      return caseNumber;
    },
    async robotRows(orgId, platform = 'wecom') {
      const org = await directory.getOrg(orgId);
      const keys = new Set(org?.groups.filter((g) => g.channel === platform).map((g) => g.robotKey));
      return rows((r) => r.destination.kind === 'robot' && keys.has(r.destination.robotKey));
    },
    userRows: (userId) =>
      rows((r) => {
        const to = recipientOf(sealer, r.destination);
        return to.kind === 'user' && to.userId === userId;
      }),
    chat,
    turn,
    handlers,
    fallback,
    async resolve(userId, caseNumber, note) {
      let last = '';
      for (const text of [`办结 ${caseNumber} ${note}`, note, '1', '跳过']) last = await chat(userId, text);
      return last;
    },
    async runJob(at = clock.now) {
      const period = job.periodOf(at);
      await job.run({ at, period, late: false, logger: silent });
    },
  };
}

/** A describe block's engine and harness: the engine opened once with the suite's clock, a fresh harness before each test. */
export interface AlertSuite {
  clock: { now: Date };
  store: StoreEngine;
  h: AlertHarness;
}

export function useAlertSuite(engine: StoreEngineCase, start: Date): AlertSuite {
  const suite = { clock: { now: start } } as AlertSuite;
  beforeAll(async () => {
    suite.store = await engine.open(() => suite.clock.now);
  });
  afterAll(async () => {
    await suite.store?.close();
    await engine.dispose();
  });
  beforeEach(async () => {
    suite.clock.now = start;
    suite.h = await createAlertHarness(suite.store, suite.clock);
  });
  return suite;
}
