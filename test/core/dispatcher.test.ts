/**
 * The dispatcher on the real embedded engine (in memory) and memory coordination, with handlers made for the
 * test: passive replies within the budget, the outbox past it, one user at a time, and takeover of a
 * delivery whose handling died.
 */
import { createDispatcher, type Dispatcher } from '../../src/core/dispatcher';
import { defineHandler, say, type Handler, type JsonState } from '../../src/core/handler';
import { templatesFromMap } from '../../src/core/templates';
import { commandsFromMap } from '../../src/core/commands';
import type { Receipt } from '../../src/core/channel';
import type { Inbound, Reply } from '../../src/core/message';
import type { Logger, Metrics } from '../../src/core/ports';
import { createInboxRepo } from '../../src/store/inbox-repo';
import { createConversationRepo } from '../../src/store/conversation-repo';
import { createOutboxRepo, type OutboxRepo } from '../../src/store/outbox-repo';
import { inboxModel } from '../../src/store/inbox.model';
import { conversationModel } from '../../src/store/conversation.model';
import { outboxModel } from '../../src/store/outbox.model';
import { memoryEngines } from '../helpers/memory-engines';
import mongoose from 'mongoose';
import { toStoreError } from '../../src/store/engines/store-errors';
import { recipientOf, testRecordSealer, testSealer } from '../helpers/test-sealer';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const noMetrics: Metrics = { inc() {}, observe() {} };
const templates = templatesFromMap(new Map([['core.error_apology', 'sorry'], ['core.conversation_reset', 'reset']]));
const commands = commandsFromMap({ help: ['help'] });

let seq = 0;
function text(userId: string, body: string, dedupeKey = `m${++seq}`): Inbound {
  return { channel: 'wecom', kind: 'text', userId, text: body, dedupeKey, sentAt: new Date(), chat: { kind: 'single', id: userId }, mentioned: true };
}

function receiptOf(inbound: Inbound): Receipt {
  return {
    inbound,
    response: { status: 200, body: '' },
    passive: { maxBytes: 2048, reply: (r: Reply) => ({ status: 200, body: `passive:${r.kind === 'text' ? r.text : r.title}` }) },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many more "failover" messages fail as MongoDB does while its primary is away. */
const outage = { left: 0 };

/** Counts messages per user; "slow N" waits N ms first; "boom" throws; "failover" fails during an outage. */
const counter = defineHandler<{ n: number }>({
  id: 'counter',
  version: 1,
  inGroups: 'public',
  idleMs: 600_000,
  matches: () => true,
  start: () => ({ replies: [{ kind: 'text', text: 'count 1' }], state: { n: 1 } }),
  async step(state, ctx) {
    const body = ctx.inbound.kind === 'text' ? ctx.inbound.text : '';
    if (body.startsWith('slow ')) await sleep(Number(body.slice(5)));
    if (body === 'boom') throw new Error('handler bug');
    if (body === 'failover' && outage.left-- > 0) throw toStoreError(new mongoose.mongo.MongoServerError({ ok: 0, code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary' }));
    const n = state.n + 1;
    return { replies: [{ kind: 'text', text: `count ${n}` }], state: { n } };
  },
});

describe('dispatcher', () => {
  const sealer = testSealer();
  const records = testRecordSealer();
  let engines: Awaited<ReturnType<typeof memoryEngines>>;
  let outbox: OutboxRepo;
  let dispatcher: Dispatcher;
  const make = (budgetMs: number, now = () => new Date()) =>
    createDispatcher({
      inbox: createInboxRepo(engines.store.collection(inboxModel), records),
      conversations: createConversationRepo(engines.store.collection(conversationModel), records),
      outbox,
      locks: engines.coord,
      logger: silent,
      metrics: noMetrics,
      now,
      budgetMs,
      handlers: [counter as unknown as Handler<JsonState>],
      fallback: defineHandler({ id: 'help', version: 1, idleMs: 0, inGroups: 'public', matches: () => false, start: () => say('menu'), step: () => say('menu') }) as unknown as Handler<JsonState>,
      templates,
      commands,
    });

  beforeEach(async () => {
    engines = await memoryEngines();
    outbox = createOutboxRepo(engines.store.collection(outboxModel), sealer);
    dispatcher = make(300);
  });
  afterEach(async () => {
    await dispatcher.drain();
    await engines.close();
  });

  it('keeps a conversation across messages and answers passively', async () => {
    expect((await dispatcher.dispatch(receiptOf(text('u1', 'a')))).body).toBe('passive:count 1');
    expect((await dispatcher.dispatch(receiptOf(text('u1', 'b')))).body).toBe('passive:count 2');
    expect((await dispatcher.dispatch(receiptOf(text('u2', 'a')))).body).toBe('passive:count 1');
  });

  it('answers an empty 200 past the budget and sends the reply through the outbox', async () => {
    await dispatcher.dispatch(receiptOf(text('u1', 'a')));
    const res = await dispatcher.dispatch(receiptOf(text('u1', 'slow 600')));
    expect(res).toEqual({ status: 200, body: '' });
    expect(await outbox.list({}, 10)).toHaveLength(0);
    await dispatcher.drain();
    const rows = await outbox.list({}, 10);
    expect(rows.map((r) => r.reply)).toEqual([{ kind: 'text', text: 'count 2' }]);
    expect(recipientOf(sealer, rows[0]!.destination)).toEqual({ kind: 'user', channel: 'wecom', userId: 'u1' });
    expect(rows[0]!.destination.kind).toBe('sealed');
  });

  it('answers past the budget what the channel says for a late turn (an unfinished stream), when it says one', async () => {
    await dispatcher.dispatch(receiptOf(text('u1', 'a')));
    const receipt = receiptOf(text('u1', 'slow 600'));
    const res = await dispatcher.dispatch({ ...receipt, passive: { ...receipt.passive!, late: async () => ({ status: 200, body: 'stream:open' }) } });
    expect(res).toEqual({ status: 200, body: 'stream:open' });
    await dispatcher.drain();
    expect((await outbox.list({}, 10)).map((r) => r.reply)).toEqual([{ kind: 'text', text: 'count 2' }]);
  });

  it('handles one user one message at a time, in order, losing none', async () => {
    await dispatcher.dispatch(receiptOf(text('u1', 'a')));
    const answers = await Promise.all([
      dispatcher.dispatch(receiptOf(text('u1', 'slow 100'))),
      dispatcher.dispatch(receiptOf(text('u1', 'slow 100'))),
      dispatcher.dispatch(receiptOf(text('u1', 'b'))),
    ]);
    await dispatcher.drain();
    const passive = answers.map((a) => a.body).filter((b) => b !== '');
    const late = (await outbox.list({}, 10)).map((r) => (r.reply.kind === 'text' ? `passive:${r.reply.text}` : ''));
    // Every message counted once: 2, 3 and 4 were each said exactly once, passively or through the outbox.
    expect([...passive, ...late].sort()).toEqual(['passive:count 2', 'passive:count 3', 'passive:count 4']);
  });

  it('ignores a redelivery of the same message', async () => {
    const m = text('u1', 'a', 'same-id');
    expect((await dispatcher.dispatch(receiptOf(m))).body).toBe('passive:count 1');
    expect((await dispatcher.dispatch(receiptOf(m))).body).toBe('');
    expect((await dispatcher.dispatch(receiptOf(text('u1', 'b')))).body).toBe('passive:count 2');
  });

  it('turns a handler bug into an apology, keeps the conversation, and does not redo the message', async () => {
    await dispatcher.dispatch(receiptOf(text('u1', 'a')));
    const boom = text('u1', 'boom');
    expect((await dispatcher.dispatch(receiptOf(boom))).body).toBe('passive:sorry');
    expect((await dispatcher.dispatch(receiptOf(boom))).body).toBe('');
    expect((await dispatcher.dispatch(receiptOf(text('u1', 'b')))).body).toBe('passive:count 2');
  });

  it('leaves a turn the store could not finish in the inbox: no apology, not done, redone by the sweep', async () => {
    let clock = Date.now();
    const d = make(300, () => new Date(clock));
    await d.dispatch(receiptOf(text('u1', 'a')));
    const failover = text('u1', 'failover', 'during-failover');
    outage.left = 1;
    // The platform is asked to redeliver (503), and nothing is said to the user.
    expect(await d.dispatch(receiptOf(failover))).toEqual({ status: 503, body: '' });
    await d.drain();
    expect(await outbox.list({}, 10)).toEqual([]);
    const row = await engines.store.collection(inboxModel).findOne({ _id: 'wecom:during-failover' });
    expect(row?.status).toBe('processing');
    // Once its lease is over the sweep handles it again, the primary being back: the message is not lost.
    clock += 120_000;
    expect(await d.recover()).toBe(1);
    expect((await engines.store.collection(inboxModel).findOne({ _id: 'wecom:during-failover' }))?.status).toBe('done');
    expect((await outbox.list({}, 10)).map((r) => r.reply)).toEqual([{ kind: 'text', text: 'count 2' }]);
  });

  it('takes over a delivery whose handler died, once its lease ran out', async () => {
    let clock = Date.now();
    const d = make(300, () => new Date(clock));
    const inbox = createInboxRepo(engines.store.collection(inboxModel), records);
    // An instance claimed the message and died before handling it.
    const orphan = text('u9', 'a', 'orphan');
    expect(await inbox.claim('wecom:orphan', orphan, new Date(clock), 60_000)).toBe('claimed');
    // Within the lease a redelivery is a duplicate, and the sweep finds nothing.
    expect((await d.dispatch(receiptOf(orphan))).body).toBe('');
    expect(await d.recover()).toBe(0);
    clock += 61_000;
    expect(await d.recover()).toBe(1);
    expect((await outbox.list({}, 10)).map((r) => r.reply)).toEqual([{ kind: 'text', text: 'count 1' }]);
    // Done now: neither a redelivery nor the sweep handles it again.
    expect((await d.dispatch(receiptOf(orphan))).body).toBe('');
    clock += 200_000;
    expect(await d.recover()).toBe(0);
  });
});

describe('dispatcher in group chats', () => {
  const sealer = testSealer();
  const records = testRecordSealer();
  const privateFlow = defineHandler({ id: 'secret', version: 1, idleMs: 600_000, inGroups: 'private', matches: () => true, start: () => ({ replies: [{ kind: 'text', text: 'first question' }], state: { at: 1 } }), step: () => say('next') });
  let engines: Awaited<ReturnType<typeof memoryEngines>>;
  let outbox: OutboxRepo;
  let dispatcher: Dispatcher;
  beforeEach(async () => {
    engines = await memoryEngines();
    outbox = createOutboxRepo(engines.store.collection(outboxModel), sealer);
    dispatcher = createDispatcher({
      inbox: createInboxRepo(engines.store.collection(inboxModel), records),
      conversations: createConversationRepo(engines.store.collection(conversationModel), records),
      outbox,
      locks: engines.coord,
      logger: silent,
      metrics: noMetrics,
      now: () => new Date(),
      budgetMs: 300,
      handlers: [privateFlow as unknown as Handler<JsonState>],
      fallback: defineHandler({ id: 'help', version: 1, idleMs: 0, inGroups: 'public', matches: () => false, start: () => say('menu'), step: () => say('menu') }) as unknown as Handler<JsonState>,
      templates: templatesFromMap(new Map([['core.error_apology', 'sorry'], ['core.private_redirect', 'see your 1:1 chat']])),
      commands,
      groups: { isKnown: async (i) => i.chat.id === 'known' },
    });
  });
  afterEach(async () => {
    await dispatcher.drain();
    await engines.close();
  });
  const inGroup = (userId: string, body: string, mentioned: boolean, chatId = 'known'): Inbound => ({ ...text(userId, body), via: 'wecom-bot', chat: { kind: 'group', id: chatId }, mentioned });

  it('ignores what is said in a group without mentioning the bot', async () => {
    const res = await dispatcher.dispatch(receiptOf(inGroup('u1', 'hello all', false)));
    expect(res).toEqual({ status: 200, body: '' });
    expect(await engines.store.collection(inboxModel).count({})).toBe(0);
  });

  it('answers a private request in a group with the neutral line, and asks its first question in the 1:1 chat', async () => {
    const res = await dispatcher.dispatch(receiptOf(inGroup('u1', '举报', true)));
    expect(res.body).toBe('passive:see your 1:1 chat');
    const rows = await outbox.list({}, 10);
    expect(rows.map((r) => r.reply)).toEqual([{ kind: 'text', text: 'first question' }]);
    expect(recipientOf(sealer, rows[0]!.destination)).toEqual({ kind: 'user', channel: 'wecom', userId: 'u1' });
    // The flow goes on in the 1:1 chat.
    expect((await dispatcher.dispatch(receiptOf(text('u1', 'answer')))).body).toBe('passive:next');
  });

  it('sends late replies where the message came from (its reply handle), and a group the directory does not know gets the menu', async () => {
    const replyTo = { kind: 'chat' as const, channel: 'wecom-bot' as const, chatId: 'stranger' };
    const { passive: _p, ...noPassive } = receiptOf({ ...inGroup('u2', 'x', true, 'stranger'), replyTo });
    await dispatcher.dispatch(noPassive);
    await dispatcher.drain();
    const rows = await outbox.list({}, 10);
    expect(rows.map((r) => [r.destination, r.reply])).toEqual([[replyTo, { kind: 'text', text: 'menu' }]]);
  });
});
