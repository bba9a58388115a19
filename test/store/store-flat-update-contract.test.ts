/**
 * The store contract for updates of flat documents' top-level fields ($set and $unset, by _id or by indexed
 * fields, with a sort): what the embedded engine makes in SQL where the document lies (embedded-collection's
 * patchFirst) must answer as MongoDB does, and as the general read-validate-write: the same documents, the
 * same indexes found by the new values, the same refusals, nothing written by a refused update.
 */
import type { Collection, StoreEngine } from '../../src/store/collection';
import { taskModel, type TaskRow } from './contract-models';
import { expectCode, ids } from './expect-code';
import { storeEngineCases } from './store-engine-cases';

const MiB = 1024 * 1024;
const HOUR = 3_600_000;

describe.each(storeEngineCases('store flat update contract'))('store flat update contract: $name', (engine) => {
  let clock = Date.now();
  let store: StoreEngine;
  let tasks: Collection<TaskRow>;
  const later = (ms: number): Date => new Date(clock + ms);
  const seeded = (): TaskRow[] => [
    { _id: 'a', code: 'A', state: 'open', owner: 'ann', rank: 1, until: later(HOUR), body: { sealed: 'x', n: [1, 2] } },
    { _id: 'b', code: 'B', state: 'open', rank: 2, until: later(2 * HOUR) },
    { _id: 'c', code: 'C', state: 'held', owner: 'ann', rank: 3 },
  ];

  beforeAll(async () => {
    store = await engine.open(() => new Date(clock));
    tasks = store.collection(taskModel);
  });
  afterAll(async () => {
    await store?.close();
    await engine.dispose();
  });
  beforeEach(async () => {
    clock = Date.now();
    await tasks.deleteMany({});
    for (const task of seeded()) await tasks.insertOne(task);
  });
  const all = (): Promise<TaskRow[]> => tasks.find({}, { sort: { _id: 1 } });

  it('$set and $unset by _id change the document and what its indexes find', async () => {
    const until = later(3 * HOUR);
    expect(await tasks.updateOne({ _id: 'a' }, { $set: { state: 'closed', owner: 'bob', until }, $unset: { body: true, rank: 1 } })).toEqual({ matched: 1, upserted: false });
    const a = await tasks.findOne({ _id: 'a' });
    expect(a).toEqual({ _id: 'a', code: 'A', state: 'closed', owner: 'bob', until });
    expect(a?.until).toBeInstanceOf(Date);
    expect(ids(await tasks.find({ state: 'closed' }))).toEqual(['a']);
    expect(ids(await tasks.find({ state: 'open' }))).toEqual(['b']);
    expect(ids(await tasks.find({ owner: 'ann' }))).toEqual(['c']);
    expect(ids(await tasks.find({ owner: 'bob', until: { $gt: later(2 * HOUR) } }))).toEqual(['a']);
    expect(ids(await tasks.find({ rank: null }))).toEqual(['a']);
    expect(ids(await tasks.find({ state: 'closed', rank: { $exists: false } }))).toEqual(['a']);
    // A field added by $set, a field removed that was not there: both as MongoDB does.
    await tasks.updateOne({ _id: 'b' }, { $set: { note: '中文 "quoted" \\ \u2028' }, $unset: { owner: '' } });
    expect(await tasks.findOne({ _id: 'b' })).toEqual({ ...seeded()[1], note: '中文 "quoted" \\ \u2028' });
    expect(await tasks.updateOne({ _id: 'nobody' }, { $set: { state: 'held' } })).toEqual({ matched: 0, upserted: false });
    expect(await tasks.count({})).toBe(3);
  });

  it('findOneAndUpdate by indexed fields and a sort returns the first match as it is after the update', async () => {
    const got = await tasks.findOneAndUpdate({ state: 'open', rank: { $gte: 1 } }, { $set: { state: 'held', owner: 'cy' } }, { sort: { rank: -1 } });
    expect(got).toEqual({ ...seeded()[1], state: 'held', owner: 'cy' });
    expect(await tasks.findOne({ _id: 'b' })).toEqual(got);
    expect((await tasks.findOneAndUpdate({ state: 'open' }, { $set: { state: 'held' } }, { sort: { rank: -1 } }))?._id).toBe('a');
    expect(await tasks.findOneAndUpdate({ state: 'open' }, { $set: { state: 'held' } })).toBeNull();
    expect(ids(await tasks.find({ state: 'held' }))).toEqual(['a', 'b', 'c']);
  });

  it('is a compare-and-set: 12 concurrent claims of 3 rows take each row once', async () => {
    const claim = (owner: string) => tasks.findOneAndUpdate({ state: { $in: ['open', 'held'] }, owner: { $ne: 'taken' } }, { $set: { owner: 'taken', note: owner } }, { sort: { rank: 1 } });
    const won = (await Promise.all(Array.from({ length: 12 }, (_, i) => claim(`w${i}`)))).filter((t): t is TaskRow => t !== null);
    expect(won.map((t) => t._id)).toEqual(['a', 'b', 'c']);
    expect(new Set(won.map((t) => t.note)).size).toBe(3);
    expect((await all()).map((t) => t.note)).toEqual(won.map((t) => t.note));
  });

  it('refuses what the schema refuses, or a unique key taken, and writes nothing', async () => {
    const before = await all();
    await expectCode(tasks.updateOne({ _id: 'a' }, { $set: { state: 'bogus' as 'open' } }), 'validation_failed');
    await expectCode(tasks.updateOne({ _id: 'a' }, { $set: { rank: 10 } }), 'validation_failed');
    await expectCode(tasks.findOneAndUpdate({ _id: 'a' }, { $set: { rank: -1 } }), 'validation_failed');
    await expectCode(tasks.updateOne({ _id: 'a' }, { $unset: { state: 1 } }), 'validation_failed');
    await expectCode(tasks.updateOne({ _id: 'a' }, { $set: { code: 'B' } }), 'duplicate_key');
    await expectCode(tasks.updateOne({ _id: 'a' }, { $set: { bogus: 1 } as Partial<TaskRow> }), 'bad_request');
    await expectCode(tasks.updateOne({ _id: 'a' }, { $set: { note: 'x'.repeat(16.5 * MiB) } }), 'validation_failed');
    expect(await all()).toEqual(before);
    // A unique field missing is null to MongoDB's index: one document may lack it, not two.
    await tasks.updateOne({ _id: 'a' }, { $unset: { code: 1 } });
    await expectCode(tasks.updateOne({ _id: 'b' }, { $unset: { code: 1 } }), 'duplicate_key');
    expect((await tasks.findOne({ _id: 'b' }))?.code).toBe('B');
  });

  it('casts what it is given as the general update does ("5" to 5, an ISO string to a Date)', async () => {
    const until = later(5 * HOUR);
    await tasks.updateOne({ _id: 'c' }, { $set: { rank: '5' as unknown as number, until: until.toISOString() as unknown as Date } });
    const c = await tasks.findOne({ _id: 'c' });
    expect(c).toMatchObject({ rank: 5, until });
    expect(ids(await tasks.find({ until: { $gte: until } }))).toEqual(['c']);
  });

  it('$inc adds to a number or a missing field, within its bounds; past them it fails and changes nothing', async () => {
    expect(await tasks.findOneAndUpdate({ _id: 'a' }, { $inc: { rank: 2 }, $set: { state: 'held' } })).toMatchObject({ rank: 3, state: 'held' });
    expect(ids(await tasks.find({ state: 'held', rank: 3 }))).toEqual(['a', 'c']);
    await tasks.updateOne({ _id: 'a' }, { $inc: { rank: -0.5 } });
    expect((await tasks.findOne({ _id: 'a' }))?.rank).toBe(2.5);
    await tasks.updateOne({ _id: 'a' }, { $unset: { rank: 1 } });
    await tasks.updateOne({ _id: 'a' }, { $inc: { rank: 4 } });
    expect((await tasks.findOne({ _id: 'a' }))?.rank).toBe(4);
    const before = await all();
    await expectCode(tasks.updateOne({ _id: 'c' }, { $inc: { rank: 7 } }), 'validation_failed'); // 3 + 7 > max 9
    await expectCode(tasks.findOneAndUpdate({ _id: 'b' }, { $inc: { rank: -3 } }), 'validation_failed'); // < min 0
    await expectCode(tasks.updateOne({ _id: 'b' }, { $inc: { rank: 1 }, $set: { rank: 1 } }), 'bad_request');
    expect(await all()).toEqual(before);
  });

  it('$set of a key inside a Mixed object keeps its other keys, and makes the object when it is missing', async () => {
    const when = later(HOUR);
    await tasks.updateOne({ _id: 'a' }, { $set: { 'body.sealed': '', 'body.when': when, 'body.ok': true } });
    expect((await tasks.findOne({ _id: 'a' }))?.body).toEqual({ sealed: '', n: [1, 2], when, ok: true });
    await tasks.updateOne({ _id: 'b' }, { $set: { 'body.text': '好' } });
    expect((await tasks.findOne({ _id: 'b' }))?.body).toEqual({ text: '好' });
    // Inside anything but an object (a string, a Date, an array, null) MongoDB cannot make a key.
    const odd: unknown[] = ['plain', later(HOUR), [1, 2], null];
    for (const [i, body] of odd.entries()) {
      await tasks.insertOne({ _id: `odd${i}`, state: 'open', code: `O${i}`, body: body as Record<string, unknown> });
      const stored = await tasks.findOne({ _id: `odd${i}` });
      await expectCode(tasks.updateOne({ _id: `odd${i}` }, { $set: { 'body.k': 1 } }), 'bad_request');
      expect(await tasks.findOne({ _id: `odd${i}` })).toEqual(stored);
    }
    // A whole Mixed value replaces the old one.
    await tasks.updateOne({ _id: 'a' }, { $set: { body: { kind: 'forgotten', at: when } } });
    expect((await tasks.findOne({ _id: 'a' }))?.body).toEqual({ kind: 'forgotten', at: when });
  });

  it('finds by equality on fields without an index (strings with quotes and CJK, numbers, a cast string)', async () => {
    await tasks.updateOne({ _id: 'b' }, { $set: { note: `它说 "不" 'x' \\ %_` } });
    expect(ids(await tasks.find({ note: `它说 "不" 'x' \\ %_` }))).toEqual(['b']);
    expect(ids(await tasks.find({ note: { $eq: `它说 "不" 'x' \\ %_` } }))).toEqual(['b']);
    expect(ids(await tasks.find({ note: '它说' }))).toEqual([]);
    expect(ids(await tasks.find({ rank: 2 }))).toEqual(['b']);
    expect(ids(await tasks.find({ rank: '3' as unknown as number }))).toEqual(['c']);
    expect(ids(await tasks.find({ owner: 'ann', rank: { $gt: 1 } }))).toEqual(['c']);
    expect(await tasks.count({ code: 'A', note: { $exists: false } })).toBe(1);
  });

  if (engine.injectableClock) {
    it('a TTL field moved into the past by $set expires the document on the engine clock', async () => {
      await tasks.updateOne({ _id: 'b' }, { $set: { until: later(-1) } });
      expect(ids(await tasks.find({}))).toEqual(['a', 'c']);
      await tasks.updateOne({ _id: 'a' }, { $set: { until: later(10 * 60_000) } });
      clock += 11 * 60_000;
      expect(ids(await tasks.find({}))).toEqual(['c']);
    });
  }
});
