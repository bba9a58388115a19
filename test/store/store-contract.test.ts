/**
 * The store contract, written once against the StoreEngine port and run over every engine this machine can
 * reach (see store-engine-cases.ts). Expectations are MongoDB's semantics; the embedded engine must match them.
 */
import type { Collection, Doc, ModelSpec, StoreEngine } from '../../src/store/collection';
import { conversationModel, type ConversationRow } from '../../src/store/conversation.model';
import { inboxModel, type InboxRow } from '../../src/store/inbox.model';
import { outboxModel, type OutboxRow } from '../../src/store/outbox.model';
import { personModel, type PersonRow } from '../../src/store/person.model';
import { FILTER_CASES, ITEMS, indexedItemModel, itemModel, pairModel, sessionModel, type ItemRow, type PairRow } from './contract-models';
import { storeEngineCases } from './store-engine-cases';
import { expectCode, ids } from './expect-code';

describe.each(storeEngineCases('store contract'))('store contract: $name', (engine) => {
  let clock = Date.now();
  let store: StoreEngine;
  let items: Collection<ItemRow>;
  let pairs: Collection<PairRow>;

  beforeAll(async () => {
    store = await engine.open(() => new Date(clock));
    items = store.collection(itemModel);
    pairs = store.collection(pairModel);
  });
  afterAll(async () => {
    await store?.close();
    await engine.dispose();
  });
  beforeEach(async () => {
    clock = Date.now();
    const models = [itemModel, pairModel, sessionModel, outboxModel, conversationModel, inboxModel, personModel] as ModelSpec<Doc>[];
    for (const model of models) {
      await store.collection(model).deleteMany({});
    }
  });
  const seed = async (): Promise<void> => {
    for (const item of ITEMS) await items.insertOne(item);
  };

  it('answers ping and returns the same collection for the same model', async () => {
    await store.ping();
    expect(store.collection(itemModel)).toBe(items);
  });

  describe('insert and read', () => {
    it('finds, sorts, skips, limits and counts', async () => {
      await seed();
      expect((await items.findOne({ sku: 'B' }))?._id).toBe('b');
      expect(await items.findOne({ sku: 'nope' })).toBeNull();
      expect((await items.find({}, { sort: { n: 1 } })).map((d) => d._id)).toEqual(['d', 'a', 'b', 'c']);
      expect((await items.find({}, { sort: { n: -1 } })).map((d) => d._id)).toEqual(['c', 'b', 'a', 'd']);
      expect((await items.find({}, { sort: { status: 1, n: -1 } })).map((d) => d._id)).toEqual(['b', 'd', 'c', 'a']);
      expect((await items.find({}, { sort: { sku: 1 }, skip: 1, limit: 2 })).map((d) => d._id)).toEqual(['b', 'c']);
      expect(await items.count({ status: 'new' })).toBe(2);
      expect(await items.count({})).toBe(4);
    });

    it('returns plain documents: string _id, real Dates and arrays, defaults applied, unknown fields dropped', async () => {
      const when = new Date('2024-03-04T05:06:07.000Z');
      const inserted = await items.insertOne({ _id: 'p', sku: 'P', status: 'new', when, junk: 1 } as ItemRow);
      const found = (await items.findOne({ _id: 'p' }))!;
      for (const doc of [inserted, found]) {
        expect(doc).toEqual({ _id: 'p', sku: 'P', status: 'new', when, tags: [], nums: [] });
        expect(typeof doc._id).toBe('string');
        expect(doc.when).toBeInstanceOf(Date);
        expect(Object.getPrototypeOf(doc.tags)).toBe(Array.prototype);
        expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
      }
    });

    it('casts values with the schema: "5" to 5, an ISO string to a Date', async () => {
      await items.insertOne({ _id: 'c1', sku: 'C1', status: 'new', n: '5', when: '2024-05-06T07:08:09.000Z' } as unknown as ItemRow);
      const doc = (await items.findOne({ n: 5 }))!;
      expect(doc.n).toBe(5);
      expect(doc.when).toEqual(new Date('2024-05-06T07:08:09.000Z'));
      expect((await items.findOne({ when: '2024-05-06T07:08:09.000Z' }))?._id).toBe('c1');
    });

    it('refuses a duplicate _id, a duplicate unique field and a duplicate compound key', async () => {
      await seed();
      await expectCode(items.insertOne({ _id: 'a', sku: 'NEW', status: 'new' }), 'duplicate_key');
      await expectCode(items.insertOne({ _id: 'z', sku: 'A', status: 'new' }), 'duplicate_key');
      await pairs.insertOne({ _id: 'p1', group: 'g', code: 'x', version: 0 });
      await pairs.insertOne({ _id: 'p2', group: 'g', code: 'y', version: 0 });
      await pairs.insertOne({ _id: 'p3', group: 'h', code: 'x', version: 0 });
      await expectCode(pairs.insertOne({ _id: 'p4', group: 'g', code: 'x', version: 0 }), 'duplicate_key');
      expect(await items.count({})).toBe(4);
      expect(ids(await pairs.find({}))).toEqual(['p1', 'p2', 'p3']);
    });

    it('writes nothing when validation fails (enum, required, min, cast)', async () => {
      await expectCode(items.insertOne({ _id: 'v1', sku: 'V1', status: 'bogus' as 'new' }), 'validation_failed');
      await expectCode(items.insertOne({ _id: 'v2', status: 'new' } as ItemRow), 'validation_failed');
      await expectCode(items.insertOne({ _id: 'v3', sku: 'V3', status: 'new', n: -1 }), 'validation_failed');
      await expectCode(items.insertOne({ _id: 'v4', sku: 'V4', status: 'new', n: 'abc' as unknown as number }), 'validation_failed');
      expect(await items.count({})).toBe(0);
    });
  });

  describe('filters on indexed scalar fields', () => {
    let indexed: Collection<ItemRow>;
    beforeEach(async () => {
      indexed = store.collection(indexedItemModel);
      await indexed.deleteMany({});
      for (const item of ITEMS) await indexed.insertOne(item);
    });
    it.each(FILTER_CASES)('%s', async (_name, filter, expected) => {
      expect(ids(await indexed.find(filter))).toEqual(expected);
      expect(await indexed.count(filter)).toBe(expected.length);
    });

    it('pages in the sort order over columns, descending ties broken by _id', async () => {
      const page = (skip: number) => indexed.find({}, { sort: { status: 1, _id: -1 }, skip, limit: 2 });
      expect((await page(0)).map((d) => d._id)).toEqual(['b', 'd']);
      expect((await page(1)).map((d) => d._id)).toEqual(['d', 'c']);
      expect((await page(3)).map((d) => d._id)).toEqual(['a']);
      expect((await indexed.find({ n: { $gte: 1 } }, { sort: { n: -1 }, limit: 2 })).map((d) => d._id)).toEqual(['c', 'b']);
    });
  });

  describe('filters', () => {
    beforeEach(seed);
    it.each(FILTER_CASES)('%s', async (_name, filter, expected) => {
      expect(ids(await items.find(filter))).toEqual(expected);
      expect(await items.count(filter)).toBe(expected.length);
    });

    it('refuses operators outside the port, unknown paths and undefined values', async () => {
      await expectCode(items.find({ $where: 'true' }), 'bad_request');
      await expectCode(items.find({ sku: { $regex: 'A' } }), 'bad_request');
      await expectCode(items.find({ $nor: [{ sku: 'A' }] }), 'bad_request');
      await expectCode(items.find({ skuu: 'A' }), 'bad_request');
      await expectCode(items.find({ sku: undefined }), 'bad_request');
      await expectCode(items.deleteMany({ typo: 'x' }), 'bad_request');
      expect(await items.count({})).toBe(4);
    });

    it('does not change the caller\'s filter', async () => {
      const filter = { when: { $lte: '2024-02-01T00:00:00.000Z' } };
      await items.find(filter);
      expect(filter).toEqual({ when: { $lte: '2024-02-01T00:00:00.000Z' } });
    });
  });

  describe('updates', () => {
    beforeEach(seed);

    it('$set (dotted, cast), $unset, $inc (existing and missing), $push (one and $each)', async () => {
      expect(await items.updateOne({ _id: 'a' }, { $set: { status: 'done', 'meta.size': '7', n: '9' } })).toEqual({ matched: 1, upserted: false });
      expect(await items.findOne({ _id: 'a' })).toMatchObject({ status: 'done', n: 9, meta: { color: 'red', size: 7 } });
      await items.updateOne({ _id: 'a' }, { $unset: { 'meta.color': '', when: 1 } });
      const a = (await items.findOne({ _id: 'a' }))!;
      expect(a.meta).toEqual({ size: 7 });
      expect('when' in a).toBe(false);
      await items.updateOne({ _id: 'a' }, { $inc: { n: 2, score: 5 } });
      await items.updateOne({ _id: 'a' }, { $push: { tags: 'w' } });
      await items.updateOne({ _id: 'a' }, { $push: { tags: { $each: ['p', 'q'] } } });
      expect(await items.findOne({ _id: 'a' })).toMatchObject({ n: 11, score: 5, tags: ['x', 'y', 'w', 'p', 'q'] });
      expect(await items.updateOne({ _id: 'missing' }, { $set: { note: 'x' } })).toEqual({ matched: 0, upserted: false });
    });

    it('updateMany and deleteMany report how many documents they touched', async () => {
      expect(await items.updateMany({ status: 'new' }, { $set: { note: 'bulk' } })).toBe(2);
      expect(ids(await items.find({ note: 'bulk' }))).toEqual(['a', 'c']);
      expect(await items.updateMany({ status: 'nothing' as 'new' }, { $set: { note: 'x' } })).toBe(0);
      expect(await items.deleteMany({ status: 'new' })).toBe(2);
      expect(ids(await items.find({}))).toEqual(['b', 'd']);
    });

    it('validates updates and leaves the document unchanged when they fail', async () => {
      await expectCode(items.updateOne({ _id: 'a' }, { $set: { status: 'bogus' as 'new' } }), 'validation_failed');
      await expectCode(items.updateOne({ _id: 'a' }, { $set: { n: -1 } }), 'validation_failed');
      await expectCode(items.updateMany({}, { $set: { n: -1 } }), 'validation_failed');
      await expectCode(items.updateOne({ _id: 'b' }, { $set: { sku: 'A' } }), 'duplicate_key');
      await expectCode(items.updateOne({ _id: 'a' }, { $set: { _id: 'other' } }), 'bad_request');
      await expectCode(items.updateOne({ _id: 'a' }, { $set: { n: 1 }, $inc: { n: 1 } }), 'bad_request');
      await expectCode(items.updateOne({ _id: 'a' }, { $unset: { status: 1 } }), 'validation_failed');
      await expectCode(items.updateOne({ _id: 'a' }, { $inc: { n: 'abc' as unknown as number } }), 'validation_failed');
      await expectCode(items.updateOne({ _id: 'a' }, { $inc: { sku: 1 } }), 'bad_request');
      expect(await items.findOne({ _id: 'a' })).toEqual(ITEMS[0]);
      expect(await items.findOne({ _id: 'b' })).toEqual(ITEMS[1]);
    });

    it('upserts from the filter and $setOnInsert, and ignores $setOnInsert on a match', async () => {
      const update = { $set: { status: 'new' as const }, $setOnInsert: { sku: 'U1', n: 0 } };
      expect(await items.updateOne({ _id: 'u1' }, update, { upsert: true })).toEqual({ matched: 0, upserted: true });
      expect(await items.findOne({ _id: 'u1' })).toEqual({ _id: 'u1', sku: 'U1', n: 0, status: 'new', tags: [], nums: [] });
      const again = { $set: { status: 'done' as const }, $setOnInsert: { sku: 'CHANGED', n: 99 } };
      expect(await items.updateOne({ _id: 'u1' }, again, { upsert: true })).toEqual({ matched: 1, upserted: false });
      expect(await items.findOne({ _id: 'u1' })).toMatchObject({ sku: 'U1', n: 0, status: 'done' });
      await items.updateOne({ _id: 'u2', sku: 'U2' }, { $set: { status: 'pending' } }, { upsert: true });
      expect(await items.findOne({ _id: 'u2' })).toMatchObject({ sku: 'U2', status: 'pending' });
      await expectCode(items.updateOne({ _id: 'u3' }, { $setOnInsert: { sku: 'A', status: 'new' } }, { upsert: true }), 'duplicate_key');
    });

    it('findOneAndUpdate returns the document after the update, honouring sort; null when nothing matches', async () => {
      const first = await items.findOneAndUpdate({ status: 'new' }, { $set: { status: 'done' } }, { sort: { n: -1 } });
      expect(first).toMatchObject({ _id: 'c', status: 'done', n: 3 });
      const next = await items.findOneAndUpdate({ status: 'new' }, { $set: { status: 'done' } }, { sort: { n: -1 } });
      expect(next?._id).toBe('a');
      expect(await items.findOneAndUpdate({ status: 'new' }, { $set: { status: 'done' } })).toBeNull();
      const created = await items.findOneAndUpdate({ _id: 'n1' }, { $setOnInsert: { sku: 'N1', status: 'new' } }, { upsert: true });
      expect(created).toEqual({ _id: 'n1', sku: 'N1', status: 'new', tags: [], nums: [] });
    });
  });

  describe('concurrency', () => {
    it('findOneAndUpdate is a compare-and-set: 20 concurrent leases on 5 pending rows lease each row once', async () => {
      for (let i = 0; i < 5; i += 1) await items.insertOne({ _id: `job${i}`, sku: `J${i}`, status: 'pending', n: i });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, w) =>
          items.findOneAndUpdate({ status: 'pending' }, { $set: { status: 'leased', owner: `w${w}` } }, { sort: { n: 1 } }),
        ),
      );
      const won = results.filter((r): r is ItemRow => r !== null);
      expect(won).toHaveLength(5);
      expect(ids(won)).toEqual(['job0', 'job1', 'job2', 'job3', 'job4']);
      const rows = await items.find({ status: 'leased' });
      expect(rows.map((r) => r.owner).sort()).toEqual(won.map((r) => r.owner).sort());
    });

    it('the outbox lease pattern: pending rows whose lease is missing or expired, leased once each', async () => {
      const outbox = store.collection(outboxModel);
      const now = new Date();
      const row = (i: number): OutboxRow => ({
        _id: `m${i}`, destination: { kind: 'user', channel: 'wecom', userId: `u${i}` }, destKey: `wecom:u:u${i}`,
        reply: { kind: 'text', text: `hello ${i}` }, status: 'pending', attempts: 0, availableAt: new Date(now.getTime() - 1000 * (5 - i)), createdAt: now,
      });
      for (let i = 0; i < 5; i += 1) await outbox.insertOne(row(i));
      await outbox.updateOne({ _id: 'm4' }, { $set: { leaseOwner: 'old', leaseUntil: new Date(now.getTime() - 1) } });
      const lease = (owner: string) =>
        outbox.findOneAndUpdate(
          { status: 'pending', availableAt: { $lte: now }, $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lt: now } }] },
          { $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + 60_000) }, $inc: { attempts: 1 } },
          { sort: { availableAt: 1 } },
        );
      const won = (await Promise.all(Array.from({ length: 12 }, (_, i) => lease(`relay${i}`)))).filter((r) => r !== null);
      expect(won.map((r) => r._id).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
      expect(won.every((r) => r.attempts === 1 && r.leaseOwner !== 'old')).toBe(true);
      expect(await outbox.count({ 'destination.channel': 'wecom', status: 'pending' })).toBe(5);
    });

    it('updateOne with a version condition is optimistic concurrency: one of two writers wins', async () => {
      const conversations = store.collection(conversationModel);
      const t = new Date();
      const row: ConversationRow = { _id: 'wecom:u1', handlerId: 'report', handlerVersion: 1, state: {}, rev: 0, updatedAt: t, idleAt: t, expiresAt: new Date(t.getTime() + 3_600_000) };
      await conversations.insertOne(row);
      const save = (step: string) =>
        conversations.updateOne({ _id: row._id, rev: 0 }, { $set: { state: { step }, updatedAt: new Date() }, $inc: { rev: 1 } });
      const results = await Promise.all([save('one'), save('two')]);
      expect(results.map((r) => r.matched).sort()).toEqual([0, 1]);
      const saved = (await conversations.findOne({ _id: row._id }))!;
      expect(saved.rev).toBe(1);
      expect(saved.state).toEqual({ step: results[0]!.matched === 1 ? 'one' : 'two' });
    });
  });

  describe('real models', () => {
    it('people: enum on array elements, queries on array fields', async () => {
      const people = store.collection(personModel);
      const base: PersonRow = { _id: 'wecom:t1', channel: 'wecom', userId: 't1', name: '张老师', roles: ['teacher'], active: true, updatedAt: new Date() };
      await people.insertOne(base);
      await people.insertOne({ ...base, _id: 'wecom:o1', userId: 'o1', roles: ['official', 'admin'], orgId: 'county-1' });
      await expectCode(people.insertOne({ ...base, _id: 'wecom:x', roles: ['king' as 'admin'] }), 'validation_failed');
      expect(ids(await people.find({ roles: 'admin' }))).toEqual(['wecom:o1']);
      expect(ids(await people.find({ orgId: null }))).toEqual(['wecom:t1']);
      await people.updateOne({ _id: 'wecom:t1' }, { $push: { roles: 'liaison' } });
      expect((await people.findOne({ _id: 'wecom:t1' }))?.roles).toEqual(['teacher', 'liaison']);
      // An indexed array follows every write: an element pushed, set away, and the document deleted.
      expect(ids(await people.find({ roles: 'liaison' }))).toEqual(['wecom:t1']);
      expect(ids(await people.find({ roles: { $in: ['liaison', 'official'] } }, { sort: { _id: 1 } }))).toEqual(['wecom:o1', 'wecom:t1']);
      await people.updateOne({ _id: 'wecom:t1' }, { $set: { roles: ['official'], alsoKnownAs: ['dingtalk:t1'] } });
      expect(await people.count({ roles: 'liaison' })).toBe(0);
      expect(ids(await people.find({ roles: 'official' }, { sort: { _id: 1 } }))).toEqual(['wecom:o1', 'wecom:t1']);
      expect(ids(await people.find({ alsoKnownAs: 'dingtalk:t1' }))).toEqual(['wecom:t1']);
      expect(ids(await people.find({ roles: ['official', 'admin'] }))).toEqual(['wecom:o1']); // the whole array
      await people.deleteMany({ _id: 'wecom:t1' });
      expect(await people.count({ alsoKnownAs: 'dingtalk:t1' })).toBe(0);
    });

    it('conversations keep an empty state object (minimize: false)', async () => {
      const conversations = store.collection(conversationModel);
      const t = new Date();
      await conversations.insertOne({ _id: 'c', handlerId: 'h', handlerVersion: 1, state: {}, rev: 0, updatedAt: t, idleAt: t, expiresAt: new Date(t.getTime() + 60_000) });
      expect((await conversations.findOne({ _id: 'c' }))?.state).toEqual({});
    });
  });

  describe('TTL', () => {
    if (!engine.injectableClock) {
      // MongoDB's TTL monitor deletes expired documents in the background every 60 s, so an expired document
      // stays visible for up to a minute; what the engine owes is the index itself.
      it('creates the TTL indexes', async () => {
        await store.collection(inboxModel).count({});
        await store.collection(sessionModel).count({});
        const inbox = await engine.listIndexes(inboxModel.name);
        expect(inbox).toEqual(expect.arrayContaining([expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 })]));
        const sessions = await engine.listIndexes(sessionModel.name);
        expect(sessions).toEqual(expect.arrayContaining([expect.objectContaining({ key: { touchedAt: 1 }, expireAfterSeconds: 60 })]));
        const itemsIx = await engine.listIndexes(itemModel.name);
        expect(itemsIx).toEqual(expect.arrayContaining([expect.objectContaining({ key: { sku: 1 }, unique: true })]));
      });
      return;
    }

    it('does not return a document whose expiry is in the past', async () => {
      const inbox = store.collection(inboxModel);
      const t = new Date(clock);
      const row = (id: string, expiresAt: Date): InboxRow => ({ _id: id, status: 'done', leaseUntil: t, receivedAt: t, expiresAt });
      await inbox.insertOne(row('old', new Date(clock - 1000)));
      await inbox.insertOne(row('new', new Date(clock + 60_000)));
      expect(ids(await inbox.find({}))).toEqual(['new']);
      expect(await inbox.count({})).toBe(1);
      expect(await inbox.findOne({ _id: 'old' })).toBeNull();
      // The id is free again, as after MongoDB's monitor removed the row.
      await inbox.insertOne(row('old', new Date(clock + 60_000)));
    });

    it('expires on the engine clock, expireAfterSeconds after the field', async () => {
      const sessions = store.collection(sessionModel);
      await sessions.insertOne({ _id: 's', touchedAt: new Date(clock) });
      clock += 59_000;
      expect(await sessions.count({})).toBe(1);
      clock += 2_000;
      expect(await sessions.count({})).toBe(0);
    });
  });
});
