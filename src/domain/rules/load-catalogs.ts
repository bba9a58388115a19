/**
 * Reads and validates the rule data in templates/rules/:
 *   <catalog-id>.yaml   one catalog per source document (file name = catalog id)
 *   categories.yaml     the 8 problem categories
 *   regions.yaml        which catalogs apply where
 *   lexicon.yaml        matching vocabulary shared by all catalogs (negation, "@sets", evidence, activity names)
 * Errors name the file, the rule id and the field. Keywords are normalised and regexes compiled once, here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  CatalogError,
  catalogHeaderSchema,
  categoriesSchema,
  check,
  detectorSchema,
  manualSchema,
  readYaml,
  regionsSchema,
  ruleSchema,
} from './catalog-schemas';
import { normaliseText } from './normalise';
import { parseLexicon } from './parse-lexicon';
import { addWords } from './segment-words';
import {
  CATEGORY_CODES,
  type Catalog,
  type Category,
  type CompiledPattern,
  type Condition,
  type Detect,
  type KeywordSet,
  type Lexicon,
  type Rule,
} from './rule';

export { CatalogError } from './catalog-schemas';
export { parseLexicon } from './parse-lexicon';

export const RESERVED_FILES = ['categories.yaml', 'regions.yaml', 'lexicon.yaml'] as const;

export interface RegionCatalogRef {
  id: string;
  as: 'binding' | 'reference';
}
export interface Region {
  /** GB/T 2260 division code prefix (2, 4 or 6 digits); '' for the default. */
  code: string;
  /** Short name in capitals ("NX"), as case numbers and `rules:match --region` write it. */
  abbr?: string;
  name: string;
  catalogs: RegionCatalogRef[];
}
export interface RegionTable {
  default: Region;
  regions: Region[];
}

export interface RuleBook {
  catalogs: Catalog[];
  categories: Category[];
  regions: RegionTable;
  lexicon: Lexicon;
}

function uniqueNormalised(words: string[]): string[] {
  return [...new Set(words.map(normaliseText).filter((w) => w.length > 0))];
}

// ---------- lexicon, categories, regions ----------

export function parseCategories(yamlText: string, file = 'categories.yaml'): Category[] {
  const raw = check(categoriesSchema, readYaml(yamlText, file), file);
  const cats = [...raw.categories].sort((a, b) => a.order - b.order);
  const codes = cats.map((c) => c.code).join(',');
  if (codes !== CATEGORY_CODES.join(',')) {
    throw new CatalogError(file, `categories must be exactly ${CATEGORY_CODES.join(', ')} in order 1..8 (got ${codes})`);
  }
  cats.forEach((c, i) => {
    if (c.order !== i + 1) throw new CatalogError(file, `orders must be 1..8 without gaps`, undefined, `categories.${i}.order`);
  });
  return cats.map((c) => ({ code: c.code, numeral: c.numeral, order: c.order, name: c.name, aliases: c.aliases }));
}

export function parseRegions(yamlText: string, knownCatalogIds: readonly string[], file = 'regions.yaml'): RegionTable {
  const raw = check(regionsSchema, readYaml(yamlText, file), file);
  const known = new Set(knownCatalogIds);
  const checkRefs = (refs: RegionCatalogRef[], field: string) => {
    const seen = new Set<string>();
    refs.forEach((r, i) => {
      if (!known.has(r.id)) throw new CatalogError(file, `unknown catalog ${r.id}`, undefined, `${field}.${i}.id`);
      if (seen.has(r.id)) throw new CatalogError(file, `catalog ${r.id} listed twice`, undefined, `${field}.${i}.id`);
      seen.add(r.id);
    });
  };
  checkRefs(raw.default.catalogs, 'default.catalogs');
  const codes = new Set<string>();
  const abbrs = new Set<string>([raw.default.abbr]);
  raw.regions.forEach((r, i) => {
    if (codes.has(r.code)) throw new CatalogError(file, `region code ${r.code} listed twice`, undefined, `regions.${i}.code`);
    if (r.abbr !== undefined && abbrs.has(r.abbr)) throw new CatalogError(file, `region abbreviation ${r.abbr} listed twice`, undefined, `regions.${i}.abbr`);
    codes.add(r.code);
    if (r.abbr !== undefined) abbrs.add(r.abbr);
    checkRefs(r.catalogs, `regions.${i}.catalogs`);
  });
  return {
    default: { code: '', abbr: raw.default.abbr, name: raw.default.name, catalogs: raw.default.catalogs },
    regions: raw.regions.map((r) => ({ code: r.code, ...(r.abbr !== undefined ? { abbr: r.abbr } : {}), name: r.name, catalogs: r.catalogs })),
  };
}

// ---------- catalogs ----------

function compileDetect(raw: Record<string, unknown>, lexicon: Lexicon, file: string, ruleId: string): Detect {
  if ('manual' in raw) {
    check(manualSchema, raw, file, ruleId, 'detect');
    return { manual: true };
  }
  const d = check(detectorSchema, raw, file, ruleId, 'detect');
  const sets = d.keywords === undefined ? [] : Array.isArray(d.keywords) ? d.keywords : [d.keywords];
  const keywordSets: KeywordSet[] = sets.map((s, si) => {
    const groups = s.all.map((g, gi) => {
      const field = `detect.keywords.${si}.all.${gi}`;
      if (typeof g === 'string') {
        const words = lexicon.sets[g.slice(1)];
        if (!words) throw new CatalogError(file, `unknown word set ${g} (define it under sets: in lexicon.yaml)`, ruleId, field);
        return words;
      }
      const words = uniqueNormalised(g);
      if (words.length === 0) throw new CatalogError(file, 'group is empty after normalisation', ruleId, field);
      return words;
    });
    const owner = new Map<string, number>();
    groups.forEach((words, gi) => {
      for (const w of words) {
        const prev = owner.get(w);
        if (prev !== undefined && prev !== gi) {
          throw new CatalogError(file, `"${w}" is in groups ${prev} and ${gi}; one word cannot satisfy two groups`, ruleId, `detect.keywords.${si}.all`);
        }
        owner.set(w, gi);
      }
    });
    // The segmenter keeps a keyword one word (so that it counts whole when measuring coverage).
    for (const words of groups) addWords(words);
    return { groups, weight: s.weight ?? 1 };
  });
  const patterns: CompiledPattern[] = (d.patterns ?? []).map((p, i) => {
    const field = `detect.patterns.${i}`;
    if (p !== p.normalize('NFKC') || /[A-Z\s]/.test(p.replace(/\\[A-Za-z]/g, ''))) {
      throw new CatalogError(
        file,
        'patterns run on normalised text (NFKC, lower case, no whitespace): write half-width punctuation, lower case, no spaces',
        ruleId,
        field,
      );
    }
    try {
      return { source: p, re: new RegExp(p, 'u') };
    } catch (e) {
      throw new CatalogError(file, `bad regex: ${(e as Error).message}`, ruleId, field);
    }
  });
  let condition: Condition | undefined;
  if (d.condition) {
    const c = d.condition;
    if (c.secondment_longer_than_months !== undefined) condition = { name: 'secondment_longer_than_months', months: c.secondment_longer_than_months };
    else if (c.training_hours_per_year_over !== undefined) condition = { name: 'training_hours_per_year_over', hours: c.training_hours_per_year_over };
    else if (c.activity_not_on_whitelist) condition = { name: 'activity_not_on_whitelist' };
    else if (c.inspection_not_on_plan) condition = { name: 'inspection_not_on_plan' };
    else condition = { name: 'monthly_report_missing' };
  }
  if (d.unless_approved && d.only_if_unapproved) {
    throw new CatalogError(file, 'use either unless_approved or only_if_unapproved', ruleId, 'detect');
  }
  return {
    manual: false,
    keywordSets,
    patterns,
    exclude: uniqueNormalised(d.exclude ?? []),
    unlessApproved: d.unless_approved ?? false,
    onlyIfUnapproved: d.only_if_unapproved ?? false,
    ...(condition ? { condition } : {}),
  };
}

/** Parse one catalog file. `file` is used in errors and, when it ends in .yaml, must equal `<id>.yaml`. */
export function parseCatalog(yamlText: string, file: string, lexicon: Lexicon): Catalog {
  const head = check(catalogHeaderSchema, readYaml(yamlText, file), file);
  if (file.endsWith('.yaml') && basename(file) !== `${head.id}.yaml`) {
    throw new CatalogError(file, `catalog id ${head.id} must match the file name`, undefined, 'id');
  }
  const ids = new Set<string>();
  const rules: Rule[] = head.rules.map((rawRule, i) => {
    const hint = (rawRule as { id?: unknown } | null)?.id;
    const label = typeof hint === 'string' ? hint : `#${i}`;
    const r = check(ruleSchema, rawRule, file, label, `rules.${i}`);
    const prefix = `${head.id}#`;
    if (!r.id.startsWith(prefix) || !/^[a-z0-9][a-z0-9.-]*$/.test(r.id.slice(prefix.length))) {
      throw new CatalogError(file, `rule ids are ${prefix}<item> (ASCII letters, digits, . and -)`, r.id, 'id');
    }
    if (ids.has(r.id)) throw new CatalogError(file, 'duplicate rule id', r.id, 'id');
    ids.add(r.id);
    if (!r.clause.startsWith(head.document)) {
      throw new CatalogError(file, `clause must start with the document number ${head.document}`, r.id, 'clause');
    }
    return {
      id: r.id,
      item: r.item,
      section: r.section,
      category: r.category,
      summary: r.summary,
      clause: r.clause,
      detect: compileDetect(r.detect, lexicon, file, r.id),
    };
  });
  return {
    id: head.id,
    version: head.version,
    document: head.document,
    issuer: head.issuer,
    date: head.date,
    title: head.title,
    ...(head.note !== undefined ? { note: head.note } : {}),
    source: file,
    rules,
    lexicon,
  };
}

/** Names of the catalog files in a directory (every *.yaml except the reserved ones), sorted. */
export function catalogFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !(RESERVED_FILES as readonly string[]).includes(f))
    .sort();
}

/** Load and cross-check everything in templates/rules (default: <cwd>/templates/rules). */
export function loadRuleBook(dir: string = join(process.cwd(), 'templates', 'rules')): RuleBook {
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const lexicon = parseLexicon(read('lexicon.yaml'), 'lexicon.yaml');
  const categories = parseCategories(read('categories.yaml'), 'categories.yaml');
  const catalogs: Catalog[] = [];
  const ruleOwner = new Map<string, string>();
  for (const f of catalogFiles(dir)) {
    const c = parseCatalog(read(f), f, lexicon);
    if (catalogs.some((x) => x.id === c.id)) throw new CatalogError(f, `duplicate catalog id ${c.id}`, undefined, 'id');
    for (const r of c.rules) {
      const other = ruleOwner.get(r.id);
      if (other) throw new CatalogError(f, `duplicate rule id (also in ${other})`, r.id, 'id');
      ruleOwner.set(r.id, f);
    }
    catalogs.push(c);
  }
  const regions = parseRegions(read('regions.yaml'), catalogs.map((c) => c.id), 'regions.yaml');
  return { catalogs, categories, regions, lexicon };
}

/** Convenience: just the catalogs. */
export function loadCatalogs(dir?: string): Catalog[] {
  return loadRuleBook(dir).catalogs;
}
