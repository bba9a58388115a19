/**
 * Sends what the outbox holds: lease the oldest sendable row, respect the destination's rate limit, send
 * through its channel, then mark it delivered, retry it later with backoff, or mark it failed with the reason.
 * A lease that runs out (the instance died mid-send) makes the row sendable again, so nothing is lost; the
 * platforms' limits make a duplicate after such a crash the lesser evil than a silent loss.
 */
import type { ChannelAdapter } from '../core/channel';
import { ChannelApiError } from '../core/errors';
import { describeDestination, type ChannelId, type Destination } from '../core/message';
import type { Logger, Metrics } from '../core/ports';
import type { Coord } from '../coord/coord';
import type { OutboxRepo } from '../store/outbox-repo';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** WeCom: 30 messages a minute per member, 20 a minute per group robot; DingTalk robots: 20 a minute. */
export function defaultRateLimit(d: Destination): RateLimit {
  return d.kind === 'user' ? { limit: 30, windowMs: 60_000 } : { limit: 20, windowMs: 60_000 };
}

export interface OutboxRelayDeps {
  outbox: OutboxRepo;
  coord: Pick<Coord, 'rateTake'>;
  channels: ReadonlyMap<ChannelId, ChannelAdapter>;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
  owner: string;
  rateLimit?: (d: Destination) => RateLimit;
  maxAttempts?: number;
  leaseMs?: number;
  /** First retry delay; doubles each attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface OutboxRelay {
  /** Sends until nothing is sendable now; returns how many rows it settled or postponed. */
  runOnce(): Promise<number>;
  start(intervalMs: number): void;
  /** Asks for a run soon (after an enqueue). */
  kick(): void;
  stop(): Promise<void>;
}

export function backoffMs(attempt: number, base: number, max: number, random = Math.random): number {
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export function createOutboxRelay(deps: OutboxRelayDeps): OutboxRelay {
  const rateLimit = deps.rateLimit ?? defaultRateLimit;
  const maxAttempts = deps.maxAttempts ?? 8;
  const leaseMs = deps.leaseMs ?? 30_000;
  const base = deps.baseBackoffMs ?? 2_000;
  const max = deps.maxBackoffMs ?? 10 * 60_000;
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function sendOne(): Promise<boolean> {
    const row = await deps.outbox.lease(deps.owner, deps.now(), leaseMs);
    if (!row) return false;
    const dest = describeDestination(row.destination);
    const limit = rateLimit(row.destination);
    const decision = await deps.coord.rateTake(`outbox:${row.destKey}`, limit.limit, limit.windowMs);
    if (!decision.allowed) {
      deps.metrics.inc('outbox_rate_limited_total');
      await deps.outbox.retryLater(row._id, deps.owner, new Date(deps.now().getTime() + decision.retryAfterMs), undefined, false);
      return true;
    }
    const channel = deps.channels.get(row.destination.channel);
    try {
      if (!channel) throw new ChannelApiError(`no channel ${row.destination.channel} configured`, false);
      await channel.send(row.destination, row.reply);
      await deps.outbox.markDelivered(row._id, deps.owner, deps.now());
      deps.metrics.inc('outbox_sent_total', { channel: row.destination.channel });
    } catch (e) {
      const retryable = !(e instanceof ChannelApiError) || e.retryable;
      const reason = e instanceof Error ? e.message : String(e);
      const attempt = row.attempts + 1;
      if (retryable && attempt < maxAttempts) {
        const wait = backoffMs(attempt, base, max);
        await deps.outbox.retryLater(row._id, deps.owner, new Date(deps.now().getTime() + wait), reason, true);
        deps.metrics.inc('outbox_retried_total', { channel: row.destination.channel });
        deps.logger.warn({ outboxId: row._id, dest, attempt, reason }, 'send failed; will retry');
      } else {
        await deps.outbox.markFailed(row._id, deps.owner, reason, deps.now());
        deps.metrics.inc('outbox_failed_total', { channel: row.destination.channel });
        deps.logger.error({ outboxId: row._id, dest, attempt, reason }, 'send failed for good');
      }
    }
    return true;
  }

  async function drainQueue(): Promise<number> {
    let n = 0;
    do {
      again = false;
      while (!stopped && (await sendOne())) n++;
    } while (again && !stopped);
    return n;
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = drainQueue().finally(() => {
      running = null;
    });
    return running;
  }

  function tick(): void {
    runOnce().catch((e) => deps.logger.warn({ err: e }, 'outbox relay run failed'));
  }

  return {
    runOnce,
    start(intervalMs) {
      stopped = false;
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    kick: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}
