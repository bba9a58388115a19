import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

export interface EnvFileResult {
  /** The file read, or undefined when there is none. */
  path?: string;
  /** The variables it set (names only: values may be secrets). */
  applied: string[];
  /** Variables of the file that the environment already sets: the environment wins. */
  overridden: string[];
}

/**
 * Reads `.env` (dotenv syntax, as Node's own parser reads it) into `env` when the file exists. A variable the
 * environment already sets is left as it is, so a deployment's environment always wins over the file.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv, file = '.env'): EnvFileResult {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { applied: [], overridden: [] };
    throw e;
  }
  const applied: string[] = [];
  const overridden: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) overridden.push(name);
    else {
      env[name] = value;
      applied.push(name);
    }
  }
  return { path, applied: applied.sort(), overridden: overridden.sort() };
}
