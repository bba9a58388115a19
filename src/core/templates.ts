/**
 * Every text a person reads comes from templates/messages/*.yaml (zh-CN), one file per conversation or
 * subject, each key a mustache template. A bureau edits the words without touching code.
 * Ids are "<file>.<key>", e.g. "help.menu".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { parse as parseYaml } from 'yaml';
import { AppError } from './errors';

export type TemplateVars = Record<string, unknown>;

export interface Templates {
  render(id: string, vars?: TemplateVars): string;
  has(id: string): boolean;
}

/** Chat text is not HTML: values are inserted as they are. */
const plain = { escape: (v: unknown) => String(v) };

export function templatesFromMap(map: Map<string, string>): Templates {
  for (const [id, text] of map) {
    try {
      Mustache.parse(text);
    } catch (e) {
      throw new AppError('config_invalid', `template ${id}: ${(e as Error).message}`);
    }
  }
  return {
    has: (id) => map.has(id),
    render(id, vars = {}) {
      const text = map.get(id);
      if (text === undefined) throw new AppError('internal', `no template "${id}"`);
      return Mustache.render(text, vars, undefined, plain).trim();
    },
  };
}

/** Loads every *.yaml under `dir`; a file that is not a map of strings stops the start with its name. */
export function loadTemplates(dir: string): Templates {
  const map = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const prefix = file.slice(0, -'.yaml'.length);
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(join(dir, file), 'utf8'));
    } catch (e) {
      throw new AppError('config_invalid', `templates ${file}: ${(e as Error).message}`);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      throw new AppError('config_invalid', `templates ${file}: expected a map of names to texts`);
    }
    for (const [key, text] of Object.entries(doc)) {
      if (typeof text !== 'string') throw new AppError('config_invalid', `templates ${file}: "${key}" is not a text`);
      map.set(`${prefix}.${key}`, text);
    }
  }
  return templatesFromMap(map);
}
