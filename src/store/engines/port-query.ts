import { AppError } from '../../core/errors';
import type { Filter, Update } from '../collection';

/**
 * Checks that a filter or update stays inside the query subset of the store port (collection.ts) and returns
 * a deep copy of it (mongoose casts filters and updates in place; the caller's objects must not change).
 *
 * Both engines call these first, so an operator one engine would accept and the other would not (nedb's
 * $where/$regex/$not, MongoDB's $expr...) fails the same way everywhere, with AppError('bad_request').
 * This is also the real defence against query-selector injection: an object smuggled into a filter value can
 * at most use the port's comparison operators, never run code ($where, $function, $expr).
 */
const FIELD_OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$exists']);
const UPDATE_OPERATORS = ['$set', '$unset', '$inc', '$push', '$setOnInsert'] as const;

export function portFilter(filter: Filter): Filter {
  checkFilter(filter, 'filter');
  return clonePlain(filter);
}

export function portUpdate(update: Update): Update {
  if (!isPlainObject(update)) throw bad('update must be an object');
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(update)) {
    if (!(UPDATE_OPERATORS as readonly string[]).includes(op)) throw bad(`update operator ${op} is not in the store port`);
    if (!isPlainObject(fields)) throw bad(`${op} must be an object`);
    for (const [path, value] of Object.entries(fields)) {
      checkPath(path, op);
      if (path === '_id' && op !== '$setOnInsert') throw bad(`${op} cannot change _id (it is immutable)`);
      if (value === undefined) throw bad(`${op}.${path} is undefined (use $unset to remove a field)`);
      if (op === '$push' && isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
        if (Object.keys(value).some((k) => k !== '$each') || !Array.isArray(value.$each)) {
          throw bad(`$push.${path} supports only the $each modifier with an array`);
        }
      } else if (op !== '$unset') {
        checkNoOperatorKeys(value, `${op}.${path}`);
      }
      paths.push(path);
    }
  }
  // MongoDB refuses two operators touching the same path or a path and its parent; refuse it in both engines.
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i += 1) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (a === b || b.startsWith(`${a}.`)) throw bad(`update paths conflict: '${a}' and '${b}'`);
  }
  return clonePlain(update);
}

function checkFilter(filter: unknown, where: string): void {
  if (!isPlainObject(filter)) throw bad(`${where} must be an object`);
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) throw bad(`${where}.${key} must be a non-empty array`);
      value.forEach((sub, i) => checkFilter(sub, `${where}.${key}[${i}]`));
      continue;
    }
    if (key.startsWith('$')) throw bad(`filter operator ${key} is not in the store port`);
    checkPath(key, where);
    checkCondition(value, `${where}.${key}`);
  }
}

function checkCondition(value: unknown, where: string): void {
  // MongoDB matches `undefined` as null (missing) while nedb matches nothing: a silent difference, and almost
  // always a bug in the caller (`{ orgId: person.orgId }` with no orgId), so both engines refuse it.
  if (value === undefined) throw bad(`${where} is undefined; use null or $exists to match a missing field`);
  if (!isPlainObject(value)) return checkNoOperatorKeys(value, where);
  const keys = Object.keys(value);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length === 0) return checkNoOperatorKeys(value, where);
  if (operators.length !== keys.length) throw bad(`${where} mixes operators and field names`);
  for (const op of operators) {
    if (!FIELD_OPERATORS.has(op)) throw bad(`filter operator ${op} (${where}) is not in the store port`);
    const arg = value[op];
    if (arg === undefined) throw bad(`${where}.${op} is undefined`);
    if ((op === '$in' || op === '$nin') && !Array.isArray(arg)) throw bad(`${where}.${op} must be an array`);
    checkNoOperatorKeys(arg, `${where}.${op}`);
  }
}

function checkNoOperatorKeys(value: unknown, where: string): void {
  if (Array.isArray(value)) return value.forEach((v, i) => checkNoOperatorKeys(v, `${where}[${i}]`));
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) throw bad(`${where} contains the key ${k}; only the port's operators may start with $`);
    checkNoOperatorKeys(v, `${where}.${k}`);
  }
}

function checkPath(path: string, where: string): void {
  // Positional operators ($, $[]) would need MongoDB's array-filter machinery, which the embedded engine lacks.
  if (path === '' || path.split('.').some((part) => part === '' || part.startsWith('$'))) {
    throw bad(`invalid field path '${path}' in ${where}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `{ $gt: 1 }`, not `{ a: 1 }`: an object whose keys include an operator. */
export function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

/** Deep copy of plain objects and arrays; Dates are copied, anything else (RegExp...) is shared. */
export function clonePlain<V>(value: V): V {
  if (Array.isArray(value)) return value.map((v: unknown) => clonePlain(v)) as V;
  if (value instanceof Date) return new Date(value.getTime()) as V;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = clonePlain(v);
  return copy as V;
}

function bad(message: string): AppError {
  return new AppError('bad_request', message);
}
