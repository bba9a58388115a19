/**
 * The store contract, continued: what every engine refuses to write, and init() at start. Same engines as
 * store-contract.test.ts (store-engine-cases.ts: embedded on files, in memory, MongoDB when MONGODB_URI answers).
 * MongoDB through mongoose validates only the paths an update names; the port promises the whole resulting
 * document is valid on every engine, so each case here fails the same way everywhere and writes nothing.
 */
import { Schema } from 'mongoose';
import { defineModel, type Collection, type StoreEngine } from '../../src/store/collection';
import { conversationModel, type ConversationRow } from '../../src/store/conversation.model';
import { ITEMS, itemModel, pairModel, type ItemRow } from './contract-models';
import { expectCode } from './expect-code';
import { storeEngineCases } from './store-engine-cases';

const MiB = 1024 * 1024;

describe.each(storeEngineCases('store write contract'))('store write contract: $name', (engine) => {
  let store: StoreEngine;
  let items: Collection<ItemRow>;
  let conversations: Collection<ConversationRow>;
  /** The items as stored after seeding (defaults applied), which a refused write must leave as they are. */
  let seeded: ItemRow[];

  beforeAll(async () => {
    store = await engine.open(() => new Date());
    items = store.collection(itemModel);
    conversations = store.collection(conversationModel);
  });
  afterAll(async () => {
    await store?.close();
    await engine.dispose();
  });
  beforeEach(async () => {
    await items.deleteMany({});
    await conversations.deleteMany({});
    for (const item of ITEMS) await items.insertOne(item);
    seeded = await items.find({}, { sort: { _id: 1 } });
  });
  const unchanged = async (): Promise<void> => {
    expect(await items.find({}, { sort: { _id: 1 } })).toEqual(seeded);
  };

  it('insertMany inserts every new document and says how many; a taken _id or unique key is skipped', async () => {
    const fresh = (id: string, sku = id.toUpperCase()): ItemRow => ({ _id: id, sku, status: 'new' });
    // 'a' is stored; 'm2' twice in the call; 'm3' takes the unique sku of stored 'b'.
    const sku = seeded.find((i) => i._id === 'b')!.sku;
    expect(await items.insertMany([fresh('m1'), fresh('a'), fresh('m2'), fresh('m2', 'M2-again'), fresh('m3', sku), fresh('m4')])).toBe(3);
    expect((await items.find({ _id: { $in: ['m1', 'm2', 'm3', 'm4'] } }, { sort: { _id: 1 } })).map((i) => [i._id, i.sku])).toEqual([
      ['m1', 'M1'],
      ['m2', 'M2'],
      ['m4', 'M4'],
    ]);
    expect((await items.findOne({ _id: 'a' }))).toEqual(seeded.find((i) => i._id === 'a'));
    expect(await items.insertMany([])).toBe(0);
    // Run again: everything is taken, nothing inserted.
    expect(await items.insertMany([fresh('m1'), fresh('m4')])).toBe(0);
  });

  it('insertMany with one invalid document fails and writes nothing', async () => {
    await expectCode(items.insertMany([{ _id: 'v1', sku: 'V1', status: 'new' }, { _id: 'v2', sku: 'V2', status: 'bogus' as 'new' }]), 'validation_failed');
    await expectCode(items.insertMany([{ _id: 'v3', status: 'new' } as ItemRow]), 'validation_failed');
    await unchanged();
  });

  it('an upsert that would insert a document missing required fields fails and inserts nothing', async () => {
    await expectCode(items.updateOne({ _id: 'u9' }, { $set: { note: 'x' } }, { upsert: true }), 'validation_failed');
    await expectCode(items.findOneAndUpdate({ _id: 'u9' }, { $set: { note: 'x' } }, { upsert: true }), 'validation_failed');
    await expectCode(items.updateOne({ _id: 'u9' }, { $setOnInsert: { sku: 'U9', status: 'bogus' as 'new' } }, { upsert: true }), 'validation_failed');
    expect(await items.findOne({ _id: 'u9' })).toBeNull();
    await unchanged();
    // The same update of a document that exists is an update, and valid.
    expect(await items.updateOne({ _id: 'a' }, { $set: { note: 'x' } }, { upsert: true })).toEqual({ matched: 1, upserted: false });
    expect((await items.findOneAndUpdate({ _id: 'b' }, { $set: { note: 'y' } }, { upsert: true }))?.note).toBe('y');
  });

  it('an $inc past min or max fails and changes nothing, on a present or a missing field', async () => {
    await expectCode(items.updateOne({ _id: 'a' }, { $inc: { n: -2 } }), 'validation_failed'); // 1 - 2 < min 0
    await expectCode(items.updateOne({ _id: 'a' }, { $inc: { n: 200 } }), 'validation_failed'); // > max 100
    await expectCode(items.updateOne({ _id: 'd' }, { $inc: { n: -1 } }), 'validation_failed'); // missing: becomes -1
    await expectCode(items.findOneAndUpdate({ _id: 'a' }, { $inc: { n: -2 } }), 'validation_failed');
    // The first by sort is a (n = 1): it fails, rather than the update moving on to c (n = 3).
    await expectCode(items.findOneAndUpdate({ status: 'new' }, { $inc: { n: -2 } }, { sort: { n: 1 } }), 'validation_failed');
    // All or nothing: a and d would leave the bounds, so b and c are not changed either.
    await expectCode(items.updateMany({}, { $inc: { n: -2 } }), 'validation_failed');
    const insert = { $setOnInsert: { sku: 'Z', status: 'new' as const }, $inc: { n: -1 } };
    await expectCode(items.updateOne({ _id: 'z' }, insert, { upsert: true }), 'validation_failed');
    expect(await items.findOne({ _id: 'z' })).toBeNull();
    await unchanged();
  });

  it('an $inc within the bounds applies, to the document the sort picks, and on an upsert', async () => {
    expect(await items.updateOne({ _id: 'a' }, { $inc: { n: -1 } })).toEqual({ matched: 1, upserted: false });
    expect((await items.findOne({ _id: 'a' }))?.n).toBe(0);
    expect((await items.findOneAndUpdate({ status: 'new' }, { $inc: { n: 1 } }, { sort: { n: -1 } }))).toMatchObject({ _id: 'c', n: 4 });
    expect(await items.updateOne({ _id: 'd' }, { $inc: { n: 100 } })).toEqual({ matched: 1, upserted: false });
    expect(await items.updateMany({ status: 'new' }, { $inc: { n: 2 } })).toBe(2);
    expect((await items.find({ status: 'new' }, { sort: { _id: 1 } })).map((d) => d.n)).toEqual([2, 6]);
    const created = await items.findOneAndUpdate({ _id: 'z' }, { $setOnInsert: { sku: 'Z', status: 'new' }, $inc: { n: 3 } }, { upsert: true });
    expect(created).toMatchObject({ _id: 'z', n: 3 });
  });

  it.each([
    ['$set of an unknown field', { $set: { bogus: 1 } }],
    ['$set of an unknown nested field', { $set: { 'meta.bogus': 1 } }],
    ['$set of an object with an unknown field', { $set: { meta: { color: 'red', bogus: 1 } } }],
    ['$unset of an unknown field', { $unset: { bogus: 1 as const } }],
    ['$inc of an unknown field', { $inc: { bogus: 1 } }],
    ['$push to an unknown field', { $push: { bogus: 'x' } }],
  ])('an update of a path the schema does not have fails, never vanishes: %s', async (_name, update) => {
    await expectCode(items.updateOne({ _id: 'a' }, update), 'bad_request');
    await expectCode(items.findOneAndUpdate({ _id: 'a' }, update), 'bad_request');
    await expectCode(items.updateMany({}, update), 'bad_request');
    await unchanged();
  });

  it('an upsert with an unknown field fails and inserts nothing; a Mixed path takes any sub-path', async () => {
    await expectCode(items.updateOne({ _id: 'n' }, { $setOnInsert: { sku: 'N', status: 'new', bogus: 1 } }, { upsert: true }), 'bad_request');
    expect(await items.findOne({ _id: 'n' })).toBeNull();
    const t = new Date();
    await conversations.insertOne({ _id: 'c', handlerId: 'h', handlerVersion: 1, state: {}, rev: 0, updatedAt: t, idleAt: t, expiresAt: new Date(t.getTime() + 60_000) });
    await conversations.updateOne({ _id: 'c' }, { $set: { 'state.step': 'two', 'state.draft.place': '本校' } });
    expect((await conversations.findOne({ _id: 'c' }))?.state).toEqual({ step: 'two', draft: { place: '本校' } });
  });

  it('undefined inside a document is left out, never stored as null (in an array it is null, as BSON has no gap)', async () => {
    const t = new Date();
    const state = { a: 1, gone: undefined, nested: { gone: undefined, kept: 2 }, list: [1, undefined] };
    await conversations.insertOne({ _id: 'u', handlerId: 'h', handlerVersion: 1, state, rev: 0, updatedAt: t, idleAt: t, expiresAt: new Date(t.getTime() + 60_000) });
    const check = async (): Promise<void> => {
      const saved = (await conversations.findOne({ _id: 'u' }))!.state as Record<string, unknown>;
      expect(Object.keys(saved).sort()).toEqual(['a', 'list', 'nested']);
      expect(Object.keys(saved.nested as object)).toEqual(['kept']);
      expect(saved.list).toEqual([1, null]);
      expect(await conversations.count({ _id: 'u', 'state.gone': { $exists: true } })).toBe(0);
    };
    await check();
    await conversations.updateOne({ _id: 'u' }, { $set: { state: { ...state, a: 1 } } });
    await check();
  });

  it('a document over MongoDB\'s 16 MiB is refused on insert and on update, and nothing is written', async () => {
    const big = 'x'.repeat(16.5 * MiB);
    await expectCode(items.insertOne({ _id: 'big', sku: 'BIG', status: 'new', note: big }), 'validation_failed');
    expect(await items.findOne({ _id: 'big' })).toBeNull();
    await expectCode(items.updateOne({ _id: 'a' }, { $set: { note: big } }), 'validation_failed');
    await unchanged();
    // Below the limit is fine.
    await items.updateOne({ _id: 'a' }, { $set: { note: 'x'.repeat(15 * MiB) } });
    expect((await items.findOne({ _id: 'a' }))?.note).toHaveLength(15 * MiB);
  });
});

/** Two schemas of one collection: `loose` lets `code` repeat, `strict` declares it unique. */
const conflictSchema = (unique: boolean) =>
  new Schema({ _id: { type: String, required: true }, code: { type: String, required: true, ...(unique ? { unique: true } : {}) } }, { versionKey: false });
const looseModel = defineModel<{ _id: string; code: string }>('contract_index_conflict', conflictSchema(false));
const strictModel = defineModel<{ _id: string; code: string }>('contract_index_conflict', conflictSchema(true));

describe.each(storeEngineCases('store init contract'))('store init contract: $name', (engine) => {
  afterAll(() => engine.dispose());

  it('init builds the indexes of every model given, before any operation on them', async () => {
    const store = await engine.open(() => new Date());
    try {
      await store.init([itemModel, pairModel]);
      const listed = await engine.listIndexes(itemModel.name);
      // Engines that cannot list indexes show them by what they refuse.
      if (listed) expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ key: { sku: 1 }, unique: true })]));
      const items = store.collection(itemModel);
      await items.insertOne({ _id: 'a', sku: 'A', status: 'new' });
      await expectCode(items.insertOne({ _id: 'b', sku: 'A', status: 'new' }), 'duplicate_key');
      await items.deleteMany({});
    } finally {
      await store.close();
    }
  });

  // What the first open wrote must still be there for the second: the in-memory engine keeps nothing across
  // an open, so it has no stored documents that could contradict an index.
  if (engine.durable) {
    it('init fails the start with config_invalid when stored documents contradict a unique index', async () => {
      const first = await engine.open(() => new Date());
      await first.collection(looseModel).insertOne({ _id: '1', code: 'same' });
      await first.collection(looseModel).insertOne({ _id: '2', code: 'same' });
      await first.close();
      const second = await engine.open(() => new Date());
      try {
        await expectCode(second.init([strictModel]), 'config_invalid', /contract_index_conflict/);
      } finally {
        await second.close();
      }
    });
  }
});
