import type { Schema } from 'mongoose';
import { AppError } from '../../core/errors';

/** A TTL index of the schema: documents whose `field` (a Date) is older than `seconds` are removed. */
export interface TtlRule {
  field: string;
  seconds: number;
}

/** The scalar types a key column holds; each is stored so that SQLite's order is MongoDB's for that type. */
type KeyType = 'String' | 'Number' | 'Date' | 'Boolean' | 'ObjectId';
const KEY_TYPES = new Set<string>(['String', 'Number', 'Date', 'Boolean', 'ObjectId']);

/** A field of some index of the schema, copied out of the JSON document into a column of its own. */
export interface KeyColumn {
  path: string;
  /** The quoted SQL identifier. */
  sql: string;
  type: KeyType;
}

export interface TableIndex {
  name: string;
  columns: KeyColumn[];
  unique: boolean;
  sparse: boolean;
}

/**
 * An indexed array of scalars (MongoDB's multikey index): its elements live in a side table `(v, id)` that
 * triggers keep in step with the document's JSON, so `{ roles: 'teacher' }` is an index lookup too.
 */
export interface MultiKey {
  path: string;
  /** The quoted name of the side table. */
  sql: string;
  type: 'String' | 'Number';
}

export interface TableLayout {
  table: string;
  columns: KeyColumn[];
  multi: MultiKey[];
  indexes: TableIndex[];
  ttl: TtlRule[];
  column(path: string): KeyColumn | undefined;
  multiKey(path: string): MultiKey | undefined;
  /**
   * The type of a top-level String, Number or Boolean field of the schema whose name needs no quoting: one
   * scalar value (or none) in every stored document, so SQL can compare it inside the JSON even without a column.
   */
  scalarField(path: string): 'String' | 'Number' | 'Boolean' | undefined;
}

/** A field name that needs no quoting in a JSON path or SQL (`'$.name'`). */
export const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `_id`, which every table keeps as its primary key `id`. */
export const ID_COLUMN: KeyColumn = { path: '_id', sql: 'id', type: 'String' };

/**
 * How a collection lies in SQLite: the JSON document, and one column per field that an index of the schema
 * names, so SQLite's own indexes (on those columns) answer equality, $in, range and sort. A field can have a
 * column only when the schema makes it one scalar (not an array, not Mixed, no array on the way): then the
 * column holds exactly the field's value and a condition on it can be answered by SQL alone. An index whose
 * first field is a top-level array of strings or numbers gets a side table of its elements (MultiKey). An index
 * over any other field is left to the full filter, which is always checked on the document as well (embedded-collection).
 * Unique indexes over such fields cannot be mirrored, and are refused rather than silently ignored.
 */
export function tableLayout(schema: Schema, collection: string): TableLayout {
  const byPath = new Map<string, KeyColumn>();
  const multiByPath = new Map<string, MultiKey>();
  const indexes: TableIndex[] = [];
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
    const elementType = arrayElementType(schema, fields[0]!);
    if (elementType && !multiByPath.has(fields[0]!)) {
      multiByPath.set(fields[0]!, { path: fields[0]!, sql: `"m:${collection}:${fields[0]!.replace(/"/g, '')}"`, type: elementType });
    }
    const columns: KeyColumn[] = [];
    for (const field of fields) {
      if (field === '_id') {
        columns.push(ID_COLUMN); // the row's own id: an index ending in it gives the id without reading the row
        continue;
      }
      const type = scalarType(schema, field);
      if (!type) break; // the prefix of scalar fields still serves queries
      let column = byPath.get(field);
      if (!column) {
        column = { path: field, sql: `"k:${field.replace(/"/g, '')}"`, type };
        byPath.set(field, column);
      }
      columns.push(column);
    }
    if (options.unique && columns.length !== fields.length) {
      throw new AppError('config_invalid', `${where}: a unique index over an array or Mixed field is not supported by the embedded store`);
    }
    if (columns.length === 0) continue;
    const unique = options.unique === true;
    const sparse = options.sparse === true;
    const name = `ix:${collection}:${columns.map((c) => c.path).join(',')}${unique ? ':unique' : ''}${sparse ? ':sparse' : ''}`;
    if (!indexes.some((ix) => ix.name === name)) indexes.push({ name, columns, unique, sparse });
  }
  const columns = [...byPath.values()];
  const scalarFields = new Map<string, 'String' | 'Number' | 'Boolean'>();
  for (const [path, type] of Object.entries(schema.paths as Record<string, { instance?: string }>)) {
    const instance = type.instance;
    if (PLAIN_NAME.test(path) && (instance === 'String' || instance === 'Number' || instance === 'Boolean')) scalarFields.set(path, instance);
  }
  return {
    table: `c:${collection}`,
    columns,
    multi: [...multiByPath.values()],
    indexes,
    ttl,
    column: (path) => byPath.get(path),
    multiKey: (path) => multiByPath.get(path),
    scalarField: (path) => scalarFields.get(path),
  };
}

/** The element type of a top-level array of strings or numbers, else undefined. */
function arrayElementType(schema: Schema, path: string): MultiKey['type'] | undefined {
  if (path.includes('.')) return undefined;
  const type = schema.path(path) as { instance?: string; embeddedSchemaType?: { instance?: string } } | undefined;
  if (type?.instance !== 'Array') return undefined;
  const element = type.embeddedSchemaType?.instance;
  return element === 'String' || element === 'Number' ? element : undefined;
}

/** The field's type when the schema makes it one scalar value, else undefined. */
function scalarType(schema: Schema, path: string): KeyType | undefined {
  const parts = path.split('.');
  for (let i = 1; i < parts.length; i += 1) {
    const prefix = schema.path(parts.slice(0, i).join('.')) as { instance?: string } | undefined;
    if (prefix && prefix.instance !== 'Embedded') return undefined; // an array, Mixed or a scalar on the way
  }
  const type = (schema.path(path) as { instance?: string } | undefined)?.instance;
  return type && KEY_TYPES.has(type) ? (type as KeyType) : undefined;
}

/**
 * The column value of a field as the document holds it (after the schema's cast): a Date as its milliseconds,
 * a boolean as 0/1, a missing or null field as NULL (which SQLite sorts first, as MongoDB sorts null).
 */
export function keyValue(column: KeyColumn, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'Date':
      return value instanceof Date ? value.getTime() : null;
    case 'Boolean':
      return value === true ? 1 : value === false ? 0 : null;
    case 'Number':
      return typeof value === 'number' && !Number.isNaN(value) ? value : null;
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/** The key columns' values of a document, in the layout's column order. */
export function keyValues(layout: TableLayout, doc: Record<string, unknown>): (string | number | null)[] {
  return layout.columns.map((c) => keyValue(c, valueAt(doc, c.path)));
}

/** `<verb> INTO` the layout's table with the id, the document and every key column, all as parameters. */
export function insertSql(layout: TableLayout, verb: 'INSERT' | 'INSERT OR IGNORE'): string {
  return `${verb} INTO ${quote(layout.table)} (id, doc${layout.columns.map((c) => `, ${c.sql}`).join('')}) VALUES (?, ?${layout.columns.map(() => ', ?').join('')})`;
}

/** An SQL identifier in double quotes. */
export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** The value at a dotted path of a plain document (the layout's paths cross no array). */
export function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || node instanceof Date) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
