/**
 * The path of every inbound message: inbox (exactly once) -> the person's lock -> runTurn -> replies.
 * A reply ready within the channel's budget goes back in the HTTP response (passive reply); otherwise the
 * platform gets its plain answer at the budget and the replies go out through the outbox, to where the
 * message came from (its channel's reply destination), when the turn finishes. In a group, a message that
 * does not mention the bot is ignored, and what a private conversation says goes to the sender's 1:1 chat.
 * This is the one place that turns a failure into an apology and a log line.
 */
import type { ChannelResponse, Receipt } from './channel';
import { replyDestinationOf, senderOf, type Destination, type Inbound, type Reply } from './message';
import type { InboxPort, LockPort, Logger, Metrics, OutboxPort, OutboundMessage } from './ports';
import { runTurn, userKeyOf, type TurnDeps, type TurnResult } from './run-turn';
import { isAppError } from './errors';
import { combineReplies } from './combine-replies';

export interface DispatcherDeps extends TurnDeps {
  inbox: InboxPort;
  outbox: OutboxPort;
  locks: LockPort;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
  /** How long to wait for a turn when the channel replies in no HTTP answer (it says its own budget otherwise). */
  budgetMs: number;
  /** How long one user's lock is held at most (a crashed holder frees it then). */
  lockTtlMs?: number;
}

export interface Dispatcher {
  dispatch(receipt: Receipt): Promise<ChannelResponse>;
  /** Handles deliveries whose lease ran out unfinished; replies go through the outbox. Returns how many. */
  recover(): Promise<number>;
  /** Resolves when every message under way has finished (for graceful shutdown). */
  drain(): Promise<void>;
}

const UNAVAILABLE: ChannelResponse = { status: 503, body: '' };

/** Infrastructure said no: the delivery stays in the inbox and is handled again later. */
class NotNow extends Error {}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const inFlight = new Set<Promise<unknown>>();
  const lockTtlMs = deps.lockTtlMs ?? 30_000;
  // A message waits for the same user's previous one at most one lock lifetime; its inbox lease covers that.
  const lockWaitMs = lockTtlMs;
  const leaseMs = lockWaitMs + lockTtlMs + 10_000;

  async function withUserLock<T>(inbound: Inbound, fn: () => Promise<T>): Promise<T> {
    const key = `lock:user:${userKeyOf(inbound)}`;
    // How long we have waited is a duration, measured on the monotonic clock; the calendar is `deps.now`.
    const deadline = performance.now() + lockWaitMs;
    let delay = 10;
    for (;;) {
      const token = await deps.locks.acquireLock(key, lockTtlMs);
      if (token) {
        try {
          return await fn();
        } finally {
          await deps.locks.releaseLock(key, token).catch(() => undefined);
        }
      }
      if (performance.now() + delay > deadline) throw new NotNow('user lock busy');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 200);
    }
  }

  /** The whole turn. Resolves with the replies to send, having marked the delivery done. */
  async function handle(inbound: Inbound, inboxKey: string): Promise<TurnResult> {
    const started = process.hrtime.bigint();
    try {
      const result = await withUserLock(inbound, () => runTurn(deps, inbound, deps.now()));
      // What goes to the 1:1 chat is queued before the delivery is done, so that a crash cannot lose it.
      if (result.direct.length > 0) await deps.outbox.enqueue(toOutbox(inboxKey, senderOf(inbound), result.direct, ':direct'), deps.now());
      await deps.inbox.complete(inboxKey, deps.now());
      deps.metrics.observe('turn_seconds', Number(process.hrtime.bigint() - started) / 1e9);
      return result;
    } catch (e) {
      if (e instanceof NotNow || isAppError(e, 'store_unavailable') || isAppError(e, 'coord_unavailable')) {
        await deps.inbox.abandon(inboxKey, deps.now()).catch(() => undefined);
        throw e instanceof NotNow ? e : new NotNow('infrastructure unavailable', { cause: e });
      }
      deps.logger.error({ err: e, channel: inbound.channel, kind: inbound.kind }, 'turn failed');
      deps.metrics.inc('turn_errors_total');
      await deps.inbox.complete(inboxKey, deps.now()).catch(() => undefined);
      return { replies: [{ kind: 'text', text: deps.templates.render('core.error_apology') }], direct: [] };
    }
  }

  function toOutbox(inboxKey: string, destination: Destination, replies: Reply[], idSuffix = ''): OutboundMessage[] {
    return replies.map((reply, i) => ({ id: `reply:${inboxKey}:${i}${idSuffix}`, destination, reply }));
  }

  async function replyLater(inbound: Inbound, inboxKey: string, replies: Reply[], maxBytes?: number): Promise<void> {
    if (replies.length === 0) return;
    const joined = maxBytes ? combineReplies(replies, maxBytes) : replies;
    await deps.outbox.enqueue(toOutbox(inboxKey, replyDestinationOf(inbound), joined), deps.now());
    deps.metrics.inc('replies_total', { via: 'outbox' });
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    p.then(
      () => inFlight.delete(p),
      () => inFlight.delete(p),
    );
    return p;
  }

  async function dispatch(receipt: Receipt): Promise<ChannelResponse> {
    const inbound = receipt.inbound;
    if (!inbound) return receipt.response;
    // In a group the bot answers only when spoken to.
    if (inbound.chat.kind === 'group' && !inbound.mentioned) return receipt.response;
    const maxBytes = receipt.passive?.maxBytes;
    const inboxKey = `${inbound.channel}:${inbound.dedupeKey}`;
    deps.metrics.inc('messages_received_total', { channel: inbound.channel, kind: inbound.kind });
    let claim;
    try {
      claim = await deps.inbox.claim(inboxKey, inbound, deps.now(), leaseMs);
    } catch (e) {
      deps.logger.warn({ err: e }, 'inbox unavailable; asking the platform to retry');
      return UNAVAILABLE;
    }
    if (claim === 'duplicate') {
      deps.metrics.inc('messages_duplicate_total', { channel: inbound.channel });
      deps.logger.debug({ channel: inbound.channel }, 'duplicate delivery ignored');
      return receipt.response;
    }

    let answered = false;
    const work = track(
      handle(inbound, inboxKey).then(async (result) => {
        // Past the budget the platform already has its plain answer: the replies go through the outbox.
        if (answered) await replyLater(inbound, inboxKey, result.replies, maxBytes);
        return result.replies;
      }),
    );
    work.catch((e) => {
      if (answered) deps.logger.warn({ err: e, channel: inbound.channel }, 'turn postponed; the recovery sweep will redo it');
    });

    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), receipt.passive?.budgetMs ?? deps.budgetMs);
    });
    try {
      const outcome = await Promise.race([work, budget]);
      answered = true;
      if (outcome === 'late') {
        deps.metrics.inc('replies_late_total');
        return receipt.passive?.late ? await receipt.passive.late().catch(() => receipt.response) : receipt.response;
      }
      return await answerNow(receipt, inbound, inboxKey, outcome);
    } catch (e) {
      answered = true;
      deps.logger.warn({ err: e, channel: inbound.channel }, 'turn not done; asking the platform to retry');
      return UNAVAILABLE;
    } finally {
      clearTimeout(timer);
    }
  }

  async function answerNow(receipt: Receipt, inbound: Inbound, inboxKey: string, replies: Reply[]): Promise<ChannelResponse> {
    if (replies.length === 0) return receipt.response;
    if (!receipt.passive) {
      await replyLater(inbound, inboxKey, replies);
      return receipt.response;
    }
    const [first, ...rest] = combineReplies(replies, receipt.passive.maxBytes);
    if (rest.length > 0) await deps.outbox.enqueue(toOutbox(inboxKey, replyDestinationOf(inbound), rest, ':rest'), deps.now());
    deps.metrics.inc('replies_total', { via: 'passive' });
    return receipt.passive.reply(first!);
  }

  async function recover(): Promise<number> {
    let count = 0;
    for (;;) {
      const taken = await deps.inbox.takeExpired(deps.now(), leaseMs);
      if (!taken) return count;
      count++;
      deps.metrics.inc('messages_recovered_total', { channel: taken.inbound.channel });
      try {
        const result = await track(handle(taken.inbound, taken.key));
        await replyLater(taken.inbound, taken.key, result.replies);
      } catch (e) {
        deps.logger.warn({ err: e }, 'recovery postponed');
        return count;
      }
    }
  }

  async function drain(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return { dispatch, recover, drain };
}
