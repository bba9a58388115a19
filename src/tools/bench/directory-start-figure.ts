/**
 * Start with a 10,000-point directory (DIRECTORY=<file>): the first start loads it; a restart on the same data
 * with the file unchanged must be ready in under 5 s. Measured from startApp until it resolves (listening,
 * jobs scheduled).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { atMost, info, type Figure } from './figure';
import { benchDataDir, startBenchApp } from './bench-app';
import { writeBenchDirectory } from './bench-directory';

const POINTS = Number(process.env.BENCH_DIRECTORY_POINTS || 10_000);

async function timedStart(dataDir: string, directory: string): Promise<number> {
  const t0 = performance.now();
  const app = await startBenchApp(dataDir, { DIRECTORY: directory });
  const seconds = (performance.now() - t0) / 1000;
  await app.stop();
  return seconds;
}

export const directoryStartFigure: Figure = {
  name: 'directory-start',
  async run() {
    const data = benchDataDir();
    try {
      const filesDir = join(data.dir, 'files');
      mkdirSync(filesDir);
      const directory = writeBenchDirectory(filesDir, POINTS);
      const storeDir = join(data.dir, 'store');
      const first = await timedStart(storeDir, directory.path);
      const again = await timedStart(storeDir, directory.path);
      return [info(`start, ${POINTS}-point directory, first load`, `${first.toFixed(1)} s`), atMost(`start, ${POINTS}-point directory unchanged`, again, 5, 's')];
    } finally {
      data.remove();
    }
  },
};
