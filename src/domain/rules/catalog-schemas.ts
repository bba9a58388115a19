/**
 * The shapes of the rule data files (templates/rules/*.yaml) as zod schemas, and how a file's problem is
 * reported: the file, the rule id and the field (CatalogError). load-catalogs.ts compiles what passes.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CATEGORY_CODES } from './rule';

export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly ruleId?: string,
    readonly field?: string,
  ) {
    super(`${file}: ${ruleId ? `rule ${ruleId}: ` : ''}${field ? `${field}: ` : ''}${detail}`);
    this.name = 'CatalogError';
  }
}

const text = z.string().trim().min(1);
const oneLine = text.refine((s) => !/[\r\n]/.test(s), 'must be one line');
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const wordList = z.array(z.union([text, z.number()]).transform(String));

export const lexiconSchema = z
  .object({
    negation: z
      .object({
        window: z.number().int().min(1).max(20),
        cues: wordList.min(1),
        compounds: wordList,
        resetters: wordList,
        conditional_after: wordList,
        conditional_window: z.number().int().min(0).max(10),
        hypothetical: wordList.default([]),
        threats: wordList.default([]),
      })
      .strict(),
    paraphrases: z.record(text, z.array(text).min(1)).default({}),
    coverage_ignore: wordList.default([]),
    quantities: z
      .object({
        digits: z.record(z.string().length(1), z.number().int().min(0).max(9)),
        multipliers: z.record(z.string().length(1), z.number().int().positive()),
        more: wordList,
        month_units: wordList.min(1),
        year_units: wordList.min(1),
        not_year_after: wordList.default([]),
        spans: z.record(text, z.number().positive()),
        hour_units: wordList.min(1),
        not_span_before: wordList,
        relative_years: z.record(text, z.number().int()),
        year_suffix: text,
        month_suffix: wordList.min(1),
        training_words: wordList.min(1),
      })
      .strict()
      .optional(),
    sets: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'set names are snake_case'), wordList.min(1)),
    evidence: z.record(z.string(), text),
    activity: z
      .object({
        synonyms: z.record(z.string(), z.union([text, z.number()]).transform(String)),
        stopwords: wordList,
        strip_patterns: z.array(text),
      })
      .strict(),
  })
  .strict();

export const categoriesSchema = z
  .object({
    source: z.string().optional(),
    categories: z.array(
      z
        .object({
          code: z.enum(CATEGORY_CODES),
          numeral: text,
          order: z.number().int().min(1).max(8),
          name: oneLine,
          aliases: wordList,
        })
        .strict(),
    ),
  })
  .strict();

const abbr = z.string().regex(/^[A-Z]{2,7}$/, 'a region abbreviation is 2 to 7 capital letters, like NX');
const regionRef = z.object({ id: text, as: z.enum(['binding', 'reference']) }).strict();
export const regionsSchema = z
  .object({
    default: z.object({ abbr: abbr.default('DEFAULT'), name: text, catalogs: z.array(regionRef).min(1) }).strict(),
    regions: z.array(
      z
        .object({
          code: z.string().regex(/^\d{2}(\d{2}){0,2}$/, 'division code prefix of 2, 4 or 6 digits'),
          abbr: abbr.optional(),
          name: text,
          catalogs: z.array(regionRef).min(1),
        })
        .strict(),
    ),
  })
  .strict();

export const catalogHeaderSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'catalog ids are kebab-case'),
    version: z.number().int().positive(),
    document: oneLine,
    issuer: oneLine,
    date: ymd,
    title: oneLine,
    note: oneLine.optional(),
    rules: z.array(z.unknown()).min(1),
  })
  .strict();

export const ruleSchema = z
  .object({
    id: text,
    item: z.union([text, z.number()]).transform(String),
    section: oneLine,
    category: z.enum(CATEGORY_CODES),
    summary: oneLine,
    clause: oneLine,
    detect: z.record(z.string(), z.unknown()),
  })
  .strict();

const group = z.union([z.array(z.union([text, z.number()]).transform(String)).min(1), z.string().regex(/^@[a-z][a-z0-9_]*$/)]);
const keywordSetSchema = z.object({ all: z.array(group).min(1).max(4), weight: z.number().gt(0).lte(1).optional() }).strict();

const conditionSchema = z
  .object({
    secondment_longer_than_months: z.number().int().positive().optional(),
    training_hours_per_year_over: z.number().positive().optional(),
    activity_not_on_whitelist: z.literal(true).optional(),
    inspection_not_on_plan: z.literal(true).optional(),
    monthly_report_missing: z.literal(true).optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length === 1, 'a condition names exactly one of the known conditions');

export const manualSchema = z.object({ manual: z.literal(true) }).strict();
export const detectorSchema = z
  .object({
    keywords: z.union([keywordSetSchema, z.array(keywordSetSchema).min(1)]).optional(),
    patterns: z.array(text).min(1).optional(),
    exclude: z.array(z.union([text, z.number()]).transform(String)).optional(),
    unless_approved: z.boolean().optional(),
    only_if_unapproved: z.boolean().optional(),
    condition: conditionSchema.optional(),
  })
  .strict()
  .refine((d) => d.keywords || d.patterns || d.condition, 'needs keywords, patterns or a condition (or manual: true)');

export function readYaml(textIn: string, file: string): unknown {
  try {
    return parseYaml(textIn);
  } catch (e) {
    throw new CatalogError(file, `invalid YAML: ${(e as Error).message}`);
  }
}

export function check<S extends z.ZodType>(schema: S, value: unknown, file: string, ruleId?: string, prefix = ''): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : '';
  throw new CatalogError(file, issue.message + more, ruleId, field || '(root)');
}

