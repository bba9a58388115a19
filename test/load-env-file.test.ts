import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFile } from '../src/load-env-file';

describe('loadEnvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianfu-env-'));

  it('sets what the file says, keeps what the environment already sets, and names no value', () => {
    const file = join(dir, '.env');
    writeFileSync(file, '# a comment\nPORT=4000\nWECOM_SECRET="s3cret value"\nREGION=GZ\nEMPTY=\n');
    const env: NodeJS.ProcessEnv = { REGION: 'NX' };
    const result = loadEnvFile(env, file);
    expect(env).toEqual({ REGION: 'NX', PORT: '4000', WECOM_SECRET: 's3cret value', EMPTY: '' });
    expect(result).toEqual({ path: file, applied: ['EMPTY', 'PORT', 'WECOM_SECRET'], overridden: ['REGION'] });
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('without a file changes nothing', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(env, join(dir, 'missing.env'))).toEqual({ applied: [], overridden: [] });
    expect(env).toEqual({});
  });
});
