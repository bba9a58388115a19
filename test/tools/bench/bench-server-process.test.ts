/**
 * The bench reads a server's main-thread CPU time from /proc: what the JavaScript used, not what V8's other
 * threads (compiler, collector helpers) or the process's worker threads did.
 */
import { Worker } from 'node:worker_threads';
import { mainThreadCpuMs } from '../../../src/tools/bench/bench-server-process';

/** Spins until this process has used `ms` more CPU time (all its threads together). */
function burn(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

describe('mainThreadCpuMs', () => {
  it('counts the CPU time the main thread spends', () => {
    const before = mainThreadCpuMs(process.pid);
    burn(300);
    const spent = mainThreadCpuMs(process.pid) - before;
    // /proc counts in ticks of 10 ms; the loop itself is the main thread's.
    expect(spent).toBeGreaterThanOrEqual(200);
    expect(spent).toBeLessThanOrEqual(400);
  });

  it('does not count what a worker thread spends while the main thread waits', async () => {
    const before = mainThreadCpuMs(process.pid);
    const worker = new Worker('const t = process.cpuUsage(); for (;;) { const u = process.cpuUsage(t); if (u.user + u.system >= 400000) break; }', { eval: true });
    await new Promise((resolve, reject) => worker.once('exit', resolve).once('error', reject));
    expect(mainThreadCpuMs(process.pid) - before).toBeLessThan(150);
  });
});
