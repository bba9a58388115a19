import type { Patch } from './fast-caster';
import { JSON_SURELY_FITS } from './document-size';
import { toJson } from './document-json';
import type { SqlPlan } from './sql-plan';
import { keyValue, quote, type TableLayout } from './table-layout';

type Param = string | number | null;

/**
 * The one UPDATE that applies `patch` to the first row `plan` finds (in its order), where the document lies:
 * json_remove/json_set change the JSON, the key columns of the changed paths change with it, and the WHERE
 * holds the patch's conditions, so a row that does not meet them is left as it was: an $inc's field a number
 * (or missing) and its result within the path's bounds, a key set inside a Mixed value only in an object (not
 * a Date's { $$date }), and a document short enough that it stays within MongoDB's size. RETURNING gives the
 * document as written. Null when the changes alone could pass that size.
 */
export function patchStatement(layout: TableLayout, patch: Patch, plan: SqlPlan): { sql: string; params: Param[] } | null {
  const table = quote(layout.table);
  const values = patch.set.map(([, value]) => toJson(value));
  // Each change adds at most its value (a number: 25 characters), its quoted key(s), braces, a colon and a comma.
  const growth = patch.set.reduce((n, [path], i) => n + values[i]!.length + path.length + 8, 0) + patch.inc.reduce((n, { path }) => n + path.length + 30, 0);
  const room = JSON_SURELY_FITS - growth;
  if (room < 0) return null;
  // Paths are plain names (fast-caster's patch): they go into the SQL as they are.
  const sum = (path: string): string => `coalesce(json_extract(doc, '$.${path}'), 0) + ?`;
  const params: Param[] = [];
  let doc = 'doc';
  if (patch.unset.length > 0) doc = `json_remove(doc, ${patch.unset.map((path) => `'$.${path}'`).join(', ')})`;
  const pairs = [...patch.set.map(([path]) => `'$.${path}', json(?)`), ...patch.inc.map(({ path }) => `'$.${path}', ${sum(path)}`)];
  params.push(...values, ...patch.inc.map(({ by }) => by));
  if (pairs.length > 0) doc = `json_set(${doc}, ${pairs.join(', ')})`;
  const set = new Map(patch.set);
  const incs = new Map(patch.inc.map((i) => [i.path, i.by]));
  const assignments = [`doc = ${doc}`];
  for (const c of layout.columns) {
    if (set.has(c.path)) {
      assignments.push(`${c.sql} = ?`);
      params.push(keyValue(c, set.get(c.path)));
    } else if (patch.unset.includes(c.path)) assignments.push(`${c.sql} = NULL`);
    else if (incs.has(c.path)) {
      assignments.push(`${c.sql} = ${sum(c.path)}`);
      params.push(incs.get(c.path)!);
    }
  }
  const target = plan.oneRow ? plan.where : `id = (SELECT id FROM ${table} WHERE ${plan.where}${plan.orderBy ? ` ORDER BY ${plan.orderBy}` : ''} LIMIT 1)`;
  params.push(...plan.params, room);
  const conditions = [target, 'length(doc) <= ?'];
  for (const head of new Set(patch.set.flatMap(([path]) => (path.includes('.') ? [path.split('.')[0]!] : [])))) {
    conditions.push(`(json_type(doc, '$.${head}') IS NULL OR (json_type(doc, '$.${head}') = 'object' AND json_type(doc, '$.${head}."$$date"') IS NULL))`);
  }
  for (const { path, by, min, max } of patch.inc) {
    conditions.push(`(json_type(doc, '$.${path}') IS NULL OR json_type(doc, '$.${path}') IN ('integer', 'real')) AND ${sum(path)} BETWEEN ? AND ?`);
    params.push(by, min, max);
  }
  return { sql: `UPDATE ${table} SET ${assignments.join(', ')} WHERE ${conditions.join(' AND ')} RETURNING doc`, params };
}
