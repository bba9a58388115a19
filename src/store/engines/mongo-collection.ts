import type { Model, UpdateQuery } from 'mongoose';
import { AppError, isAppError } from '../../core/errors';
import type { Collection, Doc, Filter, ModelSpec, Sort, Update } from '../collection';
import { applyUpdate, upsertSeed } from './apply-update';
import { incBounds } from './inc-bounds';
import { portFilter, portUpdate } from './port-query';
import { toStoreError } from './store-errors';

/**
 * Query options of every call. strictQuery 'throw' rather than `true`: `true` silently DROPS a condition on a
 * path the schema does not know, so a typo in updateMany/deleteMany would hit the whole collection; 'throw'
 * keeps the protection (no querying arbitrary paths) and fails loudly instead (AppError('bad_request')).
 */
const QUERY_OPTIONS = { strictQuery: 'throw' } as const;
/** strict 'throw' for the same reason on updates: an update of a path the schema lacks fails, never vanishes. */
const WRITE_OPTIONS = { ...QUERY_OPTIONS, strict: 'throw', runValidators: true } as const;

type Plain = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;

/**
 * A collection of the mongo engine. Both engines must refuse the same updates, and the embedded engine
 * validates the whole document an update produces. mongoose validates only the paths an update names
 * (runValidators): no `required` on an upsert, nothing on `$inc`. Rather than read-modify-write here (which
 * would need a version field on every schema to stay atomic), the update stays one atomic command and the two
 * gaps are closed around it:
 * - an upsert first validates the document it would insert (filter equalities + $setOnInsert + the update,
 *   with the schema's defaults); when that is invalid it runs as a plain update, and fails if nothing matched;
 * - an `$inc` of a bounded Number path gets the bounds as a filter condition (inc-bounds.ts), so the server
 *   never writes an out-of-range value; a miss that the bounds caused fails as validation_failed.
 */
export function createMongoCollection(
  M: AnyModel,
  spec: ModelSpec<Doc>,
  call: <R>(run: () => Promise<R>) => Promise<R>,
  trust: (filter: Filter) => Filter,
): Collection<Doc> {
  const q = (filter: Filter): Filter => trust(portFilter(filter));
  const both = (a: Filter, b: Filter): Filter => trust({ $and: [a, b] });
  const lean = (doc: unknown): Plain | null => (doc ?? null) as Plain | null;

  /** Undefined when the upsert would insert a valid document; else the validation error. */
  const insertProblem = async (filter: Filter, update: Update): Promise<unknown> => {
    try {
      await new M(applyUpdate(upsertSeed(portFilter(filter)), update, { inserting: true })).validate();
      return undefined;
    } catch (e) {
      const mapped = toStoreError(e);
      return isAppError(mapped, 'validation_failed') ? mapped : undefined; // anything else: the server decides
    }
  };

  const send = async (filter: Filter, update: Update, o: { upsert: boolean; sort?: Sort; returnDoc: boolean }) => {
    const upd = update as UpdateQuery<unknown>;
    if (!o.returnDoc) {
      const res = await M.updateOne(filter, upd, { ...WRITE_OPTIONS, upsert: o.upsert }).exec();
      return { doc: null, matched: res.matchedCount, upserted: res.upsertedCount > 0 };
    }
    const found = await M.findOneAndUpdate(filter, upd, { ...WRITE_OPTIONS, upsert: o.upsert, returnDocument: 'after', ...(o.sort ? { sort: o.sort } : {}) })
      .lean()
      .exec();
    return { doc: lean(found), matched: found ? 1 : 0, upserted: false };
  };

  const updateFirst = async (filter: Filter, raw: Update, o: { upsert: boolean; sort?: Sort; returnDoc: boolean }) => {
    const update = portUpdate(raw);
    const qf = q(filter);
    const bounds = incBounds(spec.schema, update.$inc);
    const refused = o.upsert ? await insertProblem(filter, update) : undefined;
    if (!bounds && !refused) return send(qf, update, o);
    if (bounds && o.sort) {
      // The document the embedded engine would take (the first by sort) fails rather than being skipped.
      const first = lean(await M.findOne(qf).setOptions(QUERY_OPTIONS).sort(o.sort).lean().exec());
      const problem = first && bounds.problem(first);
      if (problem) throw new AppError('validation_failed', problem);
    }
    const guarded = bounds ? both(qf, bounds.within) : qf;
    const res = await send(guarded, update, { ...o, upsert: false });
    if (res.matched > 0) return res;
    if (bounds) {
      const out = lean(await M.findOne(both(q(filter), bounds.outside)).setOptions(QUERY_OPTIONS).lean().exec());
      if (out) throw new AppError('validation_failed', bounds.problem(out) ?? `${spec.name}: $inc out of bounds`);
    }
    if (!o.upsert) return res;
    if (refused) throw refused;
    return send(guarded, update, o);
  };

  return {
    insertOne: (doc) =>
      call(async () => {
        const saved = await new M(doc).save();
        return saved.toObject({ versionKey: false, virtuals: false, getters: false, transform: false }) as Doc;
      }),
    insertMany: (docs) =>
      call(async () => {
        const models = docs.map((d) => new M(d));
        for (const m of models) await m.validate(); // all before any write: one invalid writes nothing
        if (models.length === 0) return 0;
        try {
          // Unordered: a taken key (code 11000) skips that document and the others go on.
          const res = await M.insertMany(models, { ordered: false, rawResult: true });
          return (res as unknown as { insertedCount: number }).insertedCount;
        } catch (e) {
          const bulk = e as { writeErrors?: Array<{ code?: number; err?: { code?: number } }>; insertedCount?: number; result?: { insertedCount?: number } };
          const codes = (bulk.writeErrors ?? []).map((w) => w.code ?? w.err?.code);
          if (codes.length === 0 || codes.some((c) => c !== 11000)) throw e;
          return bulk.insertedCount ?? bulk.result?.insertedCount ?? models.length - codes.length;
        }
      }),
    findOne: (filter) => call(async () => lean(await M.findOne(q(filter)).setOptions(QUERY_OPTIONS).lean().exec()) as Doc | null),
    find: (filter, options = {}) =>
      call(async () => {
        const query = M.find(q(filter)).setOptions(QUERY_OPTIONS);
        if (options.sort) query.sort(options.sort);
        if (options.skip !== undefined) query.skip(options.skip);
        if (options.limit !== undefined) query.limit(options.limit);
        return (await query.lean().exec()) as Doc[];
      }),
    count: (filter) => call(() => M.countDocuments(q(filter)).setOptions(QUERY_OPTIONS).exec()),
    updateOne: (filter, update, options = {}) =>
      call(async () => {
        const { matched, upserted } = await updateFirst(filter, update, { upsert: options.upsert === true, returnDoc: false });
        return { matched, upserted };
      }),
    updateMany: (filter, raw) =>
      call(async () => {
        const update = portUpdate(raw);
        let qf = q(filter);
        const bounds = incBounds(spec.schema, update.$inc);
        if (bounds) {
          // All or nothing, as on the embedded engine: refuse before writing when any target would leave its bounds.
          const out = lean(await M.findOne(both(qf, bounds.outside)).setOptions(QUERY_OPTIONS).lean().exec());
          if (out) throw new AppError('validation_failed', bounds.problem(out) ?? `${spec.name}: $inc out of bounds`);
          qf = both(q(filter), bounds.within);
        }
        return (await M.updateMany(qf, update as UpdateQuery<unknown>, WRITE_OPTIONS).exec()).matchedCount;
      }),
    findOneAndUpdate: (filter, update, options = {}) =>
      call(async () => (await updateFirst(filter, update, { upsert: options.upsert === true, sort: options.sort, returnDoc: true })).doc as Doc | null),
    deleteMany: (filter) => call(async () => (await M.deleteMany(q(filter)).setOptions(QUERY_OPTIONS).exec()).deletedCount),
  };
}
