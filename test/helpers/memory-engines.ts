import { createEmbeddedStore } from '../../src/store/engines/embedded-store';
import { createMemoryCoord } from '../../src/coord/engines/memory-coord';
import type { StoreEngine } from '../../src/store/collection';

/** An embedded store in memory and in-process coordination: the real engines, nothing on disk. */
export async function memoryEngines(): Promise<{ store: StoreEngine; coord: ReturnType<typeof createMemoryCoord>; close(): Promise<void> }> {
  const store = await createEmbeddedStore('', { inMemory: true });
  const coord = createMemoryCoord();
  return {
    store,
    coord,
    async close() {
      await store.close();
      await coord.close();
    },
  };
}
