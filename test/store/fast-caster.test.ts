/**
 * fast-caster.ts answers for mongoose in the plain cases. For every model of the app, thousands of documents,
 * filters and updates (every value kind a path can be given: its own type, another type, null, missing, edge
 * values, Mixed trees with empty objects, undefined, Dates, class instances) are put to the shortcut and to
 * mongoose alone: wherever the shortcut answers, mongoose gives exactly that answer.
 */
import type { SchemaType } from 'mongoose';
import { ALL_MODELS } from '../../src/store/all-models';
import { applyUpdate } from '../../src/store/engines/apply-update';
import { fastCasterOf } from '../../src/store/engines/fast-caster';
import { clonePlain, isPlainObject } from '../../src/store/engines/port-query';
import { createSchemaCasters } from '../../src/store/engines/schema-caster';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MISSING = Symbol('missing');
const at = new Date('2026-03-01T02:03:04.005Z');

function mixedValues(): unknown[] {
  const bare = Object.create(null) as Record<string, unknown>;
  bare.a = 1;
  return [
    {}, { a: {} }, { a: { b: {} } }, { a: { b: {} }, c: 1 }, [], [{}], [{ a: {} }], { a: [1, {}] }, { d: new Date(at) },
    { a: undefined }, [undefined], [null], 'text', 0, 5.5, NaN, Infinity, null, MISSING, { m: new Map() }, bare,
    { constructor: 1 }, new Date(at), true, { a: { b: 'c', d: [1, 'x', { e: null }] } }, { sealed: 'abc' }, [[], [{}]],
    { n: -0 }, { big: 2 ** 53 + 1 }, { s: '' }, new (class Thing { x = 1 })(), { re: /x/ }, [new Date(NaN)],
  ];
}

function scalarValues(type: SchemaType): unknown[] {
  const options = type.options as { enum?: unknown; min?: number; max?: number };
  const listed = Array.isArray(options.enum) ? (options.enum as unknown[]) : [];
  const common = [null, MISSING, {}, [], ['a']];
  switch (type.instance) {
    case 'String':
      return [...common, 'a', '', ' padded ', '5', 5, true, new Date(at), ...listed, 'not-listed'];
    case 'Number':
      return [...common, 0, 1, -1, 1.5, '5', 'x', NaN, Infinity, -Infinity, true, new Date(at), options.min, (options.min ?? 0) - 1, options.max, (options.max ?? 0) + 1];
    case 'Date':
      return [...common, new Date(at), new Date(NaN), at.toISOString(), at.getTime(), 'x', true];
    case 'Boolean':
      return [...common, true, false, 'true', 'no', 1, 0];
    case 'Mixed':
      return mixedValues();
    default: {
      // Subdocuments: well formed, with a field of another type or not in their schema, empty, null, not objects.
      const sub = subPaths(type);
      if (sub) {
        const rnd = random(sub.length);
        const some = () => Array.from({ length: 4 }, (_, i) => documentOf(rnd, sub, i % 2 === 0));
        const docs = some();
        if (type.instance === 'Embedded') return [...common, 'a', ...docs, { ...docs[0], extra: 1 }, Object.create(null)];
        return [...common, 'a', [null], ['x'], [{}], docs, docs.slice(0, 1), [{ ...docs[0], extra: 1 }], [docs[0], null], [new Date(at)]];
      }
      // Arrays of scalars, ObjectIds: the shortcut never builds these schemas; a few values still reach mongoose.
      return [...common, 'a', 1, [{}], [{ a: 1 }]];
    }
  }
}

/** The paths of a subdocument's (or an array of subdocuments') schema, or undefined for any other path. */
function subPaths(type: SchemaType): Array<[string, SchemaType]> | undefined {
  const t = type as SchemaType & { $isSingleNested?: boolean; $isMongooseDocumentArray?: boolean; schema?: { paths: Record<string, SchemaType> } };
  return (t.$isSingleNested || t.$isMongooseDocumentArray) && t.schema ? Object.entries(t.schema.paths) : undefined;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

/** Values the shortcut should take for a path of this type (within its enum, min and max). */
function plainValues(type: SchemaType): unknown[] {
  const options = type.options as { enum?: unknown; min?: number; max?: number };
  switch (type.instance) {
    case 'String':
      return Array.isArray(options.enum) ? (options.enum as unknown[]) : ['a', '5', ' padded ', '中文'];
    case 'Number':
      return [options.min ?? 0, (options.min ?? 0) + 1, options.max ?? 7, (options.min ?? 0) + 0.5];
    case 'Date':
      return [new Date(at), new Date(0)];
    case 'Boolean':
      return [true, false];
    case 'Mixed':
      return [{ a: 1 }, { a: { b: {} }, c: 1 }, [{}], [{ a: {} }], 'text', 3, { d: new Date(at) }, { a: { b: 'c', d: [1, 'x', { e: null }] } }, {}, [[], [{}]]];
    default: {
      const sub = subPaths(type);
      if (!sub) return [];
      const rnd = random(sub.length + 1);
      const one = () => documentOf(rnd, sub, true, 1);
      return type.instance === 'Embedded' ? [one(), one(), one()] : [[], [one()], [one(), one()], [one(), one(), one()]];
    }
  }
}

function documentOf(rnd: () => number, paths: Array<[string, SchemaType]>, plainOnly: boolean, plainShare = 0.95): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [name, type] of paths) {
    // Half the documents are mostly well formed, so that the shortcut answers often.
    const plain = plainValues(type);
    let value: unknown;
    if (plainOnly && plain.length > 0 && rnd() < plainShare) value = rnd() < 0.15 && !type.isRequired ? MISSING : pick(rnd, plain);
    else value = pick(rnd, scalarValues(type));
    if (value !== MISSING) doc[name] = value instanceof Date ? new Date(value.getTime()) : clonePlain(value);
  }
  if (rnd() < 0.05) doc.notInSchema = 'x';
  return doc;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

async function outcome(run: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    return { ok: false, error: (e as Error).name };
  }
}

const mongooseAlone = createSchemaCasters({ shortcuts: false });
const HOT = ['inbox', 'conversations', 'outbox'];

describe.each(ALL_MODELS.map((m) => [m.name, m] as const))('%s: the shortcut agrees with mongoose', (_name, model) => {
  const fast = fastCasterOf(model.schema);
  const reference = mongooseAlone(model);
  const paths = Object.entries(model.schema.paths as Record<string, SchemaType>);

  it('documents', async () => {
    const rnd = random(7);
    let taken = 0;
    for (let i = 0; i < 1500; i++) {
      const doc = documentOf(rnd, paths, i % 2 === 0);
      const quick = fast.stored(doc);
      if (quick === undefined) continue;
      taken += 1;
      const slow = await outcome(() => reference.toStored(doc));
      expect({ doc, stored: slow }).toStrictEqual({ doc, stored: { ok: true, value: quick } });
    }
    // The collections every message writes are where the shortcut matters; each must have taken it often.
    if (HOT.includes(model.name)) expect(taken).toBeGreaterThan(100);
  });

  it('filters', async () => {
    const rnd = random(11);
    for (let i = 0; i < 1500; i++) {
      const [name, type] = pick(rnd, paths);
      const values = scalarValues(type).filter((v) => v !== MISSING);
      const v = pick(rnd, values);
      const condition = pick(rnd, [
        v,
        { $eq: v },
        { $ne: v },
        { $lt: v },
        { $gte: v },
        { $in: [v, pick(rnd, values)] },
        { $nin: [v] },
        { $in: v },
        { $exists: pick(rnd, [true, false, 1, 'yes']) },
        { $lt: v, $gt: pick(rnd, values) },
      ]);
      const filter: Record<string, unknown> = { [name]: condition };
      if (rnd() < 0.3) filter[pick(rnd, paths)[0]] = pick(rnd, scalarValues(pick(rnd, paths)[1]).filter((x) => x !== MISSING));
      if (rnd() < 0.03) filter.notInSchema = 1;
      if (!fast.filterIsCast(filter)) continue;
      const slow = await outcome(() => reference.castFilter(clonePlain(filter)));
      expect({ filter, cast: slow }).toStrictEqual({ filter, cast: { ok: true, value: filter } });
    }
  });

  it('updates', async () => {
    const rnd = random(13);
    for (let i = 0; i < 1500; i++) {
      const update: Record<string, Record<string, unknown>> = {};
      for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
        const op = pick(rnd, ['$set', '$unset', '$inc', '$setOnInsert', '$push']);
        const [name, type] = pick(rnd, paths);
        const path = type.instance === 'Mixed' && rnd() < 0.3 ? `${name}.sub` : rnd() < 0.03 ? 'notInSchema' : name;
        const value = pick(rnd, scalarValues(type).filter((x) => x !== MISSING));
        (update[op] ??= {})[path] = op === '$unset' ? true : value;
      }
      if (!fast.updateIsPlain(update)) continue;
      const slow = await outcome(() => reference.checkUpdate(update));
      expect({ update, check: slow }).toStrictEqual({ update, check: { ok: true, value: undefined } });
    }
  });

  it('patches: applied to a stored document where its conditions hold, a patch gives what the update validated whole gives', async () => {
    const rnd = random(17);
    let taken = 0;
    for (let i = 0; i < 2000; i++) {
      const stored = fast.stored(documentOf(rnd, paths, true));
      // A valid stored document: one that validates again as it is (a required Mixed that was {} is gone
      // from what was stored, and the document no longer validates, whatever the update).
      if (!stored || !(await outcome(() => reference.toStored(clonePlain(stored)))).ok) continue;
      const update: Record<string, Record<string, unknown>> = {};
      for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
        const op = pick(rnd, ['$set', '$set', '$unset', '$inc']);
        const [name, type] = pick(rnd, paths);
        const inside = type.instance === 'Mixed' && op === '$set' && rnd() < 0.4;
        const values = inside ? ['a', '', 5, -0.5, true, new Date(at), null, { x: 1 }, NaN] : [...plainValues(type), ...scalarValues(type)];
        const value = pick(rnd, values.filter((x) => x !== MISSING));
        (update[op] ??= {})[rnd() < 0.03 ? 'notInSchema' : inside ? `${name}.${pick(rnd, ['text', 'k2', '0'])}` : name] = op === '$unset' ? true : value;
      }
      const patch = fast.patch(update);
      if (!patch) continue;
      // The conditions the engine checks in SQL (it updates the general way when one does not hold).
      const holds =
        patch.inc.every(({ path, by, min, max }) => {
          const current = stored[path];
          const result = ((current as number | undefined) ?? 0) + by;
          return (current === undefined || typeof current === 'number') && result >= min && result <= max;
        }) &&
        patch.set.every(([path]) => {
          const head = stored[path.split('.')[0]!];
          return !path.includes('.') || head === undefined || isPlainObject(head);
        });
      if (!holds) continue;
      taken += 1;
      const patched: Record<string, unknown> = clonePlain(stored);
      for (const [path, value] of patch.set) {
        const [head, key] = path.split('.');
        if (key === undefined) patched[head!] = value;
        else patched[head!] = { ...((patched[head!] as object | undefined) ?? {}), [key]: value };
      }
      for (const path of patch.unset) delete patched[path];
      for (const { path, by } of patch.inc) patched[path] = ((patched[path] as number | undefined) ?? 0) + by;
      const slow = await outcome(() => reference.toStored(applyUpdate(clonePlain(stored), clonePlain(update), { inserting: false })));
      expect({ update, stored: slow }).toStrictEqual({ update, stored: { ok: true, value: patched } });
    }
    if (HOT.includes(model.name)) expect(taken).toBeGreaterThan(50);
  });
});

it('takes the shortcut for the collections every message writes, and for alerts with their subdocuments', () => {
  const now = new Date(at);
  const cases: Record<string, Record<string, unknown>> = {
    inbox: { _id: 'wecom:1', status: 'processing', leaseUntil: now, receivedAt: now, expiresAt: now, inbound: { sealed: 'x' } },
    conversations: { _id: 'c', handlerId: 'help', handlerVersion: 1, state: {}, rev: 0, updatedAt: now, idleAt: now, expiresAt: now },
    outbox: { _id: 'o', destination: { channel: 'wecom', userId: 'u' }, destKey: 'wecom:u', reply: { kind: 'text', text: '好' }, status: 'pending', attempts: 0, availableAt: now, createdAt: now },
    alerts: {
      _id: 'a1', caseNumber: 'JF-1', orgId: 'o', level: 1, status: 'claimed', claimDeadline: now, announcePending: true, createdAt: now, updatedAt: now,
      rules: [{ ruleId: 'r', clause: '第三条', summary: '迎检', confidence: 0.9, binding: true, evidence: '每周', byCondition: false }],
      claimedBy: { userKey: 'wecom:u', name: '王', orgId: 'o' },
      escalations: [{ at: now, level: 1, toOrgId: 'o2', reason: 'unclaimed' }],
    },
  };
  for (const [name, doc] of Object.entries(cases)) {
    const model = ALL_MODELS.find((m) => m.name === name)!;
    mongooseAlone(model); // a compiled model (mongoose adds its plugins' hooks to the schema) changes nothing
    expect([name, fastCasterOf(model.schema).stored(doc)]).toStrictEqual([name, doc]);
  }
});
