import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDirectoryIfChanged } from '../../../src/domain/directory/load-directory-if-changed';
import { personKey, personModel } from '../../../src/store/person.model';
import type { StoreEngine } from '../../../src/store/collection';
import { countAll, memoryStore, NOW } from './directory-helpers';

describe('loadDirectoryIfChanged: the directory file at start, only when its fingerprint changed', () => {
  let dir: string;
  let file: string;
  let store: StoreEngine;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dir-fp-'));
    file = join(dir, 'directory.yaml');
    copyFileSync(join(__dirname, '..', '..', 'fixtures', 'directory', 'small.yaml'), file);
    store = await memoryStore();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a file the store has not seen, then keeps what is stored while the file is unchanged', async () => {
    const first = await loadDirectoryIfChanged(store, file, NOW);
    expect(first.loaded).toBe(true);
    const counts = await countAll(store);
    expect(counts.people).toBeGreaterThan(0);

    // A change made since (as through the admin API) survives a restart with the same file.
    const people = store.collection(personModel);
    await people.updateOne({ _id: personKey('wecom', 'k-teacher') }, { $set: { name: 'Renamed Since' } });
    const again = await loadDirectoryIfChanged(store, file, NOW);
    expect(again.loaded).toBe(false);
    expect((await people.findOne({ _id: personKey('wecom', 'k-teacher') }))?.name).toBe('Renamed Since');
    expect(await countAll(store)).toEqual(counts);
  });

  it('loads the file again when its content changed', async () => {
    await loadDirectoryIfChanged(store, file, NOW);
    appendFileSync(file, '\n# edited\n');
    const people = store.collection(personModel);
    await people.updateOne({ _id: personKey('wecom', 'k-teacher') }, { $set: { name: 'Renamed Since' } });
    const changed = await loadDirectoryIfChanged(store, file, NOW);
    expect(changed.loaded).toBe(true);
    expect((await people.findOne({ _id: personKey('wecom', 'k-teacher') }))?.name).toBe('Teacher One');
    expect((await loadDirectoryIfChanged(store, file, NOW)).loaded).toBe(false);
  });

  it('a file that fails to load stores no fingerprint: the next start tries it again', async () => {
    const bad = join(dir, 'bad.yaml');
    appendFileSync(bad, 'orgs: []\n');
    await expect(loadDirectoryIfChanged(store, bad, NOW)).rejects.toThrow(/nothing loaded/);
    await expect(loadDirectoryIfChanged(store, bad, NOW)).rejects.toThrow(/nothing loaded/);
  });
});
