import { join } from 'node:path';
import { loadSchedule, type RegionSchedule } from './monitoring-schedule';
import { loadQuestionnaire, type Questionnaire } from './questionnaire';

/**
 * The region's schedule and the questionnaire it names, from templates/questionnaires/. A region without its
 * own schedule gets the default one: `usedDefault` says so, for a warning at start.
 */
export function loadMonitoringConfig(dir: string, region: string): { schedule: RegionSchedule; questionnaire: Questionnaire; usedDefault: boolean } {
  const { schedule, usedDefault } = loadSchedule(join(dir, 'schedule.yaml'), region);
  const questionnaire = loadQuestionnaire(join(dir, `${schedule.questionnaire}.yaml`));
  return { schedule, questionnaire, usedDefault };
}
