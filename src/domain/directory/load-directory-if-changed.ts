import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { StoreEngine } from '../../store/collection';
import { directoryFingerprintModel } from '../../store/directory-fingerprint.model';
import { loadDirectoryFile } from './load-directory-file';

const ID = 'directory-file';

export type StartLoad = { loaded: true; counts: unknown; warnings: string } | { loaded: false; sha256: string };

/**
 * The DIRECTORY file at start, loaded only when it changed: its SHA-256 is stored after a whole load, and a
 * start whose file has the stored fingerprint keeps what the store holds (changes made since through the
 * admin API included). A file that cannot be read goes to loadDirectoryFile, which says why.
 */
export async function loadDirectoryIfChanged(store: StoreEngine, path: string, now: Date): Promise<StartLoad> {
  const rows = store.collection(directoryFingerprintModel);
  let sha256: string | undefined;
  try {
    sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    sha256 = undefined;
  }
  if (sha256 !== undefined && (await rows.findOne({ _id: ID }))?.sha256 === sha256) return { loaded: false, sha256 };
  const result = await loadDirectoryFile(store, path, now);
  if (sha256 !== undefined) await rows.updateOne({ _id: ID }, { $set: { sha256, loadedAt: now } }, { upsert: true });
  return { loaded: true, ...result };
}
