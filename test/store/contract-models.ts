/** Test-only collections of the store contract: every schema feature the engines must honour. */
import { Schema } from 'mongoose';
import { defineModel } from '../../src/store/collection';

export interface ItemRow {
  _id: string;
  sku: string;
  status: 'new' | 'pending' | 'leased' | 'done' | 'failed';
  n?: number | null;
  score?: number;
  tags?: string[];
  nums?: number[];
  when?: Date | null;
  meta?: { color?: string; size?: number };
  note?: string;
  owner?: string;
}

const itemSchema = new Schema(
  {
    _id: { type: String, required: true },
    sku: { type: String, required: true, unique: true },
    status: { type: String, required: true, enum: ['new', 'pending', 'leased', 'done', 'failed'] },
    n: { type: Number, min: 0, max: 100 },
    score: { type: Number },
    tags: { type: [String], default: [] },
    nums: { type: [Number], default: [] },
    when: { type: Date },
    meta: { color: { type: String }, size: { type: Number } },
    note: { type: String },
    owner: { type: String },
  },
  { versionKey: false },
);
// Indexed arrays: every filter case on them goes through the embedded engine's element tables (multikey).
itemSchema.index({ tags: 1 });
itemSchema.index({ nums: 1 });
export const itemModel = defineModel<ItemRow>('contract_items', itemSchema);
/** The same items with their scalar fields indexed: the filter cases again, through the embedded engine's SQL columns. */
const indexedItemSchema = itemSchema.clone();
indexedItemSchema.index({ status: 1, n: 1 });
indexedItemSchema.index({ status: 1, _id: -1 }); // an index ending in the row's id
indexedItemSchema.index({ when: 1 });
export const indexedItemModel = defineModel<ItemRow>('contract_items_indexed', indexedItemSchema);

/** A compound unique key: (group, code) is unique, each part alone is not. */
export interface PairRow {
  _id: string;
  group: string;
  code: string;
  version: number;
}

const pairSchema = new Schema(
  {
    _id: { type: String, required: true },
    group: { type: String, required: true },
    code: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);
pairSchema.index({ group: 1, code: 1 }, { unique: true });
export const pairModel = defineModel<PairRow>('contract_pairs', pairSchema);

/** A TTL collection whose rows live 60 s past `touchedAt` (expireAfterSeconds other than 0). */
export interface SessionRow {
  _id: string;
  touchedAt: Date;
}

const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    touchedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
sessionSchema.index({ touchedAt: 1 }, { expireAfterSeconds: 60 });
export const sessionModel = defineModel<SessionRow>('contract_sessions', sessionSchema);

const day = (iso: string): Date => new Date(`${iso}T00:00:00.000Z`);

/** Four items covering arrays (empty too), nested fields, Dates, null and missing values. */
export const ITEMS: ItemRow[] = [
  { _id: 'a', sku: 'A', n: 1, status: 'new', tags: ['x', 'y'], nums: [1, 10], when: day('2024-01-01'), meta: { color: 'red', size: 1 } },
  { _id: 'b', sku: 'B', n: 2, status: 'done', tags: [], nums: [5], when: day('2024-02-01'), meta: { color: 'blue' } },
  { _id: 'c', sku: 'C', n: 3, status: 'new', tags: ['y'], when: null },
  { _id: 'd', sku: 'D', status: 'failed', tags: ['z'] },
];

/** [description, filter, ids matched] with MongoDB's semantics, which the embedded engine must reproduce. */
export const FILTER_CASES: [string, Record<string, unknown>, string[]][] = [
  ['equality', { status: 'new' }, ['a', 'c']],
  ['implicit $and of two fields', { status: 'new', tags: 'x' }, ['a']],
  ['dotted path', { 'meta.color': 'red' }, ['a']],
  ['array index path', { 'tags.0': 'x' }, ['a']],
  ['$eq', { n: { $eq: 2 } }, ['b']],
  ['$ne also matches a missing field', { n: { $ne: 2 } }, ['a', 'c', 'd']],
  ['null matches null and missing', { when: null }, ['c', 'd']],
  ['$eq null', { n: { $eq: null } }, ['d']],
  ['$ne null', { when: { $ne: null } }, ['a', 'b']],
  ['$exists true includes a null value', { when: { $exists: true } }, ['a', 'b', 'c']],
  ['$exists false', { when: { $exists: false } }, ['d']],
  ['$exists true on an empty array', { tags: { $exists: true } }, ['a', 'b', 'c', 'd']],
  ['$exists false on a dotted path', { 'meta.size': { $exists: false } }, ['b', 'c', 'd']],
  ['array contains', { tags: 'y' }, ['a', 'c']],
  ['array equals a whole array', { tags: ['x', 'y'] }, ['a']],
  ['$ne on an array: no element equals', { tags: { $ne: 'y' } }, ['b', 'd']],
  ['$in on an array', { tags: { $in: ['x', 'z'] } }, ['a', 'd']],
  ['$in with null', { n: { $in: [3, null] } }, ['c', 'd']],
  ['$nin on an array: no element in', { tags: { $nin: ['y'] } }, ['b', 'd']],
  ['$nin on a scalar includes missing', { n: { $nin: [1, 2] } }, ['c', 'd']],
  ['$nin with null excludes null and missing', { when: { $nin: [null] } }, ['a', 'b']],
  ['$nin of a value and null', { n: { $nin: [1, null] } }, ['b', 'c']],
  ['$nin of nothing matches all', { status: { $nin: [] } }, ['a', 'b', 'c', 'd']],
  ['$nin beside a range', { status: { $nin: ['done'] }, n: { $lte: 3 } }, ['a', 'c']],
  ['$in on _id', { _id: { $in: ['a', 'c'] } }, ['a', 'c']],
  ['$gt and $lte', { n: { $gt: 1, $lte: 3 } }, ['b', 'c']],
  ['$lt', { n: { $lt: 2 } }, ['a']],
  ['$gte', { n: { $gte: 2 } }, ['b', 'c']],
  ['$gte on a dotted path', { 'meta.size': { $gte: 1 } }, ['a']],
  ['$lt on a Date skips null and missing', { when: { $lt: day('2024-01-15') } }, ['a']],
  ['$lte with an ISO string cast to Date', { when: { $lte: '2024-02-01T00:00:00.000Z' } }, ['a', 'b']],
  ['$gt on a Date', { when: { $gt: day('2023-12-31') } }, ['a', 'b']],
  ['range on an array: elements may differ', { nums: { $gt: 5, $lt: 2 } }, ['a']],
  ['range on an array: one or two elements', { nums: { $gte: 5, $lte: 5 } }, ['a', 'b']],
  ['string cast to number', { n: '3' }, ['c']],
  ['$or', { $or: [{ n: 1 }, { status: 'failed' }] }, ['a', 'd']],
  ['$and', { $and: [{ status: 'new' }, { n: { $gt: 1 } }] }, ['c']],
  ['$or of an _id and an array element', { $or: [{ _id: 'b' }, { tags: 'z' }] }, ['b', 'd']],
  ['$or with null matching a missing field', { $or: [{ n: null }, { status: 'done' }] }, ['b', 'd']],
  ['$or beside another field', { status: 'new', $or: [{ n: 2 }, { tags: 'y' }] }, ['a', 'c']],
  ['$or of a dotted path and a range', { $or: [{ 'meta.color': 'red' }, { n: { $gte: 3 } }] }, ['a', 'c']],
  ['$or inside $or', { $or: [{ $or: [{ n: 1 }, { n: 2 }] }, { _id: 'd' }] }, ['a', 'b', 'd']],
  ['$or of a set of ids and a Date range', { $or: [{ _id: { $in: ['c'] } }, { when: { $gt: day('2024-01-15') } }] }, ['b', 'c']],
  ['$or with $nin on a column', { $or: [{ n: { $nin: [1, 2, 3] } }, { _id: 'a' }] }, ['a', 'd']],
  ['$or inside $and with dotted paths', { $and: [{ $or: [{ 'meta.color': 'blue' }, { tags: 'z' }] }, { n: { $exists: true } }] }, ['b']],
  ['empty filter', {}, ['a', 'b', 'c', 'd']],
];

/**
 * A flat collection (no nested paths): every update of its top-level scalar fields is one the embedded engine
 * may make in SQL without reading the document (fast-caster's patch), so the contract checks those too.
 */
export interface TaskRow {
  _id: string;
  code?: string;
  state: 'open' | 'held' | 'closed';
  owner?: string;
  rank?: number;
  until?: Date;
  body?: Record<string, unknown>;
  note?: string;
}

const taskSchema = new Schema(
  {
    _id: { type: String, required: true },
    code: { type: String, unique: true },
    state: { type: String, required: true, enum: ['open', 'held', 'closed'] },
    owner: { type: String },
    rank: { type: Number, min: 0, max: 9 },
    until: { type: Date },
    body: { type: Schema.Types.Mixed },
    note: { type: String },
  },
  { versionKey: false },
);
taskSchema.index({ state: 1, rank: 1 });
taskSchema.index({ owner: 1 });
taskSchema.index({ until: 1 }, { expireAfterSeconds: 0 });
export const taskModel = defineModel<TaskRow>('contract_tasks', taskSchema);
