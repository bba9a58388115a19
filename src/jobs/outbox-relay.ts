/**
 * Sends what the outbox holds: lease the oldest sendable row, open a sealed address (here and nowhere else,
 * at the moment of sending), respect the destination's rate limit, send through its channel, then mark it
 * delivered, retry it later, or mark it failed with the reason.
 *
 * Nothing is given up while it can still be delivered: a transient failure (ChannelApiError.retryable, or
 * anything that is not a platform's answer, such as a network error) is retried with a capped backoff for
 * `retryMs` (OUTBOX_RETRY_HOURS) after the first failure; a permanent one (the platform said no for good)
 * fails at once with its reason, and an admin may send the row again after fixing the cause. When a row
 * that had failed gets through, the other rows waiting out a backoff for that destination go next.
 * Every attempt takes a token of the destination's rate bucket first, so a robot's 20 a minute hold for
 * retries too (the robot counts failed calls). A lease that runs out (the instance died mid-send) makes the
 * row sendable again: the platforms' limits make a duplicate after such a crash the lesser evil than a loss.
 *
 * A row to several people (SealedUsersDestination, the WeCom app's touser) takes a token of each member's
 * own bucket, the one their other messages count against: the members whose window is full get rows of their
 * own for later, the rest get the batch in one call; the members the platform names as not delivered to
 * (invaliduser) get failed rows of their own with the reason, and the batch is delivered. Nobody who got it
 * is sent it again.
 *
 * Rows go out `concurrency` at a time, never two of one destination at once from this instance, so that the
 * messages of one chat keep their order.
 */
import type { ChannelAdapter, SendOutcome } from '../core/channel';
import { ChannelApiError } from '../core/errors';
import { describeDestination, personKey, type ChannelId, type SealedDestination, type SealedUsersDestination, type SendableDestination, type UserDestination, type UsersDestination } from '../core/message';
import type { Logger, Metrics } from '../core/ports';
import type { Coord } from '../coord/coord';
import type { BatchRemainder, OutboxRepo } from '../store/outbox-repo';
import type { OutboxRow } from '../store/outbox.model';
import { backoffMs } from './backoff-ms';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** WeCom: 30 messages a minute per member, 20 a minute per group robot; DingTalk robots: 20 a minute. */
export function defaultRateLimit(d: SendableDestination): RateLimit {
  return d.kind === 'user' || d.kind === 'users' ? { limit: 30, windowMs: 60_000 } : { limit: 20, windowMs: 60_000 };
}

/** Rows sent at once by one instance (WeCom answers 45033 to too many concurrent calls). */
export const DEFAULT_CONCURRENCY = 4;

export const DEFAULT_RETRY_MS = 48 * 3_600_000;
/** A destination that keeps failing is logged at most this often (per kind of failure, across instances). */
export const FAILURE_LOG_EVERY_MS = 3_600_000;

export interface OutboxRelayDeps {
  outbox: OutboxRepo;
  coord: Pick<Coord, 'rateTake'>;
  channels: ReadonlyMap<ChannelId, ChannelAdapter>;
  /** Opens a sealed address (AddressSealer.open); throws when it does not open. */
  openAddress: (d: SealedDestination) => UserDestination;
  /** Opens a sealed batch (AddressSealer.openUsers); without it a batch row fails. */
  openUsers?: (d: SealedUsersDestination) => UsersDestination;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
  owner: string;
  rateLimit?: (d: SendableDestination) => RateLimit;
  /** How long after its first failure a row is still retried. Default 48 hours. */
  retryMs?: number;
  leaseMs?: number;
  /** First retry delay; each wait is about as long as the failures have lasted, up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  /** Rows sent at once (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
}

export interface OutboxRelay {
  /** Sends until nothing is sendable now; returns how many rows it settled or postponed. */
  runOnce(): Promise<number>;
  start(intervalMs: number): void;
  /** Asks for a run soon (after an enqueue). */
  kick(): void;
  stop(): Promise<void>;
}

/** The platform's words may quote the recipient: the stored and logged reason never does. */
function withoutPerson(reason: string, target: SendableDestination | undefined): string {
  const ids = target?.kind === 'user' ? [target.userId] : target?.kind === 'users' ? target.userIds : [];
  return ids.filter((id) => id.length >= 2).reduce((text, id) => text.split(id).join('…'), reason);
}

export function createOutboxRelay(deps: OutboxRelayDeps): OutboxRelay {
  const rateLimit = deps.rateLimit ?? defaultRateLimit;
  const retryMs = deps.retryMs ?? DEFAULT_RETRY_MS;
  const leaseMs = deps.leaseMs ?? 30_000;
  const base = deps.baseBackoffMs ?? 2_000;
  const max = deps.maxBackoffMs ?? 10 * 60_000;
  const random = deps.random ?? Math.random;
  const concurrency = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
  /** Destination keys being sent by this instance: not leased again until done (keeps a chat's order). */
  const busy = new Set<string>();
  /** Leases one after another, so that each sees the keys the previous one made busy. */
  let leasing: Promise<unknown> = Promise.resolve();
  /** Rows leased and not yet taken by a worker: one lease takes a row for each worker (one query, one commit). */
  const leased: OutboxRow[] = [];
  /** Failures not logged yet, per destination key (this instance's). */
  const unlogged = new Map<string, number>();
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  /** Logs a failing destination once per FAILURE_LOG_EVERY_MS, saying how many failures were not logged. */
  async function noteFailure(row: OutboxRow, final: boolean, fields: Record<string, unknown>): Promise<void> {
    const kind = final ? 'failed' : 'retry';
    const key = `${kind}:${row.destKey}`;
    const suppressed = unlogged.get(key) ?? 0;
    const token = await deps.coord.rateTake(`outbox-log:${key}`, 1, FAILURE_LOG_EVERY_MS).catch(() => ({ allowed: true }));
    if (!token.allowed) {
      unlogged.set(key, suppressed + 1);
      return;
    }
    unlogged.delete(key);
    const line = { outboxId: row._id, dest: describeDestination(row.destination), ...fields, ...(suppressed ? { notLoggedSince: suppressed } : {}) };
    if (final) deps.logger.error(line, 'send failed for good');
    else deps.logger.warn(line, 'send failed; will retry');
  }

  async function fail(row: OutboxRow, reason: string, channel: string): Promise<void> {
    await deps.outbox.markFailed(row._id, deps.owner, reason, deps.now());
    deps.metrics.inc('outbox_failed_total', { channel });
    await noteFailure(row, true, { attempt: row.attempts + 1, reason });
  }

  /** Sends through the destination's channel; a reply handle its channel cannot use goes to its fallback. */
  async function deliver(target: SendableDestination, reply: OutboxRow['reply']): Promise<SendOutcome | void> {
    const channel = deps.channels.get(target.channel);
    if (!channel) throw new ChannelApiError(`no channel ${target.channel} configured`, false);
    const outcome = await channel.send(target, reply, deps.now());
    if (outcome !== 'fallback') return outcome;
    const fallback = target.kind === 'handle' ? target.fallback : undefined;
    if (!fallback) throw new ChannelApiError(`the ${target.channel} reply handle cannot be used and has no fallback`, false);
    deps.metrics.inc('outbox_fallback_total', { channel: target.channel });
    return deliver(fallback.kind === 'sealed' ? deps.openAddress(fallback) : fallback, reply);
  }

  function open(row: OutboxRow): SendableDestination {
    const d = row.destination;
    if (d.kind === 'sealed') return deps.openAddress(d);
    if (d.kind !== 'sealed-users') return d;
    if (!deps.openUsers) throw new Error('no opener for a batch');
    return deps.openUsers(d);
  }

  /**
   * The members of a batch whose window has room, each counted once; the others, with when theirs has room.
   * A row to one destination takes one token of its own bucket.
   */
  async function takeTokens(row: OutboxRow, target: SendableDestination) {
    const limit = rateLimit(target);
    if (row.destination.kind !== 'sealed-users' || target.kind !== 'users') {
      const decision = await deps.coord.rateTake(`outbox:${row.destKey}`, limit.limit, limit.windowMs);
      return { send: decision.allowed ? target : undefined, later: [], retryAfterMs: decision.retryAfterMs };
    }
    const keys = row.destination.keys;
    const decisions = await Promise.all(keys.map((k) => deps.coord.rateTake(`outbox:${personKey(k)}`, limit.limit, limit.windowMs)));
    const pick = (allowed: boolean) => target.userIds.flatMap((userId, i) => (decisions[i]!.allowed === allowed ? [{ userId, ref: target.refs[i]!, retryAfterMs: decisions[i]!.retryAfterMs }] : []));
    const [now, later] = [pick(true), pick(false)];
    const send: UsersDestination | undefined = now.length > 0 ? { ...target, userIds: now.map((m) => m.userId), refs: now.map((m) => m.ref) } : undefined;
    return { send, later, retryAfterMs: Math.min(...later.map((m) => m.retryAfterMs)) };
  }

  async function sendOne(): Promise<boolean> {
    const next = leasing.then(async () => {
      if (leased.length === 0) {
        for (const row of await deps.outbox.lease(deps.owner, deps.now(), leaseMs, [...busy], concurrency)) {
          busy.add(row.destKey);
          leased.push(row);
        }
      }
      return leased.shift();
    });
    leasing = next.catch(() => undefined);
    const row = await next;
    if (!row) return false;
    try {
      await sendLeased(row);
    } finally {
      busy.delete(row.destKey);
    }
    return true;
  }

  async function sendLeased(row: OutboxRow): Promise<void> {
    let opened: SendableDestination;
    try {
      opened = open(row);
    } catch {
      await fail(row, 'the address does not open (was REPORT_SECRET changed?)', 'unknown');
      return;
    }
    const tokens = await takeTokens(row, opened);
    if (!tokens.send) {
      deps.metrics.inc('outbox_rate_limited_total');
      await deps.outbox.postpone(row._id, deps.owner, new Date(deps.now().getTime() + tokens.retryAfterMs));
      return;
    }
    const target = tokens.send;
    try {
      const outcome = await deliver(target, row.reply);
      if (target.kind === 'users') {
        const refOf = new Map(target.userIds.map((userId, i) => [userId, target.refs[i]!]));
        const person = (userId: string): UserDestination => ({ kind: 'user', channel: target.channel, userId });
        const rest: BatchRemainder = {
          failed: (typeof outcome === 'object' ? outcome.undelivered : []).flatMap((u) => {
            const ref = refOf.get(u.userId);
            return ref === undefined ? [] : [{ to: person(u.userId), ref, reason: withoutPerson(u.reason, target) }];
          }),
          later: [
            ...tokens.later.map((m) => ({ to: person(m.userId), ref: m.ref, availableAt: new Date(deps.now().getTime() + m.retryAfterMs) })),
            // Held back by the platform (DingTalk's flow control): on their own, a rate window later.
            ...(typeof outcome === 'object' ? (outcome.heldBack ?? []) : []).flatMap((userId) => {
              const ref = refOf.get(userId);
              return ref === undefined ? [] : [{ to: person(userId), ref, availableAt: new Date(deps.now().getTime() + rateLimit(target).windowMs) }];
            }),
          ],
        };
        await deps.outbox.settleBatch(row, deps.owner, deps.now(), row.reply, rest);
        if (rest.failed.length > 0) deps.metrics.inc('outbox_batch_undelivered_total', { channel: target.channel });
      } else {
        await deps.outbox.markDelivered(row, deps.owner, deps.now());
      }
      deps.metrics.inc('outbox_sent_total', { channel: target.channel });
      // A row that had failed got through: the destination is back, and what waits for it need not wait longer.
      if (row.firstErrorAt) await deps.outbox.resumeDestination(row.destKey, deps.now());
    } catch (e) {
      const transient = !(e instanceof ChannelApiError) || e.retryable;
      const reason = withoutPerson(e instanceof Error ? e.message : String(e), target);
      const now = deps.now();
      const firstErrorAt = row.firstErrorAt ?? now;
      const giveUpAt = firstErrorAt.getTime() + retryMs;
      if (!transient) {
        await fail(row, reason, target.channel);
      } else if (now.getTime() >= giveUpAt) {
        await fail(row, `still failing ${Math.round(retryMs / 3_600_000)} h after the first attempt: ${reason}`, target.channel);
      } else {
        const availableAt = new Date(now.getTime() + backoffMs(now.getTime() - firstErrorAt.getTime(), base, max, random));
        await deps.outbox.retryLater(row._id, deps.owner, { availableAt, error: reason, firstErrorAt });
        deps.metrics.inc('outbox_retried_total', { channel: target.channel });
        await noteFailure(row, false, { attempt: row.attempts + 1, reason, failingSince: firstErrorAt, nextAttempt: availableAt });
      }
    }
  }

  async function drainQueue(): Promise<number> {
    let n = 0;
    const worker = async () => {
      while (!stopped && (await sendOne())) n++;
    };
    do {
      again = false;
      // Each worker stops when nothing it may take is sendable; the others finish what they hold.
      const ends = await Promise.allSettled(Array.from({ length: concurrency }, worker));
      const failed = ends.find((e): e is PromiseRejectedResult => e.status === 'rejected');
      if (failed) throw failed.reason;
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
      // Leased and never taken: released as they were (same place in the queue), not held until the lease runs out.
      for (const row of leased.splice(0)) {
        busy.delete(row.destKey);
        await deps.outbox.postpone(row._id, deps.owner, row.availableAt).catch(() => undefined);
      }
    },
  };
}
