/**
 * The store's own work in the full message path, measured alone: the operations one 帮助 message of an
 * unknown person makes on the embedded engine (the inbox claim with its sealed inbound, the person looked up by
 * their key and by the alias of another platform, the conversation read, the inbox completion), through the
 * real repositories, on a store in a file as the app's, `GROUP` messages at once so that they share commits as
 * they do under the bench's load. A reply sent through the outbox (DingTalk's) adds its row: queued, leased,
 * delivered. What the main thread spends on it, a message, is a floor of the full path's own work that no
 * change outside the store can go under (the SQLite statements alone, timed inside the server on the WeCom
 * app's path, took 38 to 53 µs a message with their commits, as the shared machine was faster or slower).
 */
import { createAddressSealer, createRecordSealer } from '../../domain/reports';
import { createDirectoryRepo } from '../../domain/directory/directory-repo';
import type { Inbound } from '../../core/message';
import { conversationKeyOf } from '../../core/run-turn';
import { createEmbeddedStore } from '../../store/engines/embedded-store';
import { createConversationRepo } from '../../store/conversation-repo';
import { createInboxRepo } from '../../store/inbox-repo';
import { conversationModel } from '../../store/conversation.model';
import { inboxModel } from '../../store/inbox.model';
import { outboxModel } from '../../store/outbox.model';
import { createOutboxRepo } from '../../store/outbox-repo';
import { benchDataDir } from './bench-app';
import { mainThreadCpuMs } from './bench-server-process';
import { benchUser } from './drive-messages';
import { strangerMenu } from './stranger-menu';

/** Messages that share a commit: about as many as the app's commits held under the bench's load (12). */
const GROUP = 12;
const SECRET = 'store-work-bench-secret-of-32-bytes!!';
const OWNER = 'store-work';

export interface StoreWork {
  /** Main-thread CPU a message, µs: the inbound path's store operations. */
  inboundUs: number;
  /** The same with the reply sent through the outbox (queued, leased, delivered). */
  withOutboxUs: number;
}

/** The 帮助 of bench user `i`, as a channel hands it to the dispatcher. */
function inboundOf(i: number, at: Date): Inbound {
  const userId = benchUser('store-work', i);
  return { kind: 'text', text: '帮助', channel: 'dingtalk', chat: { kind: 'single', id: userId }, mentioned: true, dedupeKey: `store-work:${i}`, userId, sentAt: at };
}

/** Runs `messages` messages through the store's operations (and the outbox's, `outbox`), µs of main-thread CPU each. */
async function timeMessages(messages: number, warmup: number, outbox: boolean, now: () => Date): Promise<number> {
  const data = benchDataDir();
  const store = await createEmbeddedStore(data.dir, { now });
  try {
    const records = createRecordSealer(SECRET);
    const inbox = createInboxRepo(store.collection(inboxModel), records);
    const conversations = createConversationRepo(store.collection(conversationModel), records);
    const directory = createDirectoryRepo(store);
    const queue = createOutboxRepo(store.collection(outboxModel), createAddressSealer(SECRET));
    const menu = strangerMenu(); // the reply the app queues for it
    /** Leases up to `max` sendable rows and marks each delivered, as the relay does; how many it delivered. */
    const deliver = async (max: number): Promise<number> => {
      const rows = await queue.lease(OWNER, now(), 30_000, [], max);
      for (const row of rows) await queue.markDelivered(row, OWNER, now());
      return rows.length;
    };
    const one = async (i: number): Promise<void> => {
      const inbound = inboundOf(i, now());
      const key = `${inbound.channel}:${inbound.dedupeKey}`;
      if ((await inbox.claim(key, inbound, now(), 70_000)) !== 'claimed') throw new Error(`message ${i} was not claimed`);
      await directory.findPerson(inbound.channel, inbound.userId);
      await conversations.load(conversationKeyOf(inbound));
      if (outbox) await queue.enqueue([{ id: `reply:${key}:0`, destination: { kind: 'user', channel: inbound.channel, userId: inbound.userId }, reply: { kind: 'text', text: menu } }], now());
      await inbox.complete(key, now());
      if (outbox) await deliver(1);
    };
    const run = async (from: number, count: number): Promise<void> => {
      for (let i = from; i < from + count; i += GROUP) await Promise.all(Array.from({ length: Math.min(GROUP, from + count - i) }, (_, k) => one(i + k)));
    };
    await run(0, warmup);
    const before = mainThreadCpuMs(process.pid);
    await run(warmup, messages);
    const us = ((mainThreadCpuMs(process.pid) - before) * 1000) / messages;
    // A lease may find its message's row taken by another message's: what is left goes now, and every reply
    // must have been delivered once, or the figure timed less than it says.
    while ((await deliver(100)) > 0);
    const { counts } = await queue.stats();
    if (counts.delivered !== (outbox ? warmup + messages : 0) || counts.pending !== 0) throw new Error(`store-work: ${JSON.stringify(counts)} after ${warmup + messages} messages`);
    return us;
  } finally {
    await store.close();
    data.remove();
  }
}

/** The store's work a message, with and without a reply through the outbox, each on a fresh store. */
export async function measureStoreWork(messages: number, now: () => Date = () => new Date()): Promise<StoreWork> {
  const warmup = Math.min(messages, 2000);
  return { inboundUs: await timeMessages(messages, warmup, false, now), withOutboxUs: await timeMessages(messages, warmup, true, now) };
}
