/**
 * The words that say a unit is an education bureau (or one of its offices) and which one: data in
 * templates/routing/education-offices.yaml (no Chinese in code), read once at start. recused-bureaus.ts
 * uses them.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { normaliseName } from '../rules/normalise';

export type BureauLevel = 'province' | 'city' | 'county';

export interface EducationOffices {
  /** Names of an education bureau at any level, longest first. */
  officeWords: string[];
  /** Names only the province level has ("教育厅"). */
  provinceWords: string[];
  /** Administrative suffixes a place may be written without ("宁夏回族自治区" -> "宁夏"), longest first. */
  placeSuffixes: string[];
  /** Level words standing for the school's own bureau of that level ("县教育局"), longest first. */
  levels: Array<{ word: string; level: BureauLevel }>;
  /** Whole names that are short forms of a level's bureau ("县局"). */
  shortForms: Map<string, BureauLevel>;
  /** Words that may come before a level word ("本县", "我们县"). */
  ownWords: string[];
  /** Words joining two units ("和"). */
  conjunctions: string[];
}

const words = z.array(z.string().trim().min(1)).default([]);
const perLevel = z.object({ province: words, city: words, county: words }).strict();
const fileSchema = z
  .object({
    office_words: z.object({ any: words, province: words }).strict(),
    place_suffixes: words,
    levels: perLevel,
    short_forms: perLevel,
    own_words: words,
    conjunctions: words,
  })
  .strict();

const LEVELS: readonly BureauLevel[] = ['province', 'city', 'county'];
const longestFirst = (list: string[]): string[] => [...new Set(list.map(normaliseName).filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);

export function parseEducationOffices(yamlText: string, source = 'education-offices.yaml'): EducationOffices {
  const parsed = fileSchema.safeParse(parseYaml(yamlText));
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('config_invalid', `${source}: ${msg}`);
  }
  const d = parsed.data;
  const levels = LEVELS.flatMap((level) => d.levels[level].map((w) => ({ word: normaliseName(w), level })))
    .filter((l) => l.word.length > 0)
    .sort((a, b) => b.word.length - a.word.length);
  const shortForms = new Map(LEVELS.flatMap((level) => d.short_forms[level].map((w) => [normaliseName(w), level] as const)));
  return {
    officeWords: longestFirst([...d.office_words.any, ...d.office_words.province]),
    provinceWords: longestFirst(d.office_words.province),
    placeSuffixes: longestFirst(d.place_suffixes),
    levels,
    shortForms,
    ownWords: longestFirst(d.own_words),
    conjunctions: longestFirst(d.conjunctions),
  };
}

export function loadEducationOffices(file: string): EducationOffices {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('config_invalid', `${file}: ${(e as Error).message}`);
  }
  return parseEducationOffices(text, file);
}
