import { AppError } from '../../core/errors';
import type { StoreEngine } from '../../store/collection';
import { readDirectoryFile } from './directory-file';
import { formatRowErrors } from './directory-rows';
import { loadDirectory } from './load-directory';

/**
 * The DIRECTORY file at start: parsed, validated whole, then upserted. Any row error stops the start with
 * every error listed and nothing written; the counts say what was loaded.
 */
export async function loadDirectoryFile(store: StoreEngine, path: string, now: Date): Promise<{ counts: unknown; warnings: string }> {
  const parsed = readDirectoryFile(path);
  if (!parsed.ok) throw new AppError('config_invalid', `DIRECTORY ${path}: nothing loaded:\n${formatRowErrors(parsed.errors)}`);
  const result = await loadDirectory(store, parsed.rows, now);
  if (!result.ok && result.stage === 'validate') {
    throw new AppError('config_invalid', `DIRECTORY ${path}: nothing loaded:\n${formatRowErrors(result.errors)}`);
  }
  if (!result.ok) throw new AppError('store_unavailable', `DIRECTORY ${path}: write failed at ${result.failedAt}: ${result.message} (safe to retry)`);
  return { counts: result.counts, warnings: formatRowErrors([...parsed.warnings, ...result.warnings]) };
}
