import { AppError } from '../../core/errors';
import type { Filter, Update } from '../collection';
import { clonePlain, isPlainObject } from './port-query';

type Plain = Record<string, unknown>;

/**
 * Applies the port's update operators to a copy of a document, as MongoDB would (dotted paths, array
 * indexes, $inc/$push on missing fields). The embedded engine then validates the whole result with the schema
 * before writing it. `update` has passed portUpdate(), so operators and paths are known to be well formed.
 */
export function applyUpdate(doc: Plain, update: Update, opts: { inserting: boolean }): Plain {
  const next = clonePlain(doc);
  if (opts.inserting) for (const [path, v] of entries(update.$setOnInsert)) setPath(next, path, clonePlain(v));
  for (const [path, v] of entries(update.$set)) setPath(next, path, clonePlain(v));
  for (const [path] of entries(update.$unset)) unsetPath(next, path);
  for (const [path, v] of entries(update.$inc)) {
    const amount = toNumber(v, `$inc.${path}`);
    const current = getPath(next, path);
    if (current === undefined) setPath(next, path, amount);
    else if (typeof current === 'number') setPath(next, path, current + amount);
    else throw bad(`cannot apply $inc to '${path}', which is not a number`);
  }
  for (const [path, v] of entries(update.$push)) {
    const items = isPlainObject(v) && Array.isArray(v.$each) ? v.$each : [v];
    const current = getPath(next, path);
    if (current === undefined) setPath(next, path, clonePlain(items));
    else if (Array.isArray(current)) current.push(...clonePlain(items));
    else throw bad(`cannot apply $push to '${path}', which is not an array`);
  }
  return next;
}

/**
 * The document an upsert starts from, as in MongoDB: the filter's equality conditions (plain values and
 * $eq, also inside $and), with dotted paths expanded. Operator conditions ($in, $gt...) contribute nothing.
 */
export function upsertSeed(filter: Filter): Plain {
  const seed: Plain = {};
  const collect = (f: Filter): void => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and') (value as Filter[]).forEach(collect);
      else if (key.startsWith('$')) continue;
      else if (!isPlainObject(value) || !Object.keys(value).some((k) => k.startsWith('$'))) setPath(seed, key, clonePlain(value));
      else if ('$eq' in value) setPath(seed, key, clonePlain(value.$eq));
    }
  };
  collect(filter);
  return seed;
}

function entries(fields: Record<string, unknown> | undefined): [string, unknown][] {
  return fields ? Object.entries(fields) : [];
}

function getPath(doc: Plain, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(node)) node = /^\d+$/.test(part) ? node[Number(part)] : undefined;
    else if (node !== null && typeof node === 'object') node = (node as Plain)[part];
    else return undefined;
  }
  return node;
}

/** The container holding the last segment of `path`, creating missing objects on the way if `create`. */
function parentOf(doc: Plain, path: string, create: boolean): { parent: Plain | unknown[]; key: string } | undefined {
  const parts = path.split('.');
  const key = parts.pop()!;
  let node: Plain | unknown[] = doc;
  for (const part of parts) {
    if (Array.isArray(node) && !/^\d+$/.test(part) && !create) return undefined;
    let child: unknown = Array.isArray(node) ? node[arrayIndex(part, path)] : node[part];
    if (child === undefined) {
      if (!create) return undefined;
      child = {};
      if (Array.isArray(node)) node[arrayIndex(part, path)] = child;
      else node[part] = child;
    }
    if (child === null || typeof child !== 'object' || child instanceof Date) {
      if (!create) return undefined;
      throw bad(`cannot create field '${path}': '${part}' holds a ${child === null ? 'null' : typeof child}`);
    }
    node = child as Plain | unknown[];
  }
  return { parent: node, key };
}

function setPath(doc: Plain, path: string, value: unknown): void {
  const { parent, key } = parentOf(doc, path, true)!;
  if (!Array.isArray(parent)) {
    parent[key] = value;
    return;
  }
  const i = arrayIndex(key, path);
  while (parent.length < i) parent.push(null); // MongoDB pads with nulls
  parent[i] = value;
}

function unsetPath(doc: Plain, path: string): void {
  const found = parentOf(doc, path, false);
  if (!found) return;
  const { parent, key } = found;
  if (!Array.isArray(parent)) delete parent[key];
  else if (!/^\d+$/.test(key)) return;
  else if (arrayIndex(key, path) < parent.length) parent[arrayIndex(key, path)] = null; // MongoDB keeps the slot
}

function arrayIndex(part: string, path: string): number {
  if (!/^\d+$/.test(part)) throw bad(`cannot use the part '${part}' of '${path}' on an array`);
  return Number(part);
}

function toNumber(value: unknown, where: string): number {
  // mongoose casts $inc amounts ("5" -> 5) on the mongo engine, so do the same here.
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new AppError('validation_failed', `${where} must be a number, got ${JSON.stringify(value)}`);
  }
  return n;
}

function bad(message: string): AppError {
  return new AppError('bad_request', message);
}
