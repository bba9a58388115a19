/**
 * Whether showing the school would name an anonymous reporter: a school with fewer people in the directory
 * than the configured minimum (ANONYMITY_MIN_TEACHERS) is small enough to guess who wrote, so the report
 * shows only its county (县区) unless the reporter says otherwise. A school the directory does not know
 * cannot be counted and counts as small.
 */
import type { DirectoryRepo } from '../directory/directory-repo';

export interface AnonymityArea {
  /** The county's name (the city's for a 市直属 school), shown instead of the school; absent when unknown. */
  areaName?: string;
  /** Fewer than the minimum (or not known): the report shows only the county unless the reporter chooses. */
  small: boolean;
  /** Why it is small: the directory counts too few people, or does not know the school. */
  reason?: 'few' | 'unknown';
}

export async function anonymityArea(
  directory: Pick<DirectoryRepo, 'bureauFor' | 'peopleAt'>,
  schoolId: string | undefined,
  minPeople: number,
): Promise<AnonymityArea> {
  if (!schoolId) return { small: true, reason: 'unknown' };
  const area = await directory.bureauFor(schoolId);
  const people = (await directory.peopleAt(schoolId)).length;
  const out: AnonymityArea = { small: people < minPeople, ...(area ? { areaName: area.name } : {}) };
  if (out.small) out.reason = 'few';
  return out;
}
