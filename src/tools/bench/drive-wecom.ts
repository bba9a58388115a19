/**
 * Drives signed, encrypted WeCom text messages (帮助) at a server and measures messages/s, p50/p99 latency
 * and peak RSS. Messages are built and encrypted before the clock starts: the client's crypto is not the
 * server's cost.
 */
import { DEMO_WECOM } from '../../config';
import { createWecomPeer, newMsgId, plaintextXml } from '../wecom-peer';

export const TOTAL = Number(process.env.BENCH_MESSAGES || 3000);
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 50);
const USERS = Number(process.env.BENCH_USERS || 500);
const WARMUP = 200;

export interface DriveResult {
  perSecond: number;
  p50: number;
  p99: number;
  peakRssMb: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function driveWecom(url: string): Promise<DriveResult> {
  const peer = createWecomPeer({ url, ...DEMO_WECOM });
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
    perSecond: TOTAL / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    peakRssMb: Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20,
    errors,
  };
}
