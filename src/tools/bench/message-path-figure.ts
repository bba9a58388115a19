/**
 * The full message path of each inbound channel (durable dedupe, the user's lock, conversation state, the
 * handler, the reply) against that channel's bare pipeline, in the same run: full/bare ≥ 0.75 and p99 < 50
 * ms at 50 connections, on the embedded engine, and the same with Redis when it answers. Each engine's app
 * is started once, with the demo config (all three channels), and the channels are driven one after the
 * other in the order of BENCH_CHANNELS. The app and each bare pipeline run as processes of their own (the
 * client is this process), so that the server's own time is measured, on the other core.
 */
import { join } from 'node:path';
import { DEMO_DINGTALK } from '../../config';
import { startFakeDingtalkApi } from '../../channels/dingtalk/fake-dingtalk-api';
import { atLeast, atMost, info, type Figure, type FigureLine } from './figure';
import { benchDataDir, benchRedisUrl } from './bench-app';
import type { ChannelRun } from './bench-channel';
import { BENCH_CHANNELS } from './bench-channels';
import { spawnBenchProcess, spawnBenchServer } from './bench-server-process';
import { CONCURRENCY, TOTAL, type DriveResult } from './drive-messages';

function lines(label: string, full: ChannelRun, bare: DriveResult): FigureLine[] {
  return [
    atLeast(`message path ${label}: full/bare (${full.perSecond.toFixed(0)}/${bare.perSecond.toFixed(0)} msg/s)`, full.perSecond / bare.perSecond, 0.75, ''),
    atMost(`message path ${label}: p99 at ${CONCURRENCY} connections`, full.p99, 50, 'ms'),
    ...(full.notes ?? []).map((n) => info(`message path ${label}: ${n.what}`, n.measured)),
    ...(full.errors > 0 ? [{ figure: `message path ${label}: errors`, measured: String(full.errors), goal: '0', met: false }] : []),
  ];
}

/**
 * A stand-in for the DingTalk API in this process, fresh for each run: DingTalk's replies are API calls, and
 * the platform's work of taking them is neither the bare pipeline's nor the app's.
 */
async function withDingtalkStandIn<R>(run: (url: string) => Promise<R>): Promise<R> {
  const standIn = await startFakeDingtalkApi({ clientId: DEMO_DINGTALK.clientId, clientSecret: DEMO_DINGTALK.clientSecret, anySecret: DEMO_DINGTALK.robotSecret });
  try {
    return await run(standIn.url);
  } finally {
    await standIn.close();
  }
}

/** The full app as a process of its own on a fresh store, each channel driven at it in turn. */
async function driveApp(engine: string, env: Record<string, string>, bare: Map<string, DriveResult>): Promise<FigureLine[]> {
  const data = benchDataDir();
  try {
    return await withDingtalkStandIn(async (dingtalkApi) => {
      const app = await spawnBenchServer(data.dir, { ...env, DINGTALK_API_BASE: dingtalkApi });
      const demo = { wecom: `http://127.0.0.1:${app.port + 1}`, dingtalk: dingtalkApi };
      try {
        const out: FigureLine[] = [];
        for (const channel of BENCH_CHANNELS) out.push(...lines(`${channel.id}, ${engine}`, await channel.drive(app.url, demo), bare.get(channel.id)!));
        return out;
      } finally {
        await app.stop();
      }
    });
  } finally {
    data.remove();
  }
}

export const messagePathFigure: Figure = {
  name: 'message-path',
  async run() {
    const out: FigureLine[] = [];
    const bare = new Map<string, DriveResult>();
    for (const channel of BENCH_CHANNELS) {
      const result = await withDingtalkStandIn(async (dingtalkApi) => {
        const server = await spawnBenchProcess(join(__dirname, 'bare-server.js'), [channel.id, dingtalkApi], __dirname, {});
        return channel.drive(server.url, { wecom: server.url, dingtalk: dingtalkApi }).finally(() => server.stop());
      });
      bare.set(channel.id, result);
      const errors = result.errors > 0 ? `, ${result.errors} errors` : '';
      out.push(info(`bare pipeline ${channel.id} (${channel.bare}), ${TOTAL} messages`, `${result.perSecond.toFixed(0)} msg/s, p99 ${result.p99.toFixed(1)} ms${errors}`));
    }
    out.push(...(await driveApp('embedded', {}, bare)));
    const redisUrl = await benchRedisUrl();
    if (redisUrl) out.push(...(await driveApp('embedded + Redis', { REDIS_URL: redisUrl }, bare)));
    else out.push(info('message path embedded + Redis', `skipped: Redis at ${process.env.REDIS_URL || 'redis://127.0.0.1:6379'} does not answer`));
    return out;
  },
};
