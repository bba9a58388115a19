type Plain = Record<string, unknown>;

/**
 * How the embedded engine writes a document (or one value of it): nedb's serialisation (the format of the
 * nedb datafiles it imports), Dates as { $$date: ms }, undefined left out, and a key that starts with $ or
 * holds a dot refused with nedb's own words. One walk, then JSON.stringify without a replacer (a replacer call per value was most
 * of the cost of a write).
 */
export function toJson(value: unknown): string {
  return JSON.stringify(prepare(value));
}

function prepare(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return { $$date: value.getTime() };
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : prepare(v)));
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return prepare(toJSON.call(value)); // as JSON.stringify would (a Buffer...)
  const out: Plain = {};
  for (const [key, v] of Object.entries(value as Plain)) {
    if (key.startsWith('$')) throw new Error('Field names cannot begin with the $ character');
    if (key.includes('.')) throw new Error('Field names cannot contain a .');
    if (v !== undefined && typeof v !== 'function') out[key] = prepare(v);
  }
  return out;
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
