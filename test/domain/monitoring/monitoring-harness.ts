/**
 * The monitoring on the embedded store in memory with the demo directory (10 points of 宁教办函〔2023〕95号,
 * each with its liaison), the real templates, commands, schedule and questionnaire, and a real outbox.
 */
import { join } from 'node:path';
import { loadTemplates } from '../../../src/core/templates';
import { loadCommands } from '../../../src/core/commands';
import { createDirectoryRepo, type DirectoryRepo } from '../../../src/domain/directory/directory-repo';
import type { StoreEngine } from '../../../src/store/collection';
import { demoDirectoryPath } from '../../../src/domain/directory/directory-file';
import { loadDirectoryFile } from '../../../src/domain/directory/load-directory-file';
import { loadMonitoringConfig } from '../../../src/domain/monitoring/load-monitoring-config';
import { createMonitoringService } from '../../../src/domain/monitoring/monitoring-service';
import { createMonthlyJobs } from '../../../src/jobs/monthly-jobs';
import type { JobDefinition, JobLogger } from '../../../src/jobs/job';
import { createOutboxRepo } from '../../../src/store/outbox-repo';
import { outboxModel } from '../../../src/store/outbox.model';
import { pointModel } from '../../../src/store/point.model';
import type { MonthlyAnswers } from '../../../src/store/monthly-answer.model';
import { memoryEngines } from '../../helpers/memory-engines';
import { recipientOf, testSealer } from '../../helpers/test-sealer';
import type { Destination } from '../../../src/core/message';

export const root = join(__dirname, '../../..');
export const templates = loadTemplates(join(root, 'templates', 'messages'));
export const commands = loadCommands(join(root, 'templates', 'commands.yaml'));
export const questionnairesDir = join(root, 'templates', 'questionnaires');

/** Demo point ids: `<school>:2026-2027:region`. */
export const pointId = (school: string) => `${school}:2026-2027:region`;
export const DEMO_POINT = pointId('NX-YC-YN-S01'); // demo-liaison's 永宁县望洪镇红星村小学

export const silentLogger: JobLogger & { warnings: object[] } = {
  warnings: [],
  info() {},
  warn(obj: object) {
    silentLogger.warnings.push(obj);
  },
  error() {},
};

export const noneAnswers = (): MonthlyAnswers => ({ inspections: [], activities: [], forms: [], secondments: [], flexibleHours: 'yes' });

/** The monitoring service over a store and directory a test already has (e.g. for createHandlers in a harness). */
export function monitoringServiceFor(store: StoreEngine, directory: DirectoryRepo, region = 'NX') {
  return createMonitoringService({ store, directory, templates, ...loadMonitoringConfig(questionnairesDir, region) });
}

export async function monitoringHarness(region = 'NX') {
  const engines = await memoryEngines();
  await loadDirectoryFile(engines.store, demoDirectoryPath(), new Date('2026-09-01T00:00:00Z'));
  const directory = createDirectoryRepo(engines.store);
  const monitoring = monitoringServiceFor(engines.store, directory, region);
  const sealer = testSealer();
  const outbox = createOutboxRepo(engines.store.collection(outboxModel), sealer);
  let clock = new Date('2026-11-25T01:00:00Z');
  const jobs = createMonthlyJobs({ monitoring, directory, outbox, templates, commands, now: () => clock });
  const job = (name: string) => jobs.find((j) => j.name === name)!;
  return {
    ...engines,
    directory,
    monitoring,
    outbox,
    sealer,
    /** Where a row goes, its sealed address opened. */
    recipient: (d: Destination) => recipientOf(sealer, d),
    jobs,
    job,
    setClock(d: Date) {
      clock = d;
    },
    /** Runs a job as the scheduler would at `at`: the period it names, on time. */
    async runAt(j: JobDefinition, at: Date) {
      clock = at;
      const period = j.periodOf(at);
      return { period, result: await j.run({ at, period, late: false, logger: silentLogger }) };
    },
    async outboxIds(prefix = '') {
      return (await outbox.list({}, 1000)).map((r) => r._id).filter((id) => id.startsWith(prefix)).sort();
    },
    /** Takes the liaison away from a point (as a directory without one would have it). */
    async dropLiaison(id: string) {
      await engines.store.collection(pointModel).updateOne({ _id: id }, { $unset: { liaisonUserKey: true } });
    },
    async submitAs(userId: string, point: string, period: string, answers: MonthlyAnswers, at: Date, draftId = `d-${point}-${at.getTime()}`) {
      return monitoring.submit({ pointId: point, period, answers, draftId, by: { channel: 'wecom', userId } }, at);
    },
  };
}

export type MonitoringHarness = Awaited<ReturnType<typeof monitoringHarness>>;
