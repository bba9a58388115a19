/**
 * Drives one channel's messages at a server from 50 concurrent clients and measures messages/s, p50/p99 of
 * the time from sending a request to reading its whole HTTP answer, and peak RSS. Every message is built,
 * encrypted and signed before the clock starts (the client's crypto is not the server's cost); checking
 * the answer (authenticating and decrypting a passive reply) is inside the timing, as it is for the platform.
 */
export const TOTAL = Number(process.env.BENCH_MESSAGES || 3000);
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 50);
export const USERS = Number(process.env.BENCH_USERS || 500);
/**
 * Untimed messages first, at the same concurrency: until the JIT has compiled the hot paths a server answers
 * at half its speed, and a figure taken then would measure the warm-up, not the path. The full app, with
 * more code to compile, takes longer than a bare pipeline: in consecutive blocks of 3,000 messages on one
 * server (2026-12-04) a bare pipeline answered 994–1,160 msg/s in the first and 1,788–2,301 after; the full
 * app 763–971 in the first, 1,164–1,431 in the second and 1,223–1,522 after, while V8's compiler threads
 * were still busy through the second (0.4 of a core, 0.07 after).
 */
export const WARMUP = Number(process.env.BENCH_WARMUP || 6000);

/** One channel's client in a run: how it builds message `i` from `userId`, and how it posts one. */
export interface MessageClient<M> {
  build(i: number, userId: string): M;
  /** Posts a built message: true when the answer is what the platform expects (a passive reply came, …), else what was wrong ("HTTP 503", "no reply"). */
  post(message: M): Promise<true | string>;
}

/** A run's messages that went wrong, by what went wrong ("HTTP 503", "no reply", "undelivered", …). */
export type ErrorCounts = Record<string, number>;

export const errorTotal = (errors: ErrorCounts): number => Object.values(errors).reduce((n, k) => n + k, 0);

/** The errors of several runs together. */
export function addErrors(...all: ErrorCounts[]): ErrorCounts {
  const sum: ErrorCounts = {};
  for (const errors of all) for (const [kind, n] of Object.entries(errors)) sum[kind] = (sum[kind] ?? 0) + n;
  return sum;
}

/** "32 (HTTP 503: 30, undelivered: 2)", or "0". */
export function describeErrors(errors: ErrorCounts): string {
  const kinds = Object.entries(errors).filter(([, n]) => n > 0);
  return kinds.length === 0 ? '0' : `${errorTotal(errors)} (${kinds.map(([kind, n]) => `${kind}: ${n}`).join(', ')})`;
}

/** What a failed post says: the socket's code (ECONNRESET, …) or the error's name. */
const failureOf = (e: unknown): string => `post failed: ${(e as { cause?: { code?: string } })?.cause?.code ?? (e as Error)?.name ?? String(e)}`;

export interface DriveResult {
  perSecond: number;
  p50: number;
  p99: number;
  peakRssMb: number;
  /** Answers that were not what the platform expects (a wrong status, no reply), posts that failed, replies that never came. */
  errors: ErrorCounts;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The bench's users of a channel: `prefix-0` … `prefix-(USERS-1)`, message `i` from user `i % USERS`. */
export const benchUser = (prefix: string, i: number): string => `${prefix}-${i % USERS}`;

export interface DriveHooks {
  /** Called once the warm-up's messages are answered, before the timed ones are built. */
  afterWarmup?: () => void | Promise<void>;
  /** Called as each timed message is sent, with its sender and `performance.now()`. */
  onSend?: (userId: string, at: number) => void;
  /** How many timed messages (default TOTAL). */
  total?: number;
}

/** Warms up with WARMUP messages, then times TOTAL (or `hooks.total`); both sent by CONCURRENCY clients at once. */
export async function driveMessages<M>(client: MessageClient<M>, userPrefix: string, hooks: DriveHooks = {}): Promise<DriveResult> {
  const warmup = Array.from({ length: WARMUP }, (_, i) => client.build(i, benchUser(userPrefix, i)));
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      // Untimed and uncounted, a failed post included.
      for (let m = warmup.pop(); m !== undefined; m = warmup.pop()) await client.post(m).catch(failureOf);
    }),
  );
  await hooks.afterWarmup?.();
  const total = hooks.total ?? TOTAL;
  const messages = Array.from({ length: total }, (_, i) => ({ userId: benchUser(userPrefix, i), message: client.build(i, benchUser(userPrefix, i)) }));
  const latencies: number[] = [];
  const errors: ErrorCounts = {};
  let next = 0;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < messages.length) {
        const { userId, message } = messages[next++]!;
        const t0 = performance.now();
        hooks.onSend?.(userId, t0);
        const outcome = await client.post(message).catch(failureOf);
        latencies.push(performance.now() - t0);
        if (outcome !== true) errors[outcome] = (errors[outcome] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: total / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    peakRssMb: Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20,
    errors,
  };
}
