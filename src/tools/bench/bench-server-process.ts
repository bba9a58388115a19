/**
 * The app (or the bare pipeline) as a process of its own, for the figures whose measure is the server's alone: its resident memory (VmRSS now, VmHWM the peak, from /proc), and answers not slowed by a
 * client in the same process. The child's working directory is the data directory, so no `.env` is read.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../project-root';

export interface BenchServer {
  url: string;
  port: number;
  /** Seconds from the spawn until /readyz answered 200. */
  startS: number;
  rssMb(): number;
  peakRssMb(): number;
  /** CPU time its main thread has used (user and system), ms: the JavaScript, not V8's compiler or GC helpers. */
  mainThreadCpuMs(): number;
  stop(): Promise<void>;
}

/** Listens on `port` (0: any) and closes again: the port it got, or null when that one is taken. */
function probePort(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(null));
    probe.listen(port, '127.0.0.1', () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
  });
}

/** A port free now, with the two above it (the demo's stand-ins for the WeCom and DingTalk APIs). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await probePort(0);
    if (port === null || port >= 65_000) continue;
    if ((await probePort(port + 1)) !== null && (await probePort(port + 2)) !== null) return port;
  }
}

/** Clock ticks a second of /proc's times (USER_HZ, 100 on Linux as built for every mainstream platform). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process's main thread (its task of the same id), from /proc/<pid>/task/<pid>/stat. */
export function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces, hence after its closing parenthesis): state is
  // the first, utime and stime the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.replace(/\D+/g, '') ?? NaN);
}

/** The app (`dist/src/main.js`, demo mode) on `dataDir`; its demo stand-ins listen on the two ports above its own. */
export function spawnBenchServer(dataDir: string, env: Record<string, string> = {}): Promise<BenchServer> {
  return spawnBenchProcess(join(projectRoot(), 'dist', 'src', 'main.js'), [], dataDir, { DATA_DIR: dataDir, ...env });
}

/** A compiled script serving HTTP on the PORT it is given, once its /readyz answers 200. */
export async function spawnBenchProcess(script: string, args: string[], cwd: string, env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', script, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode} before /readyz`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (performance.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`${script} was not ready within 120 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = child.pid!;
  return {
    url,
    port,
    startS: (performance.now() - started) / 1000,
    rssMb: () => statusKb(pid, 'VmRSS') / 1024,
    peakRssMb: () => statusKb(pid, 'VmHWM') / 1024,
    mainThreadCpuMs: () => mainThreadCpuMs(pid),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
