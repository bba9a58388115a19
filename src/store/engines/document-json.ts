import * as nedbModel from '@seald-io/nedb/lib/model';

type Plain = Record<string, unknown>;

/**
 * How the embedded engine writes a document: nedb's serialisation (the format of the nedb datafiles it
 * imports), Dates as { $$date: ms }, refusing a key that starts with $ or holds a dot, as nedb did.
 */
export function toJson(doc: Plain): string {
  return nedbModel.serialize(doc);
}

/**
 * Reads what toJson wrote. The same result as nedb's deserialize, without its per-value JSON.parse reviver
 * (most of the cost of a read): parse, then turn each { $$date } back into a Date in one walk.
 */
export function fromJson(json: string): Plain {
  return revive(JSON.parse(json)) as Plain;
}

function revive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = revive(value[i]);
    return value;
  }
  const obj = value as Plain;
  if (typeof obj.$$date === 'number') return new Date(obj.$$date);
  for (const key of Object.keys(obj)) obj[key] = revive(obj[key]);
  return obj;
}
