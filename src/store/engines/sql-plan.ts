import type { Filter, Sort } from '../collection';
import { isOperatorObject } from './port-query';
import { ID_COLUMN, keyValue, type KeyColumn, type MultiKey, type TableLayout } from './table-layout';

/**
 * What SQL can answer of a (mongoose-cast) port filter: the conditions on `_id` and on the layout's key
 * columns, ANDed. `exact` says the SQL alone decides the filter; otherwise every row it returns is checked
 * with the full filter in JavaScript, so SQL only ever narrows (it never drops a document that matches).
 */
export interface SqlPlan {
  where: string;
  params: (string | number | null)[];
  exact: boolean;
  /** An equality on `_id` is part of it: at most one row matches. */
  oneRow: boolean;
  /** ORDER BY for `sort` when every field of it has a column (or is `_id`), else null: sorted in JavaScript. */
  orderBy: string | null;
}

const RANGE: Record<string, string> = { $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' };

export function sqlPlan(layout: TableLayout, filter: Filter, sort?: Sort): SqlPlan {
  const { conds, params, exact, oneRow } = conditions(layout, filter);
  let orderBy: string | null = null;
  if (sort && Object.keys(sort).length > 0) {
    const parts = Object.entries(sort).map(([path, dir]) => {
      const column = path === '_id' ? ID_COLUMN : layout.column(path);
      return column ? `${column.sql} ${dir === -1 ? 'DESC' : 'ASC'}` : undefined;
    });
    if (parts.every((p) => p !== undefined)) orderBy = parts.join(', ');
  }
  return { where: whereOf(conds), params, exact, oneRow, orderBy };
}

const whereOf = (conds: readonly string[]): string => (conds.length > 0 ? conds.join(' AND ') : '1');

/** The SQL conditions of `filter`, ANDed: what SQL can say of it, and whether that is all of it. */
function conditions(layout: TableLayout, filter: Filter): Omit<SqlPlan, 'where' | 'orderBy'> & { conds: string[] } {
  const conds: string[] = [];
  const params: (string | number | null)[] = [];
  let exact = true;
  let oneRow = false;
  const visit = (f: Filter): void => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and') {
        (value as Filter[]).forEach(visit);
        continue;
      }
      if (key === '$or') {
        if (!orBranches(layout, value, conds, params)) exact = false;
        continue;
      }
      const column = key === '_id' ? ID_COLUMN : layout.column(key);
      if (column && condition(column, value, conds, params)) {
        if (key === '_id' && (!isOperatorObject(value) || Object.keys(value).every((op) => op === '$eq'))) oneRow = true;
        continue;
      }
      const multi = layout.multiKey(key);
      if (multi && elementCondition(multi, value, conds, params)) continue;
      if (!fieldEquality(layout, key, value, conds, params)) exact = false;
    }
  };
  visit(filter);
  return { conds, params, exact, oneRow };
}

/**
 * $or: each branch's conditions, ORed. A branch SQL says only in part still narrows (its conditions hold for
 * every row it matches), so the OR is added whatever the branches; it is exact only when every branch is. A
 * branch SQL says nothing of makes the OR hold for any row: nothing is added. False when not exact.
 */
function orBranches(layout: TableLayout, value: unknown, conds: string[], params: (string | number | null)[]): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  const branches = value.map((branch: Filter) => conditions(layout, branch));
  const exact = branches.every((b) => b.exact);
  if (branches.some((b) => b.conds.length === 0)) return exact;
  conds.push(`(${branches.map((b) => `(${whereOf(b.conds)})`).join(' OR ')})`);
  for (const b of branches) params.push(...b.params);
  return exact;
}

/**
 * An equality with a value on a scalar field without a column (layout.scalarField), said on the JSON: a
 * string, number or boolean of the field's own type is what json_extract gives for it (a boolean as 1/0).
 * False for anything else (null, operators, another type), which the JavaScript check decides.
 */
function fieldEquality(layout: TableLayout, key: string, value: unknown, conds: string[], params: (string | number | null)[]): boolean {
  const type = layout.scalarField(key);
  const v = isOperatorObject(value) ? (Object.keys(value).length === 1 && '$eq' in value ? value.$eq : undefined) : value;
  const fits = type === 'String' ? typeof v === 'string' : type === 'Number' ? typeof v === 'number' && Number.isFinite(v) : type === 'Boolean' && typeof v === 'boolean';
  if (!fits) return false;
  conds.push(`json_extract(doc, '$.${key}') = ?`);
  params.push(typeof v === 'boolean' ? Number(v) : (v as string | number));
  return true;
}

/** Adds the SQL of one field's condition; false when SQL cannot say it exactly (the JavaScript check will). */
function condition(column: KeyColumn, value: unknown, conds: string[], params: (string | number | null)[]): boolean {
  if (!isOperatorObject(value)) return equality(column, value, conds, params);
  let all = true;
  for (const [op, arg] of Object.entries(value)) {
    if (op === '$eq') all = equality(column, arg, conds, params) && all;
    else if (op === '$in') all = membership(column, arg as unknown[], conds, params) && all;
    else if (op === '$nin' && Array.isArray(arg)) all = exclusion(column, arg, conds, params) && all;
    else if (op in RANGE && arg !== null) {
      const key = scalar(column, arg);
      if (key === undefined) all = false;
      else {
        conds.push(`${column.sql} ${RANGE[op]} ?`);
        params.push(key);
      }
    } else all = false; // $ne, $exists, a range against null
  }
  return all;
}

function equality(column: KeyColumn, value: unknown, conds: string[], params: (string | number | null)[]): boolean {
  if (value === null) {
    conds.push(`${column.sql} IS NULL`); // MongoDB's { f: null } matches a missing field too; so does NULL here
    return true;
  }
  const key = scalar(column, value);
  if (key === undefined) return false;
  conds.push(`${column.sql} = ?`);
  params.push(key);
  return true;
}

/** The column values of a $in/$nin list, and whether it holds null; undefined when a value is not of the column's type. */
function listKeys(column: KeyColumn, values: unknown[]): { keys: (string | number)[]; withNull: boolean } | undefined {
  const keys: (string | number)[] = [];
  let withNull = false;
  for (const v of values) {
    if (v === null) withNull = true;
    else {
      const key = scalar(column, v);
      if (key === undefined) return undefined;
      keys.push(key);
    }
  }
  return { keys, withNull };
}

function membership(column: KeyColumn, values: unknown[], conds: string[], params: (string | number | null)[]): boolean {
  const list = listKeys(column, values);
  if (!list) return false;
  const parts: string[] = [];
  if (list.keys.length > 0) {
    parts.push(`${column.sql} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(list.keys));
  }
  if (list.withNull) parts.push(`${column.sql} IS NULL`);
  conds.push(parts.length === 0 ? '0' : `(${parts.join(' OR ')})`);
  return true;
}

/**
 * $nin on a scalar column, as MongoDB means it: the value is none of the list, a missing (NULL) value included
 * unless the list holds null.
 */
function exclusion(column: KeyColumn, values: unknown[], conds: string[], params: (string | number | null)[]): boolean {
  const list = listKeys(column, values);
  if (!list) return false;
  const parts: string[] = [list.withNull ? `${column.sql} IS NOT NULL` : `${column.sql} IS NULL`];
  if (list.keys.length > 0) {
    parts.push(`${column.sql} NOT IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(list.keys));
  }
  conds.push(list.withNull ? `(${parts.join(' AND ')})` : list.keys.length > 0 ? `(${parts.join(' OR ')})` : '1');
  return true;
}

/**
 * A condition on an indexed array of strings or numbers, by its elements: `{ f: v }`, $eq and $in hold when an
 * element is (one of) the value(s), $ne and $nin when none is (a missing field too), a range when an element is
 * within it. Against scalars of the element type that is MongoDB's meaning exactly (the schema keeps the field
 * an array); for anything else (a whole array, null, a type the elements cannot have) false: not said in SQL,
 * left to the JavaScript check.
 */
function elementCondition(multi: MultiKey, value: unknown, conds: string[], params: (string | number | null)[]): boolean {
  const fits = (v: unknown): v is string | number => (multi.type === 'String' ? typeof v === 'string' : typeof v === 'number' && !Number.isNaN(v));
  const some = (where: string, arg: string | number, negated = false): void => {
    conds.push(`id ${negated ? 'NOT IN' : 'IN'} (SELECT id FROM ${multi.sql} WHERE ${where})`);
    params.push(arg);
  };
  if (!isOperatorObject(value)) {
    if (!fits(value)) return false;
    some('v = ?', value);
    return true;
  }
  let all = true;
  for (const [op, arg] of Object.entries(value)) {
    const list = Array.isArray(arg) && arg.length > 0 && arg.every(fits) ? JSON.stringify(arg) : undefined;
    if ((op === '$eq' || op === '$ne') && fits(arg)) some('v = ?', arg, op === '$ne');
    else if ((op === '$in' || op === '$nin') && list) some('v IN (SELECT value FROM json_each(?))', list, op === '$nin');
    else if (op in RANGE && fits(arg)) some(`v ${RANGE[op]} ?`, arg);
    else all = false;
  }
  return all;
}

/** The column value of a query value of the column's own type; undefined for anything else (left to JS). */
function scalar(column: KeyColumn, value: unknown): string | number | undefined {
  const ok =
    column.type === 'Date' ? value instanceof Date
    : column.type === 'Number' ? typeof value === 'number' && !Number.isNaN(value)
    : column.type === 'Boolean' ? typeof value === 'boolean'
    : typeof value === 'string';
  return ok ? (keyValue(column, value) as string | number) : undefined;
}
