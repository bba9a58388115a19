import type { Filter } from '../collection';
import { isOperatorObject } from './port-query';

/**
 * Rewrites a (mongoose-cast) port filter into an nedb query with MongoDB's semantics. nedb does the matching;
 * this only works around the places where its operators differ from MongoDB's:
 *
 * - `{ f: null }` / `$in: [null]`: MongoDB also matches a missing field; nedb does not.
 * - `$ne` / `$nin` on an array: MongoDB means "no element equals"; nedb "some element differs". And nedb has
 *   no `$eq`. Both become `$not` of the positive condition, which also keeps "missing matches $ne".
 * - `{ f: { $gt: 1, $lt: 5 } }` on an array: MongoDB lets different elements satisfy each operator; nedb
 *   wants one element to satisfy all. Each operator becomes its own clause of an `$and`.
 * - `$lt`/`$gt` against a Date: nedb compares `null < date` as numbers (true); MongoDB never matches null there.
 * - `$exists: true` on an empty array: nedb looks for an element and finds none; MongoDB says it exists.
 * - `$in` with an array element: MongoDB also matches a field equal to that whole array.
 */
type Query = Record<string, unknown>;

const NOTHING: Query = { _id: { $in: [] } };

export function toNedbFilter(filter: Filter): Query {
  const clauses: Query[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') clauses.push({ [key]: (value as Filter[]).map(toNedbFilter) });
    else if (isOperatorObject(value)) {
      for (const [op, arg] of Object.entries(value)) clauses.push(operatorClause(key, op, arg));
    } else clauses.push(equals(key, value));
  }
  return merge(clauses);
}

/**
 * One object with a key per clause where keys do not repeat, the rest under $and: nedb picks an index only
 * from the top-level keys of a query, so `{ _id, rev }` must stay `{ _id, rev }` to be a lookup, not a scan.
 */
function merge(clauses: Query[]): Query {
  const merged: Query = {};
  const rest: Query[] = [];
  for (const clause of clauses) {
    const keys = Object.keys(clause);
    if (keys.length === 1 && !(keys[0]! in merged)) merged[keys[0]!] = clause[keys[0]!];
    else rest.push(clause);
  }
  if (rest.length > 0) merged.$and = [...((merged.$and as Query[] | undefined) ?? []), ...rest];
  return merged;
}

function operatorClause(path: string, op: string, arg: unknown): Query {
  switch (op) {
    case '$eq':
      return equals(path, arg);
    case '$ne':
      return { $not: equals(path, arg) };
    case '$in':
      return isIn(path, arg as unknown[]);
    case '$nin':
      return { $not: isIn(path, arg as unknown[]) };
    case '$exists':
      return arg ? exists(path) : { $not: exists(path) };
    case '$lt':
    case '$gt':
      // Only null/missing compare equal to null, so strict comparisons with null match nothing.
      return arg === null ? NOTHING : compare(path, op, arg);
    case '$lte':
    case '$gte':
      return arg === null ? equals(path, null) : compare(path, op, arg);
    default:
      throw new Error(`unsupported operator ${op}`); // portFilter() lets no other operator through
  }
}

function equals(path: string, value: unknown): Query {
  if (value === null) return { $or: [{ [path]: null }, { [path]: { $exists: false } }] };
  return { [path]: value };
}

function isIn(path: string, values: unknown[]): Query {
  const plain = values.filter((v) => v !== null && !Array.isArray(v));
  if (plain.length === values.length) return { [path]: { $in: values } };
  const special = values.filter((v) => v === null || Array.isArray(v)).map((v) => equals(path, v));
  return { $or: [{ [path]: { $in: plain } }, ...special] };
}

function compare(path: string, op: string, arg: unknown): Query {
  // `$ne: null` inside the same operator object applies to the same array element as the comparison.
  return { [path]: arg instanceof Date ? { [op]: arg, $ne: null } : { [op]: arg } };
}

function exists(path: string): Query {
  return { $or: [{ [path]: { $exists: true } }, { [path]: { $size: 0 } }] };
}
