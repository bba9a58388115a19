import mongoose, { type Model } from 'mongoose';
import type { Doc, Filter, ModelSpec } from '../collection';

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
   */
  toStored(doc: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The filter as mongoose would send it (mutates and returns its argument); throws CastError/StrictModeError. */
  castFilter(filter: Filter): Filter;
}

/** One private mongoose instance per engine: models never collide with another engine's or the app's. */
export function createSchemaCasters(): <T extends Doc>(spec: ModelSpec<T>) => SchemaCaster {
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
    return {
      async toStored(doc) {
        const d = new M(doc);
        await d.validate();
        return d.toObject({ virtuals: false, getters: false, transform: false, flattenMaps: true }) as Record<string, unknown>;
      },
      castFilter(filter) {
        return M.find().setOptions({ strictQuery: 'throw' }).cast(M, filter) as Filter;
      },
    };
  };
}
