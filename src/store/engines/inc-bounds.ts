import type { Schema } from 'mongoose';
import type { Filter } from '../collection';

/**
 * The `min`/`max` of the Number paths an `$inc` changes, as filters over the document before the update.
 * mongoose's update validators never look at `$inc` (only $set, $unset, $push... are validated), so MongoDB
 * would store `n: -4` under `min: 0`. The mongo engine adds `within` to the filter of such an update: the
 * server applies it only where the result stays in bounds, atomically, and `outside` tells a miss caused by
 * the bounds (a validation failure, as on the embedded engine) from a document that is not there.
 */
export interface IncBounds {
  /** Documents where every bounded $inc ends in bounds. */
  within: Filter;
  /** Documents where some bounded $inc would end out of bounds. */
  outside: Filter;
  /** The same test on a document at hand; a message when it would end out of bounds. */
  problem(doc: Record<string, unknown>): string | undefined;
}

interface Bound {
  path: string;
  amount: number;
  min?: number;
  max?: number;
}

export function incBounds(schema: Schema, inc: Record<string, unknown> | undefined): IncBounds | undefined {
  const bounds: Bound[] = [];
  for (const [path, raw] of Object.entries(inc ?? {})) {
    const type = schema.path(path) as unknown as { instance?: string; options?: Record<string, unknown> } | undefined;
    if (type?.instance !== 'Number') continue;
    const amount = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) continue; // mongoose's cast refuses it
    const min = limit(type.options?.min);
    const max = limit(type.options?.max);
    if (min !== undefined || max !== undefined) bounds.push({ path, amount, min, max });
  }
  if (bounds.length === 0) return undefined;
  const inRange = (b: Bound, v: number) => (b.min === undefined || v >= b.min) && (b.max === undefined || v <= b.max);
  const within = bounds.map((b): Filter => {
    const range: Record<string, number> = {};
    if (b.min !== undefined) range.$gte = b.min - b.amount;
    if (b.max !== undefined) range.$lte = b.max - b.amount;
    // $inc on a missing field sets it to the amount.
    return inRange(b, b.amount) ? { $or: [{ [b.path]: range }, { [b.path]: { $exists: false } }] } : { [b.path]: range };
  });
  const outside = bounds.flatMap((b): Filter[] => [
    ...(b.min !== undefined ? [{ [b.path]: { $lt: b.min - b.amount } }] : []),
    ...(b.max !== undefined ? [{ [b.path]: { $gt: b.max - b.amount } }] : []),
    ...(inRange(b, b.amount) ? [] : [{ [b.path]: { $exists: false } }]),
  ]);
  return {
    within: { $and: within },
    outside: { $or: outside },
    problem(doc) {
      for (const b of bounds) {
        const current = valueAt(doc, b.path);
        const next = (typeof current === 'number' ? current : 0) + b.amount;
        if (current !== undefined && typeof current !== 'number') continue; // not a number: the server says so
        if (!inRange(b, next)) return message(b, next);
      }
      return undefined;
    },
  };
}

function message(b: Bound, next: number): string {
  return b.min !== undefined && next < b.min
    ? `Path \`${b.path}\` (${next}) is less than minimum allowed value (${b.min}) after $inc ${b.amount}.`
    : `Path \`${b.path}\` (${next}) is more than maximum allowed value (${b.max}) after $inc ${b.amount}.`;
}

/** A schema's `min: 0` or `min: [0, 'message']`; Date bounds do not apply to $inc. */
function limit(option: unknown): number | undefined {
  const v = Array.isArray(option) ? option[0] : option;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
