/**
 * The server's peak memory after 100,000 messages (goal < 250 MB): the app as a process of its own on a fresh
 * store, 帮助 through the WeCom app's callback from 500 users at 50 connections, every reply checked; the
 * peak is the kernel's high-water mark of the process's resident set (VmHWM), so no sampling can miss it.
 */
import { join } from 'node:path';
import { atMost, info, type Figure } from './figure';
import { benchDataDir } from './bench-app';
import { spawnBenchServer } from './bench-server-process';
import { describeErrors, driveMessages } from './drive-messages';
import { wecomClient } from './drive-wecom';

const MESSAGES = Number(process.env.BENCH_MEMORY_MESSAGES || 100_000);

export const memoryFigure: Figure = {
  name: 'memory',
  async run() {
    const data = benchDataDir();
    try {
      const server = await spawnBenchServer(join(data.dir));
      try {
        const atStart = server.rssMb();
        const run = await driveMessages(wecomClient(server.url), 'bench-memory-user', { total: MESSAGES });
        return [
          info(`memory: ${MESSAGES} messages at the server`, `${run.perSecond.toFixed(0)} msg/s, ${describeErrors(run.errors)} errors; RSS ${atStart.toFixed(0)} MB at start, ${server.rssMb().toFixed(0)} MB after`),
          atMost(`server peak RSS after ${MESSAGES} messages`, server.peakRssMb(), 250, 'MB', 0),
        ];
      } finally {
        await server.stop();
      }
    } finally {
      data.remove();
    }
  },
};
