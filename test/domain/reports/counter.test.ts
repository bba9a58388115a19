import { nextSequence, raiseSequence } from '../../../src/domain/reports/next-sequence';
import type { StoreEngine } from '../../../src/store/collection';
import { counterModel } from '../../../src/store/counter.model';
import { storeEngineCases } from '../../store/store-engine-cases';

describe.each(storeEngineCases('report counters'))('counters: $name', (engine) => {
  let store: StoreEngine;
  beforeAll(async () => {
    store = await engine.open(() => new Date());
  });
  afterAll(async () => {
    await store?.close();
    await engine.dispose();
  });
  beforeEach(async () => {
    await store.collection(counterModel).deleteMany({});
  });

  it('starts at 1 and counts each name on its own', async () => {
    expect(await nextSequence(store, 'case:NX:2026')).toBe(1);
    expect(await nextSequence(store, 'case:NX:2026')).toBe(2);
    expect(await nextSequence(store, 'case:GZ:2026')).toBe(1);
  });

  it('hands 50 concurrent callers 1..50, each once, starting from a missing counter', async () => {
    const values = await Promise.all(Array.from({ length: 50 }, () => nextSequence(store, 'case:NX:2027')));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await store.collection(counterModel).findOne({ _id: 'case:NX:2027' }))!.value).toBe(50);
  });

  it('raises a counter but never lowers it', async () => {
    await raiseSequence(store, 'case:NX:2028', 7);
    expect(await nextSequence(store, 'case:NX:2028')).toBe(8);
    await raiseSequence(store, 'case:NX:2028', 3);
    expect(await nextSequence(store, 'case:NX:2028')).toBe(9);
  });
});
