/**
 * The full message path (durable dedupe, the user's lock, conversation state, the handler, the encrypted
 * passive reply) against the bare pipeline, in the same run: full/bare ≥ 0.75 and p99 < 50 ms at 50
 * connections, on the embedded engine, and the same with Redis when it answers.
 */
import { atLeast, atMost, info, type Figure, type FigureLine } from './figure';
import { startBarePipeline } from './bare-pipeline';
import { benchRedisUrl, withBenchApp } from './bench-app';
import { CONCURRENCY, driveWecom, TOTAL, type DriveResult } from './drive-wecom';

function lines(label: string, full: DriveResult, bare: DriveResult): FigureLine[] {
  return [
    atLeast(`message path ${label}: full/bare (${full.perSecond.toFixed(0)}/${bare.perSecond.toFixed(0)} msg/s)`, full.perSecond / bare.perSecond, 0.75, ''),
    atMost(`message path ${label}: p99 at ${CONCURRENCY} connections`, full.p99, 50, 'ms'),
    ...(full.errors > 0 ? [{ figure: `message path ${label}: errors`, measured: String(full.errors), goal: '0', met: false }] : []),
  ];
}

export const messagePathFigure: Figure = {
  name: 'message-path',
  async run() {
    const bareServer = await startBarePipeline();
    const bare = await driveWecom(bareServer.url);
    await bareServer.close();
    const out: FigureLine[] = [info(`bare pipeline (koa+crypto+xml), ${TOTAL} messages`, `${bare.perSecond.toFixed(0)} msg/s, p99 ${bare.p99.toFixed(1)} ms`)];
    out.push(...lines('embedded', await withBenchApp({}, (app) => driveWecom(app.url)), bare));
    const redisUrl = await benchRedisUrl();
    if (redisUrl) out.push(...lines('embedded + Redis', await withBenchApp({ REDIS_URL: redisUrl }, (app) => driveWecom(app.url)), bare));
    else out.push(info('message path embedded + Redis', `skipped: Redis at ${process.env.REDIS_URL || 'redis://127.0.0.1:6379'} does not answer`));
    return out;
  },
};
