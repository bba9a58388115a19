/**
 * `npm run bench`: signed, encrypted WeCom text messages through the full path (embedded store; and Redis
 * when it answers) and through a bare baseline (Koa plus verify, decrypt, parse and an encrypted reply,
 * nothing else), in the same run. Prints messages/s, p50/p99 latency, peak RSS and the ratio full/bare; then
 * the rule matcher alone (bench-rules.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { DEMO_WECOM, loadConfig } from '../config';
import { createLogger } from '../create-logger';
import { startApp } from '../main';
import { createWecomChannel } from '../channels/wecom/wecom-channel';
import type { WecomAppClient } from '../channels/wecom/wecom-app-client';
import type { WecomRobotClient } from '../channels/wecom/wecom-robot-client';
import { readBody } from '../http/read-body';
import { createWecomPeer, newMsgId, plaintextXml } from './wecom-peer';
import { benchRules } from './bench-rules';

const TOTAL = Number(process.env.BENCH_MESSAGES || 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 32);
const USERS = Number(process.env.BENCH_USERS || 500);
const WARMUP = 200;

interface Result {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  peakRssMb: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function drive(name: string, url: string): Promise<Result> {
  const peer = createWecomPeer({ url, ...DEMO_WECOM });
  // Messages are built and encrypted before the clock starts: the client's crypto is not the server's cost.
  const build = (i: number) => plaintextXml(DEMO_WECOM, `bench-user-${i % USERS}`, { kind: 'text', text: '帮助', msgId: newMsgId() }, new Date());
  for (let i = 0; i < WARMUP; i++) await peer.post(build(i));
  const bodies = Array.from({ length: TOTAL }, (_, i) => build(i));
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t0 = performance.now();
        const answer = await peer.post(body);
        latencies.push(performance.now() - t0);
        if (answer.status !== 200 || !answer.replyText) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return {
    name,
    perSecond: TOTAL / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    peakRssMb: Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20,
    errors,
  };
}

/** Koa plus the channel's own verify, decrypt, parse and encrypted reply: the floor of any full path. */
async function startBare(): Promise<{ url: string; close: () => Promise<void> }> {
  const unused = async () => {
    throw new Error('the bare baseline sends nothing');
  };
  const channel = createWecomChannel(DEMO_WECOM, {
    appClient: { sendToUser: unused, getAccessToken: unused, downloadMedia: unused } as WecomAppClient,
    robotClient: { send: unused } as WecomRobotClient,
  });
  const app = new Koa();
  app.use(async (ctx) => {
    const body = await readBody(ctx.req, 64 * 1024);
    const receipt = await channel.receive({ method: ctx.method, query: ctx.query as Record<string, string>, headers: ctx.headers as Record<string, string>, body }, new Date());
    const res = receipt.inbound && receipt.passive ? receipt.passive.reply({ kind: 'text', text: 'ok' }) : receipt.response;
    ctx.status = res.status;
    ctx.body = res.body;
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function redisAnswers(url: string): Promise<boolean> {
  const { createRedisCoord } = await import('../coord/engines/redis-coord');
  try {
    const c = await createRedisCoord(url);
    await c.close();
    return true;
  } catch {
    return false;
  }
}

async function full(name: string, env: Record<string, string>): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jianfu-bench-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, ...env });
  const app = await startApp({ config, logger: createLogger('silent') });
  try {
    return await drive(name, app.url);
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function print(results: Result[], bare: Result): void {
  console.log(`\n${TOTAL} messages, ${CONCURRENCY} concurrent clients, ${USERS} users, node ${process.version}\n`);
  console.log('path                         msg/s     p50 ms   p99 ms   peak RSS MB   errors   full/bare');
  for (const r of [bare, ...results]) {
    console.log(
      `${r.name.padEnd(28)} ${r.perSecond.toFixed(0).padStart(6)}   ${r.p50.toFixed(2).padStart(6)}   ${r.p99.toFixed(2).padStart(6)}   ${r.peakRssMb.toFixed(0).padStart(11)}   ${String(r.errors).padStart(6)}   ${(r.perSecond / bare.perSecond).toFixed(2).padStart(9)}`,
    );
  }
}

async function main(): Promise<void> {
  // `npm run bench -- --rules`: the matcher alone.
  if (process.argv.includes('--rules')) return void console.log(benchRules().join('\n'));
  const bareServer = await startBare();
  const bare = await drive('bare (koa+crypto+xml)', bareServer.url);
  await bareServer.close();
  const results = [await full('full, embedded + memory', {})];
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await redisAnswers(redisUrl)) results.push(await full('full, embedded + redis', { REDIS_URL: redisUrl }));
  else console.log(`(Redis at ${redisUrl} does not answer: the Redis run is skipped)`);
  print(results, bare);
  console.log(`\n${benchRules().join('\n')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
