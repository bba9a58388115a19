/**
 * Which administrative level an organising unit names without naming a place ("市教育局", "自治区教育厅"):
 * the words are data in templates/routing/unit-levels.yaml (no Chinese in code), read once at start.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { normaliseName } from '../rules/normalise';

export type UnitLevel = 'province' | 'city';

export interface LevelWords {
  prefixes: string[];
  exceptPrefixes: string[];
  contains: string[];
}

export type UnitLevelWords = Record<UnitLevel, LevelWords>;

const words = z.array(z.string().trim().min(1)).default([]);
const levelSchema = z.object({ prefixes: words, except_prefixes: words, contains: words }).strict();
const fileSchema = z.object({ province: levelSchema, city: levelSchema }).strict();

export function parseUnitLevels(yamlText: string, source = 'unit-levels.yaml'): UnitLevelWords {
  const parsed = fileSchema.safeParse(parseYaml(yamlText));
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('config_invalid', `${source}: ${msg}`);
  }
  const level = (l: z.infer<typeof levelSchema>): LevelWords => ({
    prefixes: l.prefixes.map(normaliseName),
    exceptPrefixes: l.except_prefixes.map(normaliseName),
    contains: l.contains.map(normaliseName),
  });
  return { province: level(parsed.data.province), city: level(parsed.data.city) };
}

export function loadUnitLevels(file: string): UnitLevelWords {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('config_invalid', `${file}: ${(e as Error).message}`);
  }
  return parseUnitLevels(text, file);
}

const says = (name: string, w: LevelWords): boolean =>
  w.contains.some((c) => name.includes(c)) ||
  (w.prefixes.some((p) => name.startsWith(p)) && !w.exceptPrefixes.some((p) => name.startsWith(p)));

/** The highest level the unit's name says, or undefined (a county unit, a school, or nothing said). */
export function unitLevel(unit: string | undefined, words: UnitLevelWords): UnitLevel | undefined {
  const name = normaliseName(unit ?? '');
  if (!name) return undefined;
  if (says(name, words.province)) return 'province';
  if (says(name, words.city)) return 'city';
  return undefined;
}
