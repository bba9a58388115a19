/**
 * A crashed instance restarts at once: after kill -9 the next start on the same DATA_DIR serves, while a
 * second live process on it is refused (embedded store, in-memory coordination).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startTestApp, tempDataDir, removeDir } from '../helpers/start-test-app';

function startChild(dataDir: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'helpers', 'app-child.js')], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('ready ') || l.startsWith('failed '));
      if (line) resolve({ child, line });
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before starting: ${out}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('restart after a crash', () => {
  const dataDir = tempDataDir();
  afterAll(() => removeDir(dataDir));

  it('a second live process on the same DATA_DIR is refused; after kill -9 the next start serves', async () => {
    const { child, line } = await startChild(dataDir);
    expect(line).toMatch(/^ready http:/);
    try {
      await expect(startTestApp({ dataDir })).rejects.toThrow(/in use by process/);
    } finally {
      await killed(child);
    }

    const t = await startTestApp({ dataDir });
    try {
      const res = await fetch(`${t.app.url}/readyz`);
      expect(res.status).toBe(200);
      const answer = await t.peer.say('demo-teacher', '帮助');
      expect(answer.status).toBe(200);
      expect(answer.replyText).toContain('反映');
    } finally {
      await t.stop();
    }
  }, 60_000);
});
