import { loadDirectory } from '../../../src/domain/directory/load-directory';
import type { Collection, Doc, ModelSpec, StoreEngine } from '../../../src/store/collection';
import { AppError } from '../../../src/core/errors';
import { personModel } from '../../../src/store/person.model';
import { countAll, dumpAll, fixtureText, memoryStore, NOW, rowsOf } from './directory-helpers';

/** The store, except that the people collection's writes fail after `okWrites` of them. */
function failingPeopleWrites(store: StoreEngine, okWrites: number): StoreEngine {
  let writes = 0;
  return {
    ...store,
    kind: store.kind,
    collection<T extends Doc>(model: ModelSpec<T>): Collection<T> {
      const real = store.collection(model);
      if (model.name !== 'people') return real;
      return {
        ...real,
        updateOne: async (filter, update, options) => {
          writes += 1;
          if (writes > okWrites) throw new AppError('store_unavailable', 'disk full (simulated)');
          return real.updateOne(filter, update, options);
        },
      };
    },
  };
}

describe('loadDirectory', () => {
  const rows = rowsOf(fixtureText('small.yaml'));

  it('reports a write that fails midway, and a rerun completes the same state', async () => {
    const store = await memoryStore();
    const failed = await loadDirectory(failingPeopleWrites(store, 2), rows, NOW);
    expect(failed).toMatchObject({
      ok: false,
      stage: 'write',
      failedAt: 'people wecom:k-official',
      message: expect.stringContaining('disk full'),
      counts: { orgs: { inserted: 7 }, people: { inserted: 2 }, points: { inserted: 0 } },
    });
    expect(await countAll(store)).toEqual({ orgs: 7, people: 2, points: 0 });

    // Rerun on the healthy store: upserts by _id, already written rows are unchanged.
    expect(await loadDirectory(store, rows, NOW)).toMatchObject({
      ok: true,
      counts: { orgs: { unchanged: 7 }, people: { inserted: 4, unchanged: 2 }, points: { inserted: 2 } },
    });
    const fresh = await memoryStore();
    await loadDirectory(fresh, rows, NOW);
    expect(await dumpAll(store)).toEqual(await dumpAll(fresh));
    await store.close();
    await fresh.close();
  });

  it('counts inserts, updates and unchanged rows, and only changed rows get a new updatedAt', async () => {
    const store = await memoryStore();
    expect(await loadDirectory(store, rows, NOW)).toMatchObject({
      ok: true,
      counts: { orgs: { inserted: 7, updated: 0, unchanged: 0 }, people: { inserted: 6 }, points: { inserted: 2 } },
    });
    const renamed = { ...rows, people: rows.people.map((p) => (p.userId === 'k-teacher' ? { ...p, name: 'Teacher Renamed' } : p)) };
    const later = new Date(NOW.getTime() + 1000);
    expect(await loadDirectory(store, renamed, later)).toMatchObject({
      ok: true,
      counts: { orgs: { unchanged: 7 }, people: { updated: 1, unchanged: 5 }, points: { unchanged: 2 } },
    });
    const people = store.collection(personModel);
    expect((await people.findOne({ _id: 'wecom:k-teacher' }))?.updatedAt).toEqual(later);
    expect((await people.findOne({ _id: 'wecom:k-liaison' }))?.updatedAt).toEqual(NOW);
    await store.close();
  });
});
