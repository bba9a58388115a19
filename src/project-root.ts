import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder with package.json above this file, in src/ (tests) and in dist/src/ (built) alike. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}
