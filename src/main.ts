/**
 * Process entry and composition root: config -> engines -> services -> http + jobs. The only file that
 * names concrete engines and channels.
 */
import './heap-policy';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type pino from 'pino';
import { loadConfig, type Config } from './config';
import { createLogger } from './create-logger';
import { loadEnvFile, type EnvFileResult } from './load-env-file';
import { projectRoot } from './project-root';
import { isAppError } from './core/errors';
import { CHANNELS } from './core/channels';
import { loadTemplates } from './core/templates';
import { loadCommands } from './core/commands';
import { createDispatcher, type Dispatcher } from './core/dispatcher';
import type { Coord } from './coord/coord';
import { createMemoryCoord } from './coord/engines/memory-coord';
import { createRedisCoord } from './coord/engines/redis-coord';
import type { StoreEngine } from './store/collection';
import { createEmbeddedStore } from './store/engines/embedded-store';
import { createMongoStore } from './store/engines/mongo-store';
import { ALL_MODELS } from './store/all-models';
import { inboxModel } from './store/inbox.model';
import { conversationModel } from './store/conversation.model';
import { outboxModel } from './store/outbox.model';
import { leaseModel } from './store/lease.model';
import { createInboxRepo } from './store/inbox-repo';
import { createConversationRepo } from './store/conversation-repo';
import { createOutboxRepo, type OutboxRepo } from './store/outbox-repo';
import { createLeaseRepo } from './store/lease-repo';
import { claimSingleInstance } from './single-instance';
import { installationModel } from './store/installation.model';
import { recordFirstStart } from './store/installation-repo';
import { createOutboxRelay, type OutboxRelay } from './jobs/outbox-relay';
import { createScheduler, type Scheduler } from './jobs/scheduler';
import { jobRunModel } from './store/job-run.model';
import { createJobRunRepo } from './store/job-run-repo';
import { createAdminJobsRouter } from './http/admin-jobs-router';
import { createHttpApp } from './http/create-http-app';
import { createPromMetrics } from './http/prom-metrics';
import { registerOutboxMetrics } from './http/outbox-metrics';
import { createAddressSealer, createRecordSealer } from './domain/reports';
import { createAdminRouter } from './http/admin-router';
import { createAdminDirectoryRouter } from './http/admin-directory-router';
import { createDomain } from './create-domain';
import type { OutboxPort } from './core/ports';
import type { FakeWecomApi } from './channels/wecom/fake-wecom-api';
import type { FakeDingtalkApi } from './channels/dingtalk/fake-dingtalk-api';
import { startChannels } from './start-channels';
import { demoDirectoryPath } from './domain/directory/directory-file';
import { loadDirectoryIfChanged } from './domain/directory/load-directory-if-changed';
import { createAdminMonitoringRouter } from './http/admin-monitoring-router';
import { createAdminListsRouter } from './http/admin-lists-router';
import { createAdminExportsRouter } from './http/admin-exports-router';
import { loadDemoList, loadListColumns } from './domain/lists';
import { createDashboardRouter } from './http/dashboard-router';
import { loadDashboardHtml } from './http/dashboard-html';
import { createAdminAuditRouter } from './http/admin-audit-router';
import { SESSION_TTL_MS } from './domain/dashboard/dashboard-login';
import { BASE_YEAR } from './domain/dashboard/reduction-table';

export interface StartOptions {
  config: Config;
  logger?: pino.Logger;
  now?: () => Date;
  /** Where the demo stand-in for the WeCom API listens (default: PORT + 1, or a random port when PORT is 0). */
  demoApiPort?: number;
}

export interface RunningApp {
  url: string;
  server: Server;
  store: StoreEngine;
  coord: Coord;
  outbox: OutboxRepo;
  relay: OutboxRelay;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  /** The local stand-in for the WeCom API, in demo mode. */
  fakeWecom?: FakeWecomApi;
  /** The local stand-in for DingTalk's APIs, in demo mode. */
  fakeDingtalk?: FakeDingtalkApi;
  instanceId: string;
  stop(): Promise<void>;
}

export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config.logLevel);
  const now = opts.now ?? (() => new Date());
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const root = projectRoot();
  const templates = loadTemplates(join(root, 'templates', 'messages'));
  const commands = loadCommands(join(root, 'templates', 'commands.yaml'), join(root, 'templates', 'menu.yaml'));
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((e) => logger.warn({ err: e }, 'close failed'));
  };

  try {
    const store = config.mongodbUri ? await createMongoStore(config.mongodbUri) : await createEmbeddedStore(config.dataDir, { now });
    closers.push(() => store.close());
    // Every collection and its indexes now, so that an index conflict fails the start.
    await store.init(ALL_MODELS);
    const coord: Coord = config.redisUrl ? await createRedisCoord(config.redisUrl, { keyPrefix: config.redisKeyPrefix, onError: (e) => logger.warn({ err: e }, 'redis connection problem') }) : createMemoryCoord({ now: () => now().getTime() });
    closers.push(() => coord.close());
    logger.info({ store: store.kind, coord: coord.kind, instanceId }, 'engines ready');

    if (coord.kind === 'memory') closers.push(await claimSingleInstance(createLeaseRepo(store.collection(leaseModel)), instanceId, now, logger));

    const { channels, ready: channelsReady, dingtalk, fakeWecom, fakeDingtalk } = await startChannels(config, {
      coord,
      templates,
      logger,
      now,
      demoApiPort: opts.demoApiPort ?? (config.port === 0 ? 0 : config.port + 1),
      onClose: (close) => closers.push(close),
    });

    const directoryFile = config.directoryFile ?? (config.demo ? demoDirectoryPath() : undefined);
    if (directoryFile) {
      const loaded = await loadDirectoryIfChanged(store, directoryFile, now());
      logger.info(loaded.loaded ? { counts: loaded.counts } : { sha256: loaded.sha256 }, loaded.loaded ? 'directory loaded' : 'directory file unchanged: kept what is stored');
      if (loaded.loaded && loaded.warnings) logger.warn({ warnings: loaded.warnings }, 'directory warnings');
    }
    const { metrics, registry } = createPromMetrics();
    // People's addresses are sealed in the outbox; only the relay opens them, to send.
    const sealer = createAddressSealer(config.reportSecret);
    const records = createRecordSealer(config.reportSecret); // drafts and deliveries in the store
    const outbox = createOutboxRepo(store.collection(outboxModel), sealer);
    registerOutboxMetrics(registry, { stats: () => outbox.stats(), now });
    const relay = createOutboxRelay({ outbox, coord, channels, openAddress: (d) => sealer.open(d), openUsers: (d) => sealer.openUsers(d), logger, metrics, now, owner: instanceId, retryMs: config.outboxRetryMs });
    // Everything the domain queues goes out at once: the relay's timer only catches what this misses.
    const outboxPort: OutboxPort = {
      async enqueue(messages, at) {
        await outbox.enqueue(messages, at);
        relay.kick();
      },
    };
    let listening = '';
    const publicUrl = () => config.publicUrl ?? listening;
    const { alerts, monitoring, lists, workbench, dashboard, directory, handlers, fallback, jobs } = createDomain({ config, root, store, templates, commands, outbox: outboxPort, channels, logger, now, owner: instanceId, publicUrl });
    const listColumns = loadListColumns(join(root, 'templates', 'lists', 'columns.yaml'));
    if (config.demo) {
      const demo = (file: string) => ({ file: join(root, 'templates', 'demo', file), source: `templates/demo/${file}` });
      await loadDemoList(lists, listColumns, { kind: 'whitelist', ...demo('whitelist.csv') }, config, now(), logger);
      await loadDemoList(lists, listColumns, { kind: 'plan', ...demo('plan-2020.csv'), year: BASE_YEAR }, config, now(), logger);
    }
    const installedAt = await recordFirstStart(store.collection(installationModel), now());
    const scheduler = createScheduler({
      jobs,
      installedAt,
      runs: createJobRunRepo(store.collection(jobRunModel)),
      coord,
      logger,
      now,
      timezone: config.scheduleTz,
      owner: instanceId,
    });
    const dispatcher = createDispatcher({
      inbox: createInboxRepo(store.collection(inboxModel), records),
      conversations: createConversationRepo(store.collection(conversationModel), records),
      outbox: outboxPort,
      locks: coord,
      logger,
      metrics,
      now,
      budgetMs: config.replyBudgetMs,
      handlers,
      fallback,
      templates,
      commands,
      groups: { isKnown: async (inbound) => (await directory.orgOfChat(inbound.via ?? inbound.channel, inbound.chat.id)) !== null },
    });
    const stream = dingtalk?.startStream((r) => dispatcher.dispatch(r));
    if (stream) closers.push(() => stream.stop());

    const app = createHttpApp({
      channels: [...channels.values()].flatMap((adapter) => CHANNELS[adapter.id].routes.map((path) => ({ path, adapter }))),
      dispatcher,
      logger,
      now,
      ready: async () => {
        await store.ping();
        await coord.ping();
        await channelsReady();
        if (stream && !stream.isConnected()) throw new Error('DingTalk stream not connected');
      },
      metricsText: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
      extraRoutes: [
        createAdminRouter({ adminToken: config.adminToken, outbox, now }),
        createAdminDirectoryRouter({ adminToken: config.adminToken, store, now }),
        createAdminJobsRouter({ adminToken: config.adminToken, scheduler }),
        createAdminMonitoringRouter({ adminToken: config.adminToken, monitoring }),
        createAdminListsRouter({ adminToken: config.adminToken, lists, columns: listColumns, now }),
        createAdminExportsRouter({ adminToken: config.adminToken, workbench }),
        createAdminAuditRouter({ adminToken: config.adminToken, audit: dashboard.audit }),
        createDashboardRouter({
          port: {
            redeem: (token) => dashboard.login.redeem(token),
            viewerOf: (session) => dashboard.login.viewerOf(session),
            logout: (session) => dashboard.login.logout(session),
            record: (viewer, action, target, params) => dashboard.audit.record(viewer as Parameters<typeof dashboard.audit.record>[0], action, target, params),
            page: (viewer, id, params) => dashboard.service.page(viewer as Parameters<typeof dashboard.service.page>[0], id, params),
            exportTable: (viewer, id, params) => dashboard.service.exportTable(viewer as Parameters<typeof dashboard.service.exportTable>[0], id, params),
          },
          html: loadDashboardHtml(join(root, 'templates', 'dashboard')),
          secureCookie: publicUrl().startsWith('https:'),
          sessionSeconds: SESSION_TTL_MS / 1000,
          publicOrigin: () => (publicUrl() ? new URL(publicUrl()).origin : ''),
        }),
      ],
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, () => resolve(s));
      s.once('error', reject);
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    listening = url;

    relay.start(1000);
    // Never rejects: the catch-up of missed periods runs in the background and logs.
    void scheduler.start();
    const recovery = setInterval(() => {
      dispatcher.recover().catch((e) => logger.warn({ err: e }, 'recovery sweep failed'));
    }, 15_000);
    recovery.unref();
    // Alerts held back by a robot's per-minute limit go out (folded into a digest) once the minute has passed.
    const alertFlush = setInterval(() => {
      alerts.flush().catch((e) => logger.warn({ err: e }, 'alert flush failed'));
    }, 5000);
    alertFlush.unref();

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        logger.info('stopping: finishing messages under way');
        clearInterval(recovery);
        clearInterval(alertFlush);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await dispatcher.drain();
        await scheduler.stop();
        // A socket a browser opened ahead of its next request (the dashboard) counts as busy until Node's
        // header timeout, about 100 s: once the messages under way are done, what is left gets 5 s.
        const force = setTimeout(() => server.closeAllConnections(), 5000);
        await closed;
        clearTimeout(force);
        await relay.stop();
        await closeAll();
        logger.info('stopped');
      })());

    logger.info({ url, demo: config.demo }, 'listening');
    if (fakeWecom) {
      logger.info({ demoApi: fakeWecom.url }, 'demo mode: demo credentials, a local stand-in for the WeCom API. Chat with the bot: npm run chat');
    }
    return { url, server, store, coord, outbox, relay, dispatcher, scheduler, fakeWecom, fakeDingtalk, instanceId, stop };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

async function main(): Promise<void> {
  let config: Config;
  let envFile: EnvFileResult;
  try {
    envFile = loadEnvFile(process.env);
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`configuration error: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  if (envFile.path) {
    logger.info({ file: envFile.path, set: envFile.applied, keptFromEnvironment: envFile.overridden }, 'read .env');
  } else {
    logger.info('no .env file here: configuration from the environment only');
  }
  let app: RunningApp;
  try {
    app = await startApp({ config, logger });
  } catch (e) {
    if (isAppError(e, 'config_invalid') || isAppError(e, 'coord_unavailable') || isAppError(e, 'store_unavailable')) {
      logger.fatal(e.message);
    } else {
      logger.fatal({ err: e }, 'could not start');
    }
    process.exit(1);
  }
  const onSignal = (signal: string) => {
    logger.info({ signal }, 'signal received');
    app.stop().then(
      () => process.exit(0),
      (e) => {
        logger.error({ err: e }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

if (require.main === module) void main();
