/** The imported lists on every store engine: replaced whole, versioned, read by the year of a date. */
import { createListRepo } from '../../../src/domain/lists';
import type { StoreEngine } from '../../../src/store/collection';
import { activityListModel } from '../../../src/store/activity-list.model';
import { storeEngineCases } from '../../store/store-engine-cases';

describe.each(storeEngineCases('list repo'))('lists: $name', (engine) => {
  let store: StoreEngine;
  beforeAll(async () => {
    store = await engine.open(() => new Date());
  });
  afterAll(async () => {
    await store?.close();
    await engine.dispose();
  });
  beforeEach(() => store.collection(activityListModel).deleteMany({}));

  it('replaces a list whole, counting versions, and keeps other years and regions apart', async () => {
    const lists = createListRepo(store);
    const t1 = new Date('2026-01-05T02:00:00Z');
    expect(await lists.replace('whitelist', 'NX', 2026, [{ name: '禁毒教育', unit: '市禁毒办' }, { name: '防溺水安全教育' }], t1, 'a.csv')).toMatchObject({ version: 1, count: 2, source: 'a.csv' });
    await lists.replace('whitelist', 'NX', 2025, [{ name: '旧的一项' }], t1);
    await lists.replace('plan', 'NX', 2026, [{ name: '春季学校安全大检查', unit: '县教育局' }], t1);
    const again = await lists.replace('whitelist', 'NX', 2026, [{ name: '消防安全演练' }], new Date('2026-03-01T02:00:00Z'));
    expect(again).toMatchObject({ version: 2, count: 1 });
    expect(again.source).toBeUndefined();
    expect(await lists.entries('whitelist', 'NX', 2026)).toEqual([{ name: '消防安全演练', year: 2026 }]);
    expect(await lists.entries('whitelist', 'GZ', 2026)).toEqual([]);
    expect((await lists.list()).map((l) => `${l.region} ${l.year} ${l.kind} v${l.version}`)).toEqual(['NX 2026 plan v1', 'NX 2026 whitelist v2', 'NX 2025 whitelist v1']);
  });

  it('gives the matcher the lists of the year of a date in Shanghai', async () => {
    const lists = createListRepo(store);
    const t = new Date('2026-01-05T02:00:00Z');
    await lists.replace('whitelist', 'NX', 2026, [{ name: '禁毒教育', unit: '市禁毒办' }], t);
    await lists.replace('plan', 'NX', 2025, [{ name: '年终考核' }], t);
    const source = lists.source('Asia/Shanghai');
    // 2025-12-31T17:00Z is already 2026-01-01 in Shanghai.
    expect(await source('NX', new Date('2025-12-31T17:00:00Z'))).toEqual({ whitelist: [{ name: '禁毒教育', unit: '市禁毒办', year: 2026 }], inspectionPlan: [] });
    expect(await source('NX', new Date('2025-12-31T15:00:00Z'))).toEqual({ whitelist: [], inspectionPlan: [{ name: '年终考核', year: 2025 }] });
  });
});
