/**
 * The full message path of each inbound channel (durable dedupe, the user's lock, conversation state, the
 * handler, the reply) against that channel's bare pipeline, in the same run: full/bare ≥ 0.75 and p99 < 50
 * ms at 50 connections, on the embedded engine, and the same with Redis when it answers. Each engine's app
 * is started once, with the demo config (all three channels), and the channels are driven one after the
 * other in the order of BENCH_CHANNELS.
 */
import type { RunningApp } from '../../main';
import { atLeast, atMost, info, type Figure, type FigureLine } from './figure';
import { startBarePipeline } from './bare-pipeline';
import { benchRedisUrl, withBenchApp } from './bench-app';
import type { BenchChannel, ChannelRun } from './bench-channel';
import { CONCURRENCY, TOTAL, type DriveResult } from './drive-messages';
import { dingtalkBench } from './drive-dingtalk';
import { wecomBench } from './drive-wecom';
import { wecomBotBench } from './drive-wecom-bot';

/** Every inbound channel of the figure: one line per channel. */
const BENCH_CHANNELS: readonly BenchChannel[] = [wecomBench, wecomBotBench, dingtalkBench];

function lines(label: string, full: ChannelRun, bare: DriveResult): FigureLine[] {
  return [
    atLeast(`message path ${label}: full/bare (${full.perSecond.toFixed(0)}/${bare.perSecond.toFixed(0)} msg/s)`, full.perSecond / bare.perSecond, 0.75, ''),
    atMost(`message path ${label}: p99 at ${CONCURRENCY} connections`, full.p99, 50, 'ms'),
    ...(full.notes ?? []).map((n) => info(`message path ${label}: ${n.what}`, n.measured)),
    ...(full.errors > 0 ? [{ figure: `message path ${label}: errors`, measured: String(full.errors), goal: '0', met: false }] : []),
  ];
}

/** Each channel driven at one app, in turn. */
async function driveAll(engine: string, app: RunningApp, bare: Map<BenchChannel, DriveResult>): Promise<FigureLine[]> {
  const out: FigureLine[] = [];
  for (const channel of BENCH_CHANNELS) out.push(...lines(`${channel.id}, ${engine}`, await channel.drive(app.url, app), bare.get(channel)!));
  return out;
}

export const messagePathFigure: Figure = {
  name: 'message-path',
  async run() {
    const out: FigureLine[] = [];
    const bare = new Map<BenchChannel, DriveResult>();
    for (const channel of BENCH_CHANNELS) {
      const server = await startBarePipeline(channel.bareAdapter());
      const result = await channel.drive(server.url).finally(() => server.close());
      bare.set(channel, result);
      const errors = result.errors > 0 ? `, ${result.errors} errors` : '';
      out.push(info(`bare pipeline ${channel.id} (${channel.bare}), ${TOTAL} messages`, `${result.perSecond.toFixed(0)} msg/s, p99 ${result.p99.toFixed(1)} ms${errors}`));
    }
    out.push(...(await withBenchApp({}, (app) => driveAll('embedded', app, bare))));
    const redisUrl = await benchRedisUrl();
    if (redisUrl) out.push(...(await withBenchApp({ REDIS_URL: redisUrl }, (app) => driveAll('embedded + Redis', app, bare))));
    else out.push(info('message path embedded + Redis', `skipped: Redis at ${process.env.REDIS_URL || 'redis://127.0.0.1:6379'} does not answer`));
    return out;
  },
};
