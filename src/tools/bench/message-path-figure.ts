/**
 * The full message path of each inbound channel (durable dedupe, the user's lock, conversation state, the
 * handler, the reply) against that channel's bare pipeline, in the same run: full/bare ≥ 0.75 and p99 < 50
 * ms at 50 connections, on the embedded engine, and the same with Redis when it answers. In each round
 * (BENCH_ROUNDS, default 3) every bare pipeline runs, then each engine's app, started with the demo config
 * (all three channels), the channels driven one after the other in the order of BENCH_CHANNELS; the lines
 * give the medians. The app and each bare pipeline run as processes of their own (the
 * client is this process), so that the server's own time is measured, on the other core. Beside the rates,
 * the server's main-thread CPU time over the timed part, a message: what the rates measure without the
 * machine's neighbours (a rate falls when another process takes the core, the CPU time a message does not).
 * From it, what the ratio's goal leaves the full path's own work (the bare pipeline's CPU ÷ 0.75, less the bare
 * pipeline's), beside what that work takes and the part of it the store's operations alone take (store-work.ts,
 * measured first, in this process, while nothing else runs).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DEMO_DINGTALK } from '../../config';
import { startFakeDingtalkApi } from '../../channels/dingtalk/fake-dingtalk-api';
import { atLeast, atMost, info, type Figure, type FigureLine } from './figure';
import { benchDataDir, benchRedisUrl } from './bench-app';
import type { BenchChannel, ChannelRun, DemoApis } from './bench-channel';
import { BENCH_CHANNELS } from './bench-channels';
import { spawnBenchProcess, spawnBenchServer, type BenchServer } from './bench-server-process';
import { measureStoreWork } from './store-work';
import { addErrors, CONCURRENCY, describeErrors, errorTotal, TOTAL, type DriveResult } from './drive-messages';

/**
 * Rounds of the whole comparison (every bare pipeline, then each engine's app), interleaved: on a shared
 * machine one run of a server can be slowed by a neighbour while the next one is not (a bare pipeline seen at
 * 1,331 and at 3,060 msg/s in two runs of one hour), and a ratio of two single runs then says nothing.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS || 3));

/** The run of median rate among `runs` (the lower middle for an even count). */
function medianRun<R extends DriveResult>(runs: readonly R[]): R {
  return [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor((runs.length - 1) / 2)]!;
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
}

const rates = (runs: readonly DriveResult[]): string => runs.map((r) => r.perSecond.toFixed(0)).join(', ');

const cpuOf = (runs: readonly ChannelRun[]): number => median(runs.map((r) => r.serverCpuUs ?? NaN));

/** The ratio the goal asks of the full path against the bare pipeline. */
const GOAL_RATIO = 0.75;

/** `storeUs`: the store's own operations of one such message, measured alone (store-work.ts). */
function lines(label: string, full: readonly ChannelRun[], bare: readonly ChannelRun[], storeUs: number): FigureLine[] {
  const f = medianRun(full);
  const b = medianRun(bare);
  const errors = addErrors(...full.map((r) => r.errors));
  const [fullCpu, bareCpu] = [cpuOf(full), cpuOf(bare)];
  const budget = bareCpu / GOAL_RATIO - bareCpu;
  return [
    atLeast(`message path ${label}: full/bare (${f.perSecond.toFixed(0)}/${b.perSecond.toFixed(0)} msg/s, medians; full ${rates(full)})`, f.perSecond / b.perSecond, GOAL_RATIO, ''),
    atMost(`message path ${label}: p99 at ${CONCURRENCY} connections (median of ${full.length})`, median(full.map((r) => r.p99)), 50, 'ms'),
    info(`message path ${label}: the server's main-thread CPU a timed message (medians)`, `${fullCpu.toFixed(0)} µs, the bare pipeline's ${bareCpu.toFixed(0)} µs (bare/full ${(bareCpu / fullCpu).toFixed(2)})`),
    // A server bound by its main thread serves in the ratio of the CPU its messages take: what the goal leaves
    // for everything the full path does beyond the bare pipeline, beside what it does and the store's part.
    info(
      `message path ${label}: what full/bare ≥ ${GOAL_RATIO} leaves the full path's own work, in main-thread CPU`,
      `${budget.toFixed(0)} µs a message (${bareCpu.toFixed(0)} ÷ ${GOAL_RATIO} − ${bareCpu.toFixed(0)}); it takes ${(fullCpu - bareCpu).toFixed(0)} µs, the store's operations alone ${storeUs.toFixed(0)} µs`,
    ),
    ...(f.notes ?? []).map((n) => info(`message path ${label}: ${n.what}`, n.measured)),
    ...(errorTotal(errors) > 0 ? [{ figure: `message path ${label}: errors`, measured: describeErrors(errors), goal: '0', met: false }] : []),
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

/** Drives `channel` at `server`, timing the server's main thread over the timed part. */
async function driveTimed(channel: BenchChannel, server: BenchServer, demo: DemoApis): Promise<ChannelRun> {
  let from = NaN;
  const run = await channel.drive(server.url, demo, () => {
    from = server.mainThreadCpuMs();
  });
  return { ...run, serverCpuUs: ((server.mainThreadCpuMs() - from) * 1000) / TOTAL };
}

/** The full app as a process of its own on a fresh store, each channel driven at it in turn. */
async function driveApp(env: Record<string, string>): Promise<Map<string, ChannelRun>> {
  const data = benchDataDir();
  try {
    return await withDingtalkStandIn(async (dingtalkApi) => {
      // Redis outlives the run: each run keys its own, or the previous round's rate windows (the same users,
      // 30 sends a minute each) would hold this round's DingTalk replies back.
      const prefix: Record<string, string> = env['REDIS_URL'] ? { REDIS_KEY_PREFIX: `bench:${randomUUID().slice(0, 8)}:` } : {};
      const app = await spawnBenchServer(data.dir, { ...env, ...prefix, DINGTALK_API_BASE: dingtalkApi });
      const demo = { wecom: `http://127.0.0.1:${app.port + 1}`, dingtalk: dingtalkApi };
      try {
        const runs = new Map<string, ChannelRun>();
        for (const channel of BENCH_CHANNELS) runs.set(channel.id, await driveTimed(channel, app, demo));
        return runs;
      } finally {
        await app.stop();
      }
    });
  } finally {
    data.remove();
  }
}

/** One channel's bare pipeline as a process of its own. */
function driveBare(channel: BenchChannel): Promise<ChannelRun> {
  return withDingtalkStandIn(async (dingtalkApi) => {
    const server = await spawnBenchProcess(join(__dirname, 'bare-server.js'), [channel.id, dingtalkApi], __dirname, {});
    return driveTimed(channel, server, { wecom: server.url, dingtalk: dingtalkApi }).finally(() => server.stop());
  });
}

const push = <V>(map: Map<string, V[]>, key: string, value: V): void => void map.set(key, [...(map.get(key) ?? []), value]);

export const messagePathFigure: Figure = {
  name: 'message-path',
  async run() {
    const redisUrl = await benchRedisUrl();
    const engines: Array<[string, Record<string, string>]> = [['embedded', {}], ...(redisUrl ? [['embedded + Redis', { REDIS_URL: redisUrl }] as [string, Record<string, string>]] : [])];
    // First, with nothing else running: the store's own work of one message, alone, in this process.
    const store = await measureStoreWork(2 * TOTAL);
    const bare = new Map<string, ChannelRun[]>();
    const full = new Map<string, ChannelRun[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const channel of BENCH_CHANNELS) push(bare, channel.id, await driveBare(channel));
      for (const [engine, env] of engines) for (const [id, run] of await driveApp(env)) push(full, `${id}, ${engine}`, run);
    }
    const out: FigureLine[] = [
      info(
        "the store's operations of one message, alone (store-work.ts: embedded, 12 messages a commit)",
        `${store.inboundUs.toFixed(0)} µs of main-thread CPU; ${store.withOutboxUs.toFixed(0)} µs with the reply through the outbox`,
      ),
    ];
    for (const channel of BENCH_CHANNELS) {
      const runs = bare.get(channel.id)!;
      const b = medianRun(runs);
      const errors = addErrors(...runs.map((r) => r.errors));
      out.push(info(`bare pipeline ${channel.id} (${channel.bare}), ${TOTAL} messages, ${runs.length} rounds`, `${b.perSecond.toFixed(0)} msg/s median (${rates(runs)}), p99 ${median(runs.map((r) => r.p99)).toFixed(1)} ms${errorTotal(errors) > 0 ? `, ${describeErrors(errors)} errors` : ''}`));
    }
    for (const [engine] of engines) for (const channel of BENCH_CHANNELS) {
      const storeUs = channel.repliesThroughOutbox ? store.withOutboxUs : store.inboundUs;
      out.push(...lines(`${channel.id}, ${engine}`, full.get(`${channel.id}, ${engine}`)!, bare.get(channel.id)!, storeUs));
    }
    if (!redisUrl) out.push(info('message path embedded + Redis', `skipped: Redis at ${process.env.REDIS_URL || 'redis://127.0.0.1:6379'} does not answer`));
    return out;
  },
};
