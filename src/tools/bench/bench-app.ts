/** The whole app started for a figure, on a fresh data directory removed afterwards (or kept, to restart on it). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { createLogger } from '../../create-logger';
import { startApp, type RunningApp } from '../../main';

export function benchDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'jianfu-bench-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startBenchApp(dataDir: string, env: Record<string, string> = {}): Promise<RunningApp> {
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, ...env });
  return startApp({ config, logger: createLogger('silent') });
}

/** Runs `use` against an app on a fresh data directory, then stops it and removes the directory. */
export async function withBenchApp<T>(env: Record<string, string>, use: (app: RunningApp) => Promise<T>): Promise<T> {
  const data = benchDataDir();
  const app = await startBenchApp(data.dir, env);
  try {
    return await use(app);
  } finally {
    await app.stop();
    data.remove();
  }
}

/** Whether Redis answers at REDIS_URL (default the local one): figures "with Redis" are skipped otherwise. */
export async function benchRedisUrl(): Promise<string | undefined> {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const { createRedisCoord } = await import('../../coord/engines/redis-coord');
  try {
    const c = await createRedisCoord(url);
    await c.close();
    return url;
  } catch {
    return undefined;
  }
}
