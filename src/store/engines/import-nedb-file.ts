import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import * as nedbModel from '@seald-io/nedb/lib/model';
import { AppError } from '../../core/errors';

type Plain = Record<string, unknown>;

/** Share of unreadable lines past which nedb itself refused to load a datafile (its corruptAlertThreshold). */
const CORRUPT_THRESHOLD = 0.1;

/**
 * The documents of a collection as the earlier embedded engine (nedb) left them in `<dataDir>/<name>.db`, read
 * the way nedb loaded it: one serialized document per line, a later line for the same _id replacing the earlier,
 * `$$deleted` removing it, index lines skipped, an append torn by a crash (no newline after it) ignored, other unreadable lines tolerated up to nedb's own 10%. nedb's compaction writes `<name>.db~`
 * first and renames it; when only that is there, it is the data. Null when there is no such file.
 */
export function readNedbFile(dataDir: string, name: string): { docs: Plain[]; file: string } | null {
  const file = [path.join(dataDir, `${name}.db`), path.join(dataDir, `${name}.db~`)].find((f) => existsSync(f));
  if (!file) return null;
  const text = readFileSync(file, 'utf8');
  // nedb ends every append with a newline: text after the last one is an append torn by a crash.
  const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((l) => l !== '');
  const byId = new Map<string, Plain>();
  let corrupt = 0;
  for (const line of lines) {
    let doc: Plain;
    try {
      doc = nedbModel.deserialize(line) as Plain;
    } catch {
      corrupt += 1;
      continue;
    }
    if (typeof doc._id !== 'string' && typeof doc._id !== 'number') continue; // $$indexCreated / $$indexRemoved
    const id = String(doc._id);
    if (doc.$$deleted === true) byId.delete(id);
    else byId.set(id, doc);
  }
  if (lines.length > 0 && corrupt / lines.length > CORRUPT_THRESHOLD) {
    throw new AppError('store_unavailable', `${file}: ${corrupt} of ${lines.length} lines cannot be read; refusing to import it`);
  }
  return { docs: [...byId.values()], file };
}

/** Moves an imported datafile aside, so it is never imported again (and is still there to look at). */
export function setNedbFileAside(file: string): void {
  renameSync(file, `${file}.imported`);
}
