/** ALL_MODELS is the one list of collections that init() builds at start: no model may be missing from it. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ALL_MODELS } from '../../src/store/all-models';

const storeDir = path.join(__dirname, '../../src/store');

it('lists every model defined in src/store/*.model.ts, once', () => {
  const defined: string[] = [];
  for (const file of readdirSync(storeDir).filter((f) => f.endsWith('.model.ts'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(storeDir, file)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      const spec = value as { name?: unknown; schema?: { indexes?: unknown } };
      if (spec && typeof spec === 'object' && typeof spec.name === 'string' && typeof spec.schema?.indexes === 'function') defined.push(spec.name);
    }
  }
  expect(defined.length).toBeGreaterThan(10);
  expect(ALL_MODELS.map((m) => m.name).sort()).toEqual(defined.sort());
});
