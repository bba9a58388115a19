/** Demo mode: the demo region's whitelist (templates/demo/whitelist.csv) for the current year, unless one is imported. */
import { readFileSync } from 'node:fs';
import type { Logger } from '../../core/ports';
import { ymdInZone } from '../calendar/time-zone';
import type { ListColumns } from './list-columns';
import type { ListRepo } from './list-repo';
import { parseActivityList } from './parse-activity-list';

export async function loadDemoWhitelist(
  lists: ListRepo,
  columns: ListColumns,
  file: string,
  where: { region: string; scheduleTz: string },
  now: Date,
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<void> {
  const year = Number(ymdInZone(now, where.scheduleTz).slice(0, 4));
  if (await lists.get('whitelist', where.region, year)) return;
  const parsed = await parseActivityList(readFileSync(file), 'csv', 'whitelist', columns);
  if (!parsed.ok) {
    logger.warn({ errors: parsed.errors.slice(0, 5) }, 'the demo whitelist does not parse; none loaded');
    return;
  }
  await lists.replace('whitelist', where.region, year, parsed.entries, now, 'templates/demo/whitelist.csv');
  logger.info({ region: where.region, year, entries: parsed.entries.length }, 'demo whitelist loaded');
}
