/**
 * The mongo engine through the real mongoose and driver, against the wire stand-in (mongo-wire-stand-in.ts):
 * what it sends (write concern with a time limit, no nulls for undefined, the bounds of an $inc, every index
 * at init) and what it makes of a server in trouble. Behaviour that needs a server executing queries is in
 * the contract suite, which runs against MONGODB_URI when one answers.
 */
import mongoose from 'mongoose';
import { isAppError } from '../../src/core/errors';
import type { StoreEngine } from '../../src/store/collection';
import { ALL_MODELS } from '../../src/store/all-models';
import { conversationModel } from '../../src/store/conversation.model';
import { createMongoStore, MONGO_WRITE_TIMEOUT_MS } from '../../src/store/engines/mongo-store';
import { itemModel } from './contract-models';
import { expectCode } from './expect-code';
import { startMongoStandIn, type MongoStandIn, type SentCommand } from './mongo-wire-stand-in';

let standIn: MongoStandIn;
let store: StoreEngine;

beforeEach(async () => {
  standIn = await startMongoStandIn();
  store = await createMongoStore(standIn.uri);
});
afterEach(async () => {
  await store.close();
  await standIn.close();
});

const sent = (name: string): SentCommand[] => standIn.commands.filter((c) => c.name === name);
const WRITES = ['insert', 'update', 'delete', 'findAndModify'];

it('asks a majority for every write, with a time limit so that a missing majority cannot hold a write for ever', async () => {
  const items = store.collection(itemModel);
  await items.insertOne({ _id: 'a', sku: 'A', status: 'new' });
  await items.updateOne({ _id: 'a' }, { $set: { note: 'x' } });
  await items.updateMany({}, { $set: { note: 'y' } });
  await items.findOneAndUpdate({ _id: 'a' }, { $set: { note: 'z' } });
  await items.deleteMany({ _id: 'a' });
  const writes = standIn.commands.filter((c) => WRITES.includes(c.name));
  expect(writes.map((c) => c.name)).toEqual(['insert', 'update', 'update', 'findAndModify', 'delete']);
  for (const w of writes) expect(w.body.writeConcern).toEqual({ w: 'majority', wtimeout: MONGO_WRITE_TIMEOUT_MS });
});

it.each([
  ['the majority did not acknowledge in time', { ok: 1, n: 1, nModified: 1, writeConcernError: { code: 64, codeName: 'WriteConcernTimeout', errmsg: 'waiting for replication timed out', errInfo: { wtimeout: true } } }],
  ['the primary stepped down', { ok: 0, code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary' }],
  ['the primary stepped down while the write waited', { ok: 0, code: 189, codeName: 'PrimarySteppedDown', errmsg: 'Primary stepped down while waiting for replication' }],
  ['the node is shutting down', { ok: 0, code: 91, codeName: 'ShutdownInProgress', errmsg: 'The server is in quiesce mode and will shut down', errorLabels: ['RetryableWriteError'] }],
])('a write answered "%s" is store_unavailable, and so are the inserts', async (_name, answer) => {
  standIn.answer = (c) => (c.name === 'update' || c.name === 'insert' ? answer : undefined);
  const items = store.collection(itemModel);
  await expectCode(items.updateOne({ _id: 'a' }, { $set: { note: 'x' } }), 'store_unavailable');
  await expectCode(items.insertOne({ _id: 'b', sku: 'B', status: 'new' }), 'store_unavailable');
});

it('sends no null for undefined in a document (ignoreUndefined)', async () => {
  const t = new Date();
  const state = { a: 1, gone: undefined, nested: { gone: undefined } };
  await store.collection(conversationModel).insertOne({ _id: 'c', handlerId: 'h', handlerVersion: 1, state, rev: 0, updatedAt: t, idleAt: t, expiresAt: t });
  await store.collection(conversationModel).updateOne({ _id: 'c' }, { $set: { state } });
  const [insert] = sent('insert');
  expect((insert!.body.documents as { state: unknown }[])[0]!.state).toStrictEqual({ a: 1, nested: {} });
  const [update] = sent('update');
  const u = (update!.body.updates as { u: { $set: { state: unknown } } }[])[0]!.u;
  expect(u.$set.state).toStrictEqual({ a: 1, nested: {} });
});

it('puts the bounds of an $inc in the filter, and a miss the bounds caused is validation_failed', async () => {
  const doc = { _id: 'a', sku: 'A', status: 'new', n: 1 };
  standIn.answer = (c) => (c.name === 'find' ? { ok: 1, cursor: { id: mongoose.mongo.BSON.Long.fromNumber(0), ns: 'standin.contract_items', firstBatch: [doc] } } : undefined);
  await expectCode(store.collection(itemModel).updateOne({ _id: 'a' }, { $inc: { n: -2 } }), 'validation_failed', /minimum/);
  const [update] = sent('update');
  const q = (update!.body.updates as { q: unknown }[])[0]!.q;
  expect(q).toEqual({ $and: [{ _id: 'a' }, { $and: [{ n: { $gte: 2, $lte: 102 } }] }] });
});

it('runs an upsert that would insert an invalid document as a plain update, and fails when nothing matched', async () => {
  await expectCode(store.collection(itemModel).updateOne({ _id: 'u' }, { $set: { note: 'x' } }, { upsert: true }), 'validation_failed', /sku/);
  const updates = sent('update').map((c) => (c.body.updates as { upsert?: boolean }[])[0]!);
  expect(updates).toHaveLength(1);
  expect(updates[0]!.upsert ?? false).toBe(false);
});

it('init builds the indexes of every collection before it resolves', async () => {
  await store.init(ALL_MODELS);
  const withIndexes = ALL_MODELS.filter((m) => m.schema.indexes().length > 0).map((m) => m.name).sort();
  // mongoose sends one createIndexes per index of the schema.
  expect([...new Set(sent('createIndexes').map((c) => String(c.body.createIndexes)))].sort()).toEqual(withIndexes);
  const indexCount = ALL_MODELS.reduce((n, m) => n + m.schema.indexes().length, 0);
  expect(sent('createIndexes')).toHaveLength(indexCount);
  expect(withIndexes.length).toBeGreaterThan(5);
});

it('init fails with config_invalid, naming the collection, when an index conflicts with an existing one', async () => {
  standIn.answer = (c) =>
    c.name === 'createIndexes' && c.body.createIndexes === 'outbox'
      ? { ok: 0, code: 85, codeName: 'IndexOptionsConflict', errmsg: 'An existing index has the same name as the requested index' }
      : undefined;
  const failure = await store.init(ALL_MODELS).then(() => undefined, (e: unknown) => e);
  expect(isAppError(failure, 'config_invalid')).toBe(true);
  expect((failure as Error).message).toMatch(/collection outbox: .*IndexOptionsConflict|collection outbox: .*existing index/);
  expect((failure as Error).message).toMatch(/drop the conflicting index/);
});
