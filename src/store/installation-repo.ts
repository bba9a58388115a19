import { isAppError } from '../core/errors';
import type { Collection } from './collection';
import type { InstallationRow } from './installation.model';

const ID = 'installation';

/**
 * When this installation first started, recorded by its first start and never changed, so that a late run at
 * start catches up only the periods this installation was already running for.
 */
export async function recordFirstStart(rows: Collection<InstallationRow>, now: Date): Promise<Date> {
  const found = await rows.findOne({ _id: ID });
  if (found) return found.firstStartAt;
  try {
    await rows.insertOne({ _id: ID, firstStartAt: now });
    return now;
  } catch (e) {
    if (!isAppError(e, 'duplicate_key')) throw e;
    // Another instance's first start won the race: its time is the installation's.
    return (await rows.findOne({ _id: ID }))!.firstStartAt;
  }
}
