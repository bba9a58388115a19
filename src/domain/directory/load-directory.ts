/**
 * Loads directory rows into the store: validate everything first (against the batch and the store), then
 * upsert every document by `_id`. A batch with any error writes nothing.
 *
 * The store has no multi-document transactions, so a write can still fail midway (store down, disk full).
 * That is reported (stage 'write', with what was written) and is safe to rerun: every write is an upsert of
 * the whole document by its natural `_id`, so running the same batch again converges to the same state
 * whatever part of it was written before. Writes go orgs first (top down), then people, then points, so a
 * partial load never leaves a person or a point pointing at an org that is not there yet.
 *
 * Loading only adds and updates: a row missing from the batch is left as it is (set `active: false` to retire
 * an org, a person or a point). Unchanged documents are not rewritten, so `updatedAt` is the last real change.
 */
import type { Collection, Doc, StoreEngine } from '../../store/collection';
import { orgModel } from '../../store/org.model';
import { personKey, personModel } from '../../store/person.model';
import { pointModel } from '../../store/point.model';
import type { DirectoryRows, RowError } from './directory-rows';
import { validateDirectory } from './validate-directory';

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}
export interface LoadCounts {
  orgs: WriteCounts;
  people: WriteCounts;
  points: WriteCounts;
}

export type LoadResult =
  | { ok: true; counts: LoadCounts; warnings: RowError[] }
  | { ok: false; stage: 'validate'; errors: RowError[]; warnings: RowError[] }
  | { ok: false; stage: 'write'; failedAt: string; message: string; counts: LoadCounts; warnings: RowError[] };

/** Optional fields: absent from a row means removed from the stored document. */
const OPTIONAL = {
  orgs: ['divisionCode', 'schoolKind', 'contact', 'liaisonGroups'],
  people: ['orgId', 'mobile', 'alsoKnownAs'],
  points: ['liaisonUserKey'],
} as const;
const IN_CHUNK = 500;

export async function loadDirectory(store: StoreEngine, rows: DirectoryRows, now: Date): Promise<LoadResult> {
  const orgs = store.collection(orgModel);
  const people = store.collection(personModel);
  const points = store.collection(pointModel);

  const existingOrgs = new Map((await orgs.find({})).map((o) => [o._id, o] as const));
  const personIds = [
    ...rows.people.map((p) => personKey(p.channel, p.userId)),
    ...rows.points.flatMap((p) => (p.liaisonUserKey ? [p.liaisonUserKey] : [])),
  ];
  const existingPeople = await byIds(people, personIds);
  const existingPoints = await byIds(points, rows.points.map((p) => p.id));

  const plan = validateDirectory(rows, { orgs: existingOrgs, people: existingPeople });
  if (plan.errors.length > 0) return { ok: false, stage: 'validate', errors: plan.errors, warnings: plan.warnings };

  const counts: LoadCounts = { orgs: zero(), people: zero(), points: zero() };
  const steps = [
    { name: 'orgs', coll: orgs as Collection<Doc>, docs: plan.docs.orgs, existing: existingOrgs as Map<string, Doc>, optional: OPTIONAL.orgs },
    { name: 'people', coll: people as Collection<Doc>, docs: plan.docs.people, existing: existingPeople as Map<string, Doc>, optional: OPTIONAL.people },
    { name: 'points', coll: points as Collection<Doc>, docs: plan.docs.points, existing: existingPoints as Map<string, Doc>, optional: OPTIONAL.points },
  ] as const;
  for (const step of steps) {
    const c = counts[step.name];
    for (const doc of step.docs) {
      const before = step.existing.get(doc._id);
      if (before && sameContent(before, doc)) {
        c.unchanged += 1;
        continue;
      }
      const { _id, ...fields } = doc as Doc & Record<string, unknown>;
      const unset = Object.fromEntries(step.optional.filter((f) => fields[f] === undefined).map((f) => [f, true as const]));
      try {
        await step.coll.updateOne(
          { _id },
          { $set: { ...dropUndefined(fields), updatedAt: now }, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
          { upsert: true },
        );
      } catch (e) {
        const message = `${e instanceof Error ? e.name : 'Error'}: ${e instanceof Error ? e.message : String(e)}`;
        return { ok: false, stage: 'write', failedAt: `${step.name} ${_id}`, message, counts, warnings: plan.warnings };
      }
      if (before) c.updated += 1;
      else c.inserted += 1;
    }
  }
  return { ok: true, counts, warnings: plan.warnings };
}

async function byIds<T extends Doc>(coll: Collection<T>, ids: string[]): Promise<Map<string, T>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, T>();
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    for (const doc of await coll.find({ _id: { $in: unique.slice(i, i + IN_CHUNK) } })) found.set(doc._id, doc);
  }
  return found;
}

function zero(): WriteCounts {
  return { inserted: 0, updated: 0, unchanged: 0 };
}

function dropUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** Same stored content, `updatedAt` aside (key order and absent-vs-undefined do not matter). */
function sameContent(stored: Doc, next: Doc): boolean {
  const { updatedAt: _a, ...a } = stored as Doc & { updatedAt?: unknown };
  return canonical(a) === canonical(next);
}

function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
