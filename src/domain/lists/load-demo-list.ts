/**
 * Demo mode: a demo list of the demo region (templates/demo/), unless one is imported: the whitelist of the
 * current year, and the base year's list of inspections carried out (the reduction's 2020 base,
 * 安市办通字〔2021〕3号). No plan of the current year: it would change what the matcher flags.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '../../core/ports';
import type { ListKind } from '../../store/activity-list.model';
import { ymdInZone } from '../calendar/time-zone';
import type { ListColumns } from './list-columns';
import type { ListRepo } from './list-repo';
import { parseActivityList } from './parse-activity-list';

export async function loadDemoList(
  lists: ListRepo,
  columns: ListColumns,
  list: { kind: ListKind; file: string; source: string; year?: number },
  where: { region: string; scheduleTz: string },
  now: Date,
  logger: Pick<Logger, 'info' | 'warn'>,
): Promise<void> {
  const year = list.year ?? Number(ymdInZone(now, where.scheduleTz).slice(0, 4));
  if (await lists.get(list.kind, where.region, year)) return;
  const parsed = await parseActivityList(readFileSync(list.file), 'csv', list.kind, columns);
  if (!parsed.ok) {
    logger.warn({ kind: list.kind, errors: parsed.errors.slice(0, 5) }, 'a demo list does not parse; none loaded');
    return;
  }
  await lists.replace(list.kind, where.region, year, parsed.entries, now, list.source);
  logger.info({ kind: list.kind, region: where.region, year, entries: parsed.entries.length }, 'demo list loaded');
}
