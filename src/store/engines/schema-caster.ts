import mongoose, { type Model } from 'mongoose';
import type { Doc, Filter, ModelSpec, Update } from '../collection';
import { fastCasterOf, type FastCaster, type Patch } from './fast-caster';
import { clonePlain, isPlainObject } from './port-query';

/**
 * Casts and validates documents and filters with a collection's mongoose schema, without any connection,
 * so that the embedded engine stores exactly what MongoDB through mongoose would ("5" -> 5, ISO -> Date,
 * defaults, enum/min/required) and reads filters the same way (casting, unknown paths refused).
 */
export interface SchemaCaster {
  /**
   * A document as mongoose's save() would write it; throws mongoose's ValidationError. Empty objects go when
   * the schema's `minimize` option says so, also after an update (MongoDB would keep an empty object that an
   * update sets; keeping them here would instead add `{}` for every unset nested path of the schema).
   * `undefined` inside objects is left out (the mongo engine's ignoreUndefined); in arrays it becomes null, as
   * BSON and JSON write it. (Its size is checked where it is written as JSON: document-size.ts.)
   */
  toStored(doc: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The filter as mongoose would send it (mutates and returns its argument); throws CastError/StrictModeError. */
  castFilter(filter: Filter): Filter;
  /** Throws mongoose's StrictModeError for an update of a path the schema does not have, as the mongo engine. */
  checkUpdate(update: Update): void;
  /** fast-caster's patch: the update as changes of top-level paths that need no look at the document, or undefined. */
  patch(update: Update): Patch | undefined;
}

/**
 * One private mongoose instance per engine: models never collide with another engine's or the app's.
 * Plain cases take fast-caster.ts's shortcuts; `{ shortcuts: false }` is mongoose alone (what they are tested against).
 */
export function createSchemaCasters(options: { shortcuts?: boolean } = {}): <T extends Doc>(spec: ModelSpec<T>) => SchemaCaster {
  const shortcuts = options.shortcuts ?? true;
  const base = new mongoose.Mongoose();
  // Nothing may try to reach a server from this instance.
  base.set('autoIndex', false);
  base.set('autoCreate', false);
  base.set('bufferCommands', false);
  // Same casting as the mongo engine's connection: with sanitizeFilter an array given for a scalar field is
  // not turned into an implicit $in.
  base.set('sanitizeFilter', true);
  return (spec) => {
    const M = (base.models[spec.name] ?? base.model(spec.name, spec.schema, spec.name)) as Model<unknown>;
    const fast = shortcuts ? fastCasterOf(spec.schema) : NO_SHORTCUTS;
    const viaMongoose = async (doc: Record<string, unknown>): Promise<Record<string, unknown>> => {
      const d = new M(doc);
      await d.validate();
      return dropUndefined(d.toObject({ virtuals: false, getters: false, transform: false, flattenMaps: true }) as Record<string, unknown>);
    };
    return {
      async toStored(doc) {
        return fast.stored(doc) ?? (await viaMongoose(doc));
      },
      castFilter(filter) {
        if (fast.filterIsCast(filter)) return filter;
        return M.find().setOptions({ strictQuery: 'throw' }).cast(M, filter) as Filter;
      },
      checkUpdate(update) {
        if (fast.updateIsPlain(update)) return;
        // mongoose's own update cast with the mongo engine's `strict: 'throw'` (Query#_castUpdate is what
        // updateOne runs before sending): the same paths are refused, Mixed sub-paths are allowed.
        const query = M.updateOne({}, {}, { strict: 'throw' }) as unknown as { _castUpdate(u: unknown): unknown };
        query._castUpdate(clonePlain(update));
      },
      patch: (update) => fast.patch(update),
    };
  };
}

const NO_SHORTCUTS: FastCaster = { stored: () => undefined, filterIsCast: () => false, updateIsPlain: () => false, patch: () => undefined };

function dropUndefined<V>(value: V): V {
  if (Array.isArray(value)) return value.map((v: unknown) => (v === undefined ? null : dropUndefined(v))) as V;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) copy[k] = dropUndefined(v);
  return copy as V;
}
