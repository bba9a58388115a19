/**
 * The DingTalk robot in the message-path figure: signed text callbacks (帮助, a 1:1 chat, the `timestamp`
 * and `sign` headers) posted to /dingtalk/callback. DingTalk's HTTP answer carries no reply: the app answers
 * an empty 200 once the turn is done and its reply durably queued in the outbox, and the relay sends the
 * reply to the person through the robot's 1:1 send API (a stand-in in the bench's process) afterwards.
 *
 * So the rate is of replies delivered (from the first timed send to the last delivery, the bare pipeline's
 * and the app's alike: both reply through the same API client), and the p99 is of the request to its HTTP
 * answer (dedupe, lock, conversation, handler, the reply queued), as for the other channels. Every message's
 * reply must reach the stand-in (waited for at most BENCH_DELIVERY_WAIT_S, default 120 s, after the last
 * answer), each one missing is an error, and the request-to-delivery p50/p99 is printed beside it.
 */
import { DEMO_DINGTALK } from '../../config';
import pino from 'pino';
import { createDingtalk } from '../../channels/dingtalk/create-dingtalk';
import type { FakeDingtalkMessage } from '../../channels/dingtalk/fake-dingtalk-api';
import { createMemoryCoord } from '../../coord/engines/memory-coord';
import { createDingtalkPeer } from '../dingtalk-peer';
import type { BenchChannel, ChannelRun } from './bench-channel';
import { addErrors, driveMessages, percentile, TOTAL, WARMUP } from './drive-messages';

const USER_PREFIX = 'bench-dingtalk-user';
const DELIVERY_WAIT_MS = Number(process.env.BENCH_DELIVERY_WAIT_S || 120) * 1000;

/** Resolves once `done()` holds, or after `ms`. */
async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!done() && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Watches the stand-in for replies to the bench's users, matching each to its message (one reply each, in
 * order). The stand-in is another process: what it recorded is read from GET /__demo/sent every 20 ms, so a
 * delivery's time is known to within that.
 */
function watchDeliveries(apiUrl: string) {
  const sentAt = new Map<string, number[]>();
  const latencies: number[] = [];
  let seen = 0;
  let extra = 0;
  let lastAt = 0;
  let after = 0;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const res = await fetch(`${apiUrl}/__demo/sent?after=${after}`).catch(() => undefined);
      const page = res?.ok ? ((await res.json()) as { next: number; messages: FakeDingtalkMessage[] }) : undefined;
      const at = performance.now();
      if (page) after = page.next;
      for (const m of page?.messages ?? []) {
        if (m.kind !== 'user' || !m.to.startsWith(USER_PREFIX)) continue;
        seen++;
        const t0 = sentAt.get(m.to)?.shift();
        if (t0 === undefined) {
          extra++;
          continue;
        }
        lastAt = at;
        latencies.push(at - t0);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const stop = async (): Promise<void> => {
    polling = false;
    await poll;
  };
  return {
    stop,
    seen: () => seen,
    /** From now on only timed messages count. */
    reset() {
      seen = extra = 0;
    },
    sent(userId: string, at: number) {
      const q = sentAt.get(userId);
      if (q) q.push(at);
      else sentAt.set(userId, [at]);
    },
    delivered: () => latencies.length,
    extra: () => extra,
    lastAt: () => lastAt,
    latencies: () => [...latencies].sort((a, b) => a - b),
  };
}

export const dingtalkBench: BenchChannel = {
  id: 'dingtalk',
  bare: 'koa+sign check+json, empty 200, the reply sent by the 1:1 API',
  repliesThroughOutbox: true,
  bareAdapter: (apis) => {
    if (!apis) throw new Error('the bare DingTalk pipeline replies through a stand-in of the DingTalk API');
    const cfg = { ...DEMO_DINGTALK, mode: 'http' as const, apiBase: apis.dingtalk, oapiBase: apis.dingtalk };
    return createDingtalk(cfg, { coord: createMemoryCoord(), logger: pino({ level: 'silent' }), now: () => new Date() }).channel;
  },
  async drive(url, demo, afterWarmup): Promise<ChannelRun> {
    const peer = createDingtalkPeer({ url, clientSecret: DEMO_DINGTALK.clientSecret, robotCode: DEMO_DINGTALK.robotCode, corpId: DEMO_DINGTALK.corpId });
    const client = {
      build: (_i: number, userId: string) => peer.callback(userId, '帮助'),
      post: async (c: ReturnType<typeof peer.callback>) => {
        const { status } = await peer.post(c);
        return status === 200 ? (true as const) : `HTTP ${status}`;
      },
    };
    if (!demo) throw new Error('DingTalk replies through the 1:1 API: drive it with the stand-in that receives them');
    const watch = watchDeliveries(demo.dingtalk);
    let firstSentAt = Infinity;
    try {
      const result = await driveMessages(client, USER_PREFIX, {
        // The warm-up's replies are let through before the clock starts, so that none is taken for a timed one's.
        afterWarmup: async () => {
          await waitFor(() => watch.seen() >= WARMUP, DELIVERY_WAIT_MS);
          watch.reset();
          afterWarmup?.();
        },
        onSend: (userId, at) => {
          firstSentAt = Math.min(firstSentAt, at);
          watch.sent(userId, at);
        },
      });
      const answeredAt = performance.now();
      await waitFor(() => watch.delivered() >= TOTAL, DELIVERY_WAIT_MS);
      const delivered = watch.delivered();
      const latencies = watch.latencies();
      const after = Math.max(0, watch.lastAt() - answeredAt) / 1000;
      return {
        ...result,
        // A reply is the message's end here: the rate is of replies delivered, from the first send to the last delivery.
        perSecond: delivered / ((watch.lastAt() - firstSentAt) / 1000),
        errors: addErrors(result.errors, { undelivered: TOTAL - delivered }),
        notes: [
          { what: 'HTTP answers (the reply queued, not yet sent)', measured: `${result.perSecond.toFixed(0)} msg/s` },
          {
            what: 'replies delivered to the stand-in (1:1 send API)',
            measured: `${delivered}/${TOTAL}, request → delivery p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, the last ${after.toFixed(1)} s after the last answer${watch.extra() > 0 ? `, ${watch.extra()} more than one per message` : ''}`,
          },
        ],
      };
    } finally {
      await watch.stop();
    }
  },
};
