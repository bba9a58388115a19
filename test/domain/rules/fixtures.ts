/** Test inputs live in YAML beside the tests (zh-CN sentences are data, not code). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadRuleBook } from '../../../src/domain/rules/load-catalogs';

export const RULES_DIR = join(__dirname, '../../../templates/rules');

export function fixture<T>(name: string): T {
  return parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T;
}

let cached: ReturnType<typeof loadRuleBook> | undefined;
export function ruleBook(): ReturnType<typeof loadRuleBook> {
  cached ??= loadRuleBook(RULES_DIR);
  return cached;
}
