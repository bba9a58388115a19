/**
 * The store port. Repositories speak this small subset of the MongoDB query language, which both engines
 * (MongoDB through mongoose, and the embedded SQLite engine) implement with the same semantics.
 *
 * Filters: equality on (dotted) fields, $eq $ne $in $nin $lt $lte $gt $gte $exists, $and $or.
 * Updates: $set $unset $inc $push $setOnInsert (the last only with upsert).
 * Every document has a string `_id` chosen by the repository (natural keys make uniqueness engine-neutral).
 * Writes validate the whole resulting document with the schema on every engine (an update of a path the
 * schema lacks fails with bad_request; an upsert that would insert an invalid document, or an $inc past a
 * min/max, fails with validation_failed). `undefined` values inside objects are left out, never stored as
 * null; a document over MongoDB's 16 MiB (BSON) fails with validation_failed.
 */
import type { Schema } from 'mongoose';

export type Filter = Record<string, unknown>;

export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, true | 1 | ''>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
  $setOnInsert?: Record<string, unknown>;
}

export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: Sort;
  limit?: number;
  skip?: number;
}

export interface Doc {
  _id: string;
}

export interface Collection<T extends Doc> {
  /** Validates against the schema; throws AppError('duplicate_key') on a unique-index violation. */
  insertOne(doc: T): Promise<T>;
  /**
   * Inserts many documents in as few writes as the engine can. Every document is validated first: one invalid
   * fails the call with AppError('validation_failed') and writes nothing. A document whose `_id` or unique key
   * is taken (stored, or by an earlier document of the same call) is skipped, not an error. Returns how many
   * were inserted.
   */
  insertMany(docs: T[]): Promise<number>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  /** Atomic per document. Returns how many matched and whether an upsert inserted one. */
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<{ matched: number; upserted: boolean }>;
  updateMany(filter: Filter, update: Update): Promise<number>;
  /** Atomically updates the first match (by `sort`) and returns it as it is after the update. */
  findOneAndUpdate(filter: Filter, update: Update, options?: { sort?: Sort; upsert?: boolean }): Promise<T | null>;
  deleteMany(filter: Filter): Promise<number>;
}

/** A collection's single definition: its name and the mongoose schema both engines validate with. */
export interface ModelSpec<T extends Doc> {
  readonly name: string;
  readonly schema: Schema;
  /** Phantom field carrying the document type. */
  readonly __doc?: T;
}

export function defineModel<T extends Doc>(name: string, schema: Schema): ModelSpec<T> {
  return { name, schema };
}

export interface StoreEngine {
  readonly kind: 'mongo' | 'embedded';
  collection<T extends Doc>(model: ModelSpec<T>): Collection<T>;
  /**
   * Opens every collection of `models` and builds the indexes their schemas declare, at start: an index the
   * store cannot build (a conflict with an existing one) fails the start with AppError('config_invalid'),
   * not the first job that needs the collection days later.
   */
  init(models: readonly ModelSpec<Doc>[]): Promise<void>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
