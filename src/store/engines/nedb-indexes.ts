import type Datastore from '@seald-io/nedb';
import type { Schema } from 'mongoose';
import { AppError } from '../../core/errors';

/** A TTL index of the schema: documents whose `field` (a Date) is older than `seconds` are removed. */
export interface TtlRule {
  field: string;
  seconds: number;
}

interface NedbIndex {
  fields: string[];
  unique: boolean;
  sparse: boolean;
}

/**
 * Reads the schema's indexes the way the embedded engine can honour them: unique (single or compound, as
 * nedb supports compound keys), sparse, TTL, and plain indexes (which only speed up equality lookups).
 * Options nedb cannot mirror faithfully are refused rather than silently ignored.
 */
export function schemaIndexes(schema: Schema, collection: string): { indexes: NedbIndex[]; ttl: TtlRule[] } {
  const indexes: NedbIndex[] = [];
  const ttl: TtlRule[] = [];
  for (const [keys, options] of schema.indexes() as [Record<string, unknown>, Record<string, unknown>][]) {
    const fields = Object.keys(keys);
    const where = `index ${JSON.stringify(keys)} of ${collection}`;
    if (options.partialFilterExpression !== undefined) {
      throw new AppError('config_invalid', `${where}: partialFilterExpression is not supported by the embedded store`);
    }
    if (Object.values(keys).some((v) => v !== 1 && v !== -1)) {
      if (options.unique) throw new AppError('config_invalid', `${where}: only ascending/descending unique indexes are supported`);
      continue; // text/hashed/geo indexes serve queries outside the port; nothing to mirror
    }
    if (options.expireAfterSeconds !== undefined) {
      if (fields.length !== 1) throw new AppError('config_invalid', `${where}: a TTL index has exactly one field`);
      ttl.push({ field: fields[0]!, seconds: Number(options.expireAfterSeconds) });
    }
    indexes.push({ fields, unique: options.unique === true, sparse: options.sparse === true });
  }
  return { indexes, ttl };
}

/**
 * Makes the datastore's indexes exactly the schema's. nedb persists its indexes in the datafile and
 * ensureIndex() ignores a field that already has one, so an index whose options changed, or that the schema
 * dropped, would otherwise live on; the data directory belongs to this one process, so syncing is safe here.
 */
export async function syncNedbIndexes(ds: Datastore, wanted: NedbIndex[]): Promise<void> {
  const existing = (ds as unknown as { indexes: Record<string, { unique: boolean; sparse: boolean }> }).indexes;
  const byName = new Map(wanted.map((ix) => [[...ix.fields].sort().join(','), ix]));
  for (const [name, ix] of Object.entries(existing)) {
    if (name === '_id') continue;
    const want = byName.get(name);
    if (!want || want.unique !== ix.unique || want.sparse !== ix.sparse) await ds.removeIndexAsync(name);
  }
  for (const ix of wanted) {
    const fieldName = ix.fields.length === 1 ? ix.fields[0]! : ix.fields;
    await ds.ensureIndexAsync({ fieldName, unique: ix.unique, sparse: ix.sparse });
  }
}
