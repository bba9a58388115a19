import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreEngine } from '../../../src/store/collection';
import { createEmbeddedStore } from '../../../src/store/engines/embedded-store';
import { orgModel } from '../../../src/store/org.model';
import { personModel } from '../../../src/store/person.model';
import { pointModel } from '../../../src/store/point.model';
import { parseDirectoryYaml } from '../../../src/domain/directory/directory-file';
import type { DirectoryRows } from '../../../src/domain/directory/directory-rows';

export const NOW = new Date('2026-11-23T08:00:00Z');

export function memoryStore(): Promise<StoreEngine> {
  return createEmbeddedStore('unused-in-memory', { inMemory: true });
}

export function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, '..', '..', 'fixtures', 'directory', name));
}

export function fixtureText(name: string): string {
  return fixture(name).toString('utf8');
}

/** Rows of a YAML text that must parse without errors. */
export function rowsOf(yaml: string): DirectoryRows {
  const parsed = parseDirectoryYaml(yaml);
  if (!parsed.ok) throw new Error(`unexpected errors: ${JSON.stringify(parsed.errors)}`);
  return parsed.rows;
}

export async function countAll(store: StoreEngine): Promise<{ orgs: number; people: number; points: number }> {
  return {
    orgs: await store.collection(orgModel).count({}),
    people: await store.collection(personModel).count({}),
    points: await store.collection(pointModel).count({}),
  };
}

/** Every stored document, for before/after comparisons. */
export async function dumpAll(store: StoreEngine): Promise<unknown> {
  return {
    orgs: await store.collection(orgModel).find({}, { sort: { _id: 1 } }),
    people: await store.collection(personModel).find({}, { sort: { _id: 1 } }),
    points: await store.collection(pointModel).find({}, { sort: { _id: 1 } }),
  };
}
