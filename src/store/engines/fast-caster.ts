import type { Schema, SchemaType } from 'mongoose';
import type { Filter, Update } from '../collection';
import { isPlainObject } from './port-query';
import { PLAIN_NAME } from './table-layout';

type Plain = Record<string, unknown>;

/**
 * What mongoose would answer, worked out without it for the cases where that answer is plain: every value
 * already of its path's type, nothing to cast, nothing refused. Each method returns undefined (or false)
 * for anything else, and the caller asks mongoose (schema-caster.ts). test/store/fast-caster.test.ts
 * compares the two on every case it can think of, so this file may be no more than a shortcut.
 *
 * On the message path a mongoose document per write (construct, validate, toObject) was the largest share
 * of the store's CPU; these shortcuts cost a walk over the document.
 */
export interface FastCaster {
  /** The document as schema-caster's toStored would give it, or undefined: ask mongoose. */
  stored(doc: Plain): Plain | undefined;
  /** True when mongoose's cast would return the filter as it is (it is already cast). */
  filterIsCast(filter: Filter): boolean;
  /** True when mongoose's update cast could not refuse this update. */
  updateIsPlain(update: Update): boolean;
  /**
   * The update as a patch, when applying it to any valid stored document and validating the result whole
   * would give that document with these changes, whatever else it holds, under the conditions the patch
   * states: $set, $unset and $inc of top-level paths, each $set value exactly of its scalar path's type and
   * within its rules (or a Mixed value as mongoose would store it, or a scalar as one key inside a Mixed
   * object), each $unset of a path neither required nor defaulted (mongoose would put the default back), each
   * $inc of a Number path (its bounds for the result). Else undefined.
   */
  patch(update: Update): Patch | undefined;
}

/** What a patch changes: top-level paths (or one key inside a Mixed path) to set, paths to remove, Numbers to add to. */
export interface Patch {
  /** Values as they are stored. A dotted path is a key inside a Mixed value, to be set in an object only. */
  set: Array<[path: string, value: unknown]>;
  unset: string[];
  /** `path` + `by` (a missing path counts as 0) must be a number within min..max, or the general update decides. */
  inc: Array<{ path: string; by: number; min: number; max: number }>;
}

type Scalar = 'String' | 'Number' | 'Date' | 'Boolean';
const SCALARS_EXACT: Record<Scalar, (v: unknown) => boolean> = {
  String: (v) => typeof v === 'string',
  Number: (v) => typeof v === 'number' && Number.isFinite(v),
  Date: (v) => v instanceof Date && !Number.isNaN(v.getTime()),
  Boolean: (v) => typeof v === 'boolean',
};
const SCALARS: ReadonlySet<string> = new Set(Object.keys(SCALARS_EXACT));

interface PathRule {
  name: string;
  /** A scalar, Mixed, a single subdocument (`Embedded`) or an array of subdocuments (`Subdocuments`). */
  instance: Scalar | 'Mixed' | 'Embedded' | 'Subdocuments';
  required: boolean;
  enumValues?: ReadonlySet<unknown>;
  min?: number;
  max?: number;
  maxlength?: number;
  /** The subdocument's own rules (Embedded, Subdocuments). */
  sub?: DocumentRules;
  /** A constant default (undefined: none). */
  defaultValue: unknown;
  defaultIsFunction: boolean;
}

interface DocumentRules {
  rules: PathRule[];
  byName: ReadonlyMap<string, PathRule>;
}

/** Options of a path that the shortcut understands; any other (trim, match, a validator...) sends it to mongoose. */
const KNOWN_OPTIONS = new Set(['type', 'required', 'enum', 'min', 'max', 'maxlength', 'default', 'index', 'unique', 'sparse', 'expires']);

/** Mongoose's special keys, which it drops when cloning (helpers/specialProperties). */
const SPECIAL_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function fastCasterOf(schema: Schema): FastCaster {
  const paths = schema.paths as Record<string, SchemaType>;
  const rules = documentRules(schema, false);
  const minimize = schema.get('minimize') !== false;

  /** The element type a filter compares with: the path's own, or its elements' for an array of scalars. */
  const queryType = (path: string): string | undefined => {
    const type = paths[path] as (SchemaType & { embeddedSchemaType?: SchemaType }) | undefined;
    if (!type) return undefined;
    if (SCALARS.has(type.instance)) return type.instance;
    if (type.instance === 'Array' && type.embeddedSchemaType && SCALARS.has(type.embeddedSchemaType.instance)) return type.embeddedSchemaType.instance;
    return undefined;
  };

  const conditionIsCast = (instance: string, condition: unknown): boolean => {
    if (condition === null || exact(instance, condition)) return true;
    if (!isPlainObject(condition)) return false;
    const entries = Object.entries(condition);
    if (entries.length === 0) return false;
    for (const [op, arg] of entries) {
      switch (op) {
        case '$eq':
        case '$ne':
        case '$lt':
        case '$lte':
        case '$gt':
        case '$gte':
          if (arg !== null && !exact(instance, arg)) return false;
          break;
        case '$in':
        case '$nin':
          if (!Array.isArray(arg) || !arg.every((a) => a === null || exact(instance, a))) return false;
          break;
        case '$exists':
          if (typeof arg !== 'boolean') return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };

  return {
    stored(doc) {
      return rules ? storedWith(rules, doc, minimize) : undefined;
    },

    filterIsCast(filter) {
      for (const [key, condition] of Object.entries(filter)) {
        const instance = queryType(key);
        if (!instance || !conditionIsCast(instance, condition)) return false;
      }
      return true;
    },

    updateIsPlain(update) {
      for (const [op, fields] of Object.entries(update)) {
        if (op !== '$set' && op !== '$unset' && op !== '$inc' && op !== '$setOnInsert') return false;
        if (!isPlainObject(fields)) return false;
        for (const [path, value] of Object.entries(fields)) {
          const head = path.split('.', 1)[0]!;
          const type = paths[head];
          if (!type) return false;
          if (type.instance === 'Mixed') {
            if (op === '$inc' && typeof value !== 'number') return false;
            continue;
          }
          if (head !== path || !SCALARS.has(type.instance)) return false;
          if (op === '$unset') continue;
          if (op === '$inc' ? type.instance !== 'Number' || !exact('Number', value) : value !== null && !exact(type.instance, value)) return false;
        }
      }
      return true;
    },

    patch(update) {
      if (!rules) return undefined;
      const patch: Patch = { set: [], unset: [], inc: [] };
      const paths: string[] = [];
      for (const [op, fields] of Object.entries(update)) {
        if ((op !== '$set' && op !== '$unset' && op !== '$inc') || !isPlainObject(fields)) return undefined;
        for (const [path, value] of Object.entries(fields)) {
          const [head, key, deeper] = path.split('.');
          const rule = head === '_id' || !PLAIN_NAME.test(head!) ? undefined : rules.byName.get(head!);
          if (!rule || deeper !== undefined || (key !== undefined && (op !== '$set' || rule.instance !== 'Mixed' || !PLAIN_NAME.test(key)))) return undefined;
          paths.push(path);
          if (op === '$unset') {
            if (rule.required || rule.defaultValue !== undefined || rule.defaultIsFunction) return undefined;
            if (rule.instance !== 'Mixed' && !SCALARS.has(rule.instance)) return undefined;
            patch.unset.push(path);
          } else if (op === '$inc') {
            if (rule.instance !== 'Number' || !exact('Number', value)) return undefined;
            patch.inc.push({ path, by: value as number, min: rule.min ?? -Number.MAX_VALUE, max: rule.max ?? Number.MAX_VALUE });
          } else if (key !== undefined) {
            // One key inside a Mixed value: a scalar, in an object that is there or is made (as MongoDB makes it).
            if (![...SCALARS].some((type) => exact(type, value))) return undefined;
            patch.set.push([path, value]);
          } else if (rule.instance === 'Mixed') {
            const copy = value === null ? INVALID : cloneMixed(value, minimize, false);
            if (copy === INVALID || copy === undefined) return undefined; // null, or nothing left once minimized
            patch.set.push([path, copy]);
          } else {
            if (!scalarFits(rule, value)) return undefined;
            patch.set.push([path, value]);
          }
        }
      }
      if (paths.length === 0) return undefined;
      // A path named twice, or inside another one named: MongoDB refuses the update; mongoose's to say so.
      const sorted = [...paths].sort();
      if (sorted.some((p, i) => i > 0 && (p === sorted[i - 1] || p.startsWith(`${sorted[i - 1]}.`)))) return undefined;
      return patch;
    },
  };
}

/** A value that a scalar path stores as it is: of its exact type, not null, within the path's rules. */
function scalarFits(rule: PathRule, value: unknown): boolean {
  if (!exact(rule.instance, value)) return false;
  if (rule.required && value === '') return false; // mongoose's required refuses an empty string
  if (rule.enumValues && !rule.enumValues.has(value)) return false;
  if (rule.min !== undefined && (value as number) < rule.min) return false;
  if (rule.max !== undefined && (value as number) > rule.max) return false;
  return rule.maxlength === undefined || (value as string).length <= rule.maxlength;
}

const exact = (instance: string, v: unknown): boolean => SCALARS.has(instance) && SCALARS_EXACT[instance as Scalar](v);

/** A plain object as a subdocument is given: not an array, a Date, a class instance or a prototype-less object. */
const isDocumentLike = (v: unknown): v is Plain => isPlainObject(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The document as mongoose's toObject would give it after validate, or undefined: ask mongoose. */
function storedWith({ rules, byName }: DocumentRules, doc: Plain, minimize: boolean): Plain | undefined {
  for (const key of Object.keys(doc)) if (!byName.has(key)) return undefined; // mongoose drops it (strict)
  const out: Plain = {};
  for (const rule of rules) {
    let value = doc[rule.name];
    if (value === undefined) {
      if (rule.defaultIsFunction) return undefined;
      if (rule.defaultValue === undefined) {
        if (rule.required) return undefined;
        continue;
      }
      value = rule.instance === 'Subdocuments' ? [] : rule.defaultValue;
    }
    if (value === null) {
      if (rule.required) return undefined;
      out[rule.name] = null;
      continue;
    }
    if (rule.instance === 'Mixed') {
      const copy = cloneMixed(value, minimize, false);
      if (copy === INVALID) return undefined;
      if (copy !== undefined) out[rule.name] = copy;
      continue;
    }
    if (rule.instance === 'Embedded' || rule.instance === 'Subdocuments') {
      // Each subdocument whole (an empty one, or a null element, is mongoose's to decide).
      const one = (v: unknown): Plain | undefined => {
        const built = isDocumentLike(v) ? storedWith(rule.sub!, v, minimize) : undefined;
        return built && Object.keys(built).length > 0 ? built : undefined;
      };
      if (rule.instance === 'Embedded') {
        const built = one(value);
        if (!built) return undefined;
        out[rule.name] = built;
        continue;
      }
      if (!Array.isArray(value)) return undefined;
      const list: Plain[] = [];
      for (const element of value) {
        const built = one(element);
        if (!built) return undefined;
        list.push(built);
      }
      out[rule.name] = list;
      continue;
    }
    if (!scalarFits(rule, value)) return undefined;
    out[rule.name] = value instanceof Date ? new Date(value.getTime()) : value;
  }
  return out;
}

/**
 * The rules of every path, when the whole schema is one the shortcut can build documents for; else undefined.
 * A subdocument's schema (`_id: false`) has no _id; a document's must be a String.
 */
function documentRules(schema: Schema, subdocument: boolean): DocumentRules | undefined {
  const paths = schema.paths as Record<string, SchemaType>;
  if (Object.keys((schema as unknown as { nested: Plain }).nested).length > 0) return undefined;
  if (schema.get('strict') === false || schema.get('timestamps') || schema.get('versionKey') !== false) return undefined;
  // Building a document runs only validate's hooks (mongoose's own plugins hook save, deleteOne, updateOne).
  const hooks = (schema as unknown as { s: { hooks: { _pres: Map<string, unknown>; _posts: Map<string, unknown> } } }).s.hooks;
  if (hooks._pres.has('validate') || hooks._posts.has('validate')) return undefined;
  if (Object.keys(schema.virtuals).some((v) => v !== 'id')) return undefined;
  const rules: PathRule[] = [];
  for (const [name, type] of Object.entries(paths)) {
    const sub = subdocumentsOf(type);
    if (sub === INVALID) return undefined;
    if (!sub && !SCALARS.has(type.instance) && type.instance !== 'Mixed') return undefined;
    if ((type as unknown as { setters: unknown[] }).setters.length > 0) return undefined;
    const options = type.options as Plain;
    if (Object.keys(options).some((o) => !KNOWN_OPTIONS.has(o))) return undefined;
    const instance = sub ? (type.instance === 'Embedded' ? 'Embedded' : 'Subdocuments') : (type.instance as Scalar | 'Mixed');
    const rule: PathRule = { name, instance, required: false, defaultValue: undefined, defaultIsFunction: false, ...(sub ? { sub } : {}) };
    if (instance === 'Subdocuments') {
      // Mongoose gives an array of subdocuments [] when it is missing, declared so or not.
      if (options.default !== undefined && !(Array.isArray(options.default) && options.default.length === 0)) return undefined;
      rule.defaultValue = [];
      if (type.validators.length > 0) return undefined;
      rules.push(rule);
      continue;
    }
    if (instance === 'Embedded' && options.default !== undefined) return undefined;
    if (typeof options.default === 'function') {
      rule.defaultIsFunction = true; // mongoose's to call (with the document as `this`) when the value is missing
    } else if (options.default !== undefined) {
      rule.defaultValue = options.default;
      if (rule.instance !== 'Mixed' && options.default !== null && !exact(rule.instance, options.default)) return undefined;
    }
    for (const v of type.validators as Array<{ type: string; enumValues?: unknown[]; min?: unknown; max?: unknown }>) {
      if (v.type === 'required' && options.required === true) rule.required = true;
      else if (v.type === 'enum' && rule.instance === 'String' && Array.isArray(options.enum)) rule.enumValues = new Set(options.enum);
      else if ((v.type === 'min' || v.type === 'max') && rule.instance === 'Number' && typeof options[v.type] === 'number') rule[v.type] = options[v.type] as number;
      else if (v.type === 'maxlength' && rule.instance === 'String' && typeof options.maxlength === 'number') rule.maxlength = options.maxlength;
      else return undefined;
    }
    rules.push(rule);
  }
  const id = rules.find((r) => r.name === '_id');
  // An ObjectId _id is mongoose's to make; a subdocument with an _id of its own too.
  if (subdocument ? id !== undefined || schema.get('_id') !== false : id?.instance !== 'String') return undefined;
  return { rules, byName: new Map(rules.map((r) => [r.name, r])) };
}

/**
 * The rules of a path's subdocuments: a single subdocument or an array of them whose schema the shortcut can
 * build; undefined for a path of neither kind, INVALID for one it cannot.
 */
function subdocumentsOf(type: SchemaType): DocumentRules | typeof INVALID | undefined {
  const t = type as SchemaType & { $isSingleNested?: boolean; $isMongooseDocumentArray?: boolean; schema?: Schema };
  if (!t.$isSingleNested && !t.$isMongooseDocumentArray) return undefined;
  return (t.schema && documentRules(t.schema, true)) || INVALID;
}


const INVALID = Symbol('invalid');

/**
 * A Mixed value as mongoose's toObject clones it (helpers/clone.js): plain objects and arrays copied, Dates
 * copied; with `minimize`, an empty object goes (and a parent it leaves empty), except right inside an array.
 * Anything else (undefined, a class instance, NaN, a special key) is INVALID: mongoose's to decide.
 */
function cloneMixed(value: unknown, minimize: boolean, arrayChild: boolean): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : INVALID;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? INVALID : new Date(value.getTime());
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) {
      const c = cloneMixed(v, minimize, true);
      if (c === INVALID || c === undefined) return INVALID;
      out.push(c);
    }
    return out;
  }
  if (!isPlainObject(value) || Object.getPrototypeOf(value) === null) return INVALID;
  const out: Plain = {};
  let hasKeys = false;
  for (const [k, v] of Object.entries(value)) {
    if (SPECIAL_KEYS.has(k) || v === undefined) return INVALID;
    const c = cloneMixed(v, minimize, false);
    if (c === INVALID) return INVALID;
    if (c === undefined) continue;
    out[k] = c;
    hasKeys = true;
  }
  return minimize && !arrayChild && !hasKeys ? undefined : out;
}
