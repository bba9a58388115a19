import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CatalogError,
  catalogFiles,
  loadRuleBook,
  parseCatalog,
  parseCategories,
  parseLexicon,
  parseRegions,
} from '../../../src/domain/rules/load-catalogs';
import { catalogsForRegion, resolveRegion } from '../../../src/domain/rules/regions';
import { CATEGORY_CODES, type Catalog } from '../../../src/domain/rules/rule';
import { fixture, RULES_DIR as DIR } from './fixtures';

interface Expectations {
  documents: Record<string, string>;
  nmg_sections: Array<{ contains: string; size: number }>;
  nmg_item15_clause: string;
  xinxiang_category_items: string[];
  xinxiang_category_item_pattern: string;
  categories: Array<[string, string, string]>;
  regions: Array<{ code: string; name_contains: string }>;
}
const X = fixture<Expectations>('catalog-expectations.yaml');
const book = loadRuleBook(DIR);
const byId = (id: string): Catalog => {
  const c = book.catalogs.find((x) => x.id === id);
  if (!c) throw new Error(`no catalog ${id}`);
  return c;
};
const lexiconText = readFileSync(join(DIR, 'lexicon.yaml'), 'utf8');

describe('rule catalogs in templates/rules', () => {
  it('finds the five catalogs', () => {
    expect(book.catalogs.map((c) => c.id).sort()).toEqual([
      'anshun-2021-3',
      'ningxia-2023-95',
      'nmg-2020-3',
      'sanmenxia-2022-110',
      'xinxiang-2024-2',
    ]);
  });

  it.each(catalogFiles(DIR))('%s is valid per the schema on its own', (file) => {
    const lexicon = parseLexicon(lexiconText);
    const c = parseCatalog(readFileSync(join(DIR, file), 'utf8'), file, lexicon);
    expect(`${c.id}.yaml`).toBe(file);
    expect(c.rules.length).toBeGreaterThan(0);
    expect(c.version).toBeGreaterThanOrEqual(1);
    expect(c.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(Object.entries(X.documents))('%s carries document number %s', (id, doc) => {
    expect(byId(id).document).toBe(doc);
  });

  it('nmg-2020-3 has exactly the 26 items in 5 sections (1-6, 7-15, 16-19, 20-22, 23-26)', () => {
    const c = byId('nmg-2020-3');
    expect(c.rules.map((r) => r.item)).toEqual(Array.from({ length: 26 }, (_, i) => String(i + 1)));
    const sections = [...new Set(c.rules.map((r) => r.section))];
    expect(sections).toHaveLength(5);
    sections.forEach((s, i) => {
      expect(s).toContain(X.nmg_sections[i]!.contains);
      expect(c.rules.filter((r) => r.section === s)).toHaveLength(X.nmg_sections[i]!.size);
    });
    expect(c.rules.find((r) => r.item === '15')!.clause).toBe(X.nmg_item15_clause);
  });

  it('anshun-2021-3 has exactly the 19 list items', () => {
    const c = byId('anshun-2021-3');
    expect(c.rules.map((r) => r.item)).toEqual(Array.from({ length: 19 }, (_, i) => String(i + 1)));
  });

  it('xinxiang-2024-2 has the 8 problem categories (1)..(8), one per category code, plus its other rules', () => {
    const c = byId('xinxiang-2024-2');
    const cats = c.rules.filter((r) => new RegExp(X.xinxiang_category_item_pattern, 'u').test(r.item));
    expect(cats.map((r) => r.item)).toEqual(X.xinxiang_category_items);
    expect(cats.map((r) => r.category)).toEqual([...CATEGORY_CODES]);
    const whitelist = c.rules.find((r) => r.id === 'xinxiang-2024-2#whitelist')!;
    expect(whitelist.detect).toMatchObject({ condition: { name: 'activity_not_on_whitelist' } });
  });

  it('ningxia-2023-95 monitors the monthly table, the follower/promotion/APP tasks, flexible hours and the 25% floor', () => {
    const c = byId('ningxia-2023-95');
    const ids = c.rules.map((r) => r.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ningxia-2023-95#3.monthly-report',
        'ningxia-2023-95#5.tasks',
        'ningxia-2023-95#5.flexible-hours',
        'ningxia-2023-95#2.participation',
      ]),
    );
    expect(c.rules.find((r) => r.id === 'ningxia-2023-95#3.monthly-report')!.detect).toMatchObject({
      condition: { name: 'monthly_report_missing' },
    });
    expect(c.rules.find((r) => r.id === 'ningxia-2023-95#2.participation')!.summary).toContain('25%');
  });

  it('every rule cites its own document, has a one-line summary and a known category', () => {
    for (const c of book.catalogs) {
      for (const r of c.rules) {
        expect(r.clause.startsWith(c.document)).toBe(true);
        expect(r.id.startsWith(`${c.id}#`)).toBe(true);
        expect(r.summary).not.toMatch(/\n/);
        expect(CATEGORY_CODES).toContain(r.category);
      }
    }
  });

  it('rule ids are unique across all catalogs', () => {
    const ids = book.catalogs.flatMap((c) => c.rules.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('compiles keywords (normalised, "@sets" expanded) and regexes once', () => {
    const r15 = byId('nmg-2020-3').rules.find((r) => r.id === 'nmg-2020-3#15')!;
    if (r15.detect.manual) throw new Error('expected detectors');
    expect(r15.detect.keywordSets[0]!.groups[0]).toContain('app');
    const r20 = byId('nmg-2020-3').rules.find((r) => r.id === 'nmg-2020-3#20')!;
    if (r20.detect.manual) throw new Error('expected detectors');
    expect(r20.detect.patterns[0]!.re).toBeInstanceOf(RegExp);
    expect(r20.detect.keywordSets[0]!.groups[0]).toEqual(book.lexicon.sets['secondment_words']);
  });
});

describe('categories.yaml', () => {
  it('lists the 8 categories of the Xinxiang document with their names as printed', () => {
    expect(book.categories.map((c) => [c.numeral, c.code, c.name])).toEqual(X.categories);
  });

  it('rejects a file that does not list exactly the 8 codes', () => {
    expect(() => parseCategories('categories:\n  - { code: other, numeral: VIII, order: 8, name: other, aliases: [] }\n')).toThrow(
      /categories must be exactly/,
    );
  });
});

describe('regions.yaml', () => {
  it.each(X.regions)('resolves $code by longest division-code prefix', ({ code, name_contains }) => {
    expect(resolveRegion(book, code).name).toContain(name_contains);
  });

  it('falls back to the default region', () => {
    expect(resolveRegion(book, '520102').code).toBe('52');
    expect(resolveRegion(book, '110101')).toBe(book.regions.default);
    expect(resolveRegion(book, undefined)).toBe(book.regions.default);
  });

  it('puts the binding catalogs first', () => {
    const nx = catalogsForRegion(book, '640100');
    expect(nx.catalogs.map((c) => c.id)).toEqual(['ningxia-2023-95', 'nmg-2020-3', 'xinxiang-2024-2']);
    expect([...nx.binding]).toEqual(['ningxia-2023-95']);
    expect(catalogsForRegion(book, '990000').binding.size).toBe(0);
  });

  it('rejects unknown catalog ids', () => {
    const yaml = 'default:\n  name: x\n  catalogs: [{ id: nope, as: reference }]\nregions: []\n';
    expect(() => parseRegions(yaml, ['nmg-2020-3'])).toThrow(/regions\.yaml: default\.catalogs\.0\.id: unknown catalog nope/);
  });
});

describe('validation errors name file, rule and field', () => {
  const lexicon = parseLexicon(lexiconText);
  const head = 'id: demo-1\nversion: 1\ndocument: T-2024-1\nissuer: issuer\ndate: "2024-01-01"\ntitle: title\nrules:\n';
  const rule = (id: string, extra: string) =>
    `  - id: ${id}\n    item: "1"\n    section: one\n    category: other\n    summary: summary\n    clause: T-2024-1 item 1\n${extra}`;
  const parse = (body: string) => parseCatalog(head + body, 'demo-1.yaml', lexicon);
  const errorOf = (f: () => unknown): CatalogError => {
    try {
      f();
    } catch (e) {
      if (e instanceof CatalogError) return e;
      throw e;
    }
    throw new Error('expected a CatalogError');
  };

  it('accepts a minimal valid catalog', () => {
    expect(parse(rule('demo-1#1', '    detect: { manual: true }\n')).rules).toHaveLength(1);
  });

  it.each([
    ['invalid YAML', 'id: [unclosed\n', undefined, undefined, /invalid YAML/],
    ['bad category', head + rule('demo-1#1', '    detect: { manual: true }\n').replace('other', 'nonsense'), 'demo-1#1', 'rules.0.category', /./],
    ['unknown field', head + rule('demo-1#1', '    detect: { manual: true }\n    colour: red\n'), 'demo-1#1', 'rules.0', /colour/],
    ['duplicate id', head + rule('demo-1#1', '    detect: { manual: true }\n') + rule('demo-1#1', '    detect: { manual: true }\n'), 'demo-1#1', 'id', /duplicate/],
    ['id without catalog prefix', head + rule('other#1', '    detect: { manual: true }\n'), 'other#1', 'id', /demo-1#/],
    ['clause not naming the document', head + rule('demo-1#1', '    detect: { manual: true }\n').replace('clause: T-2024-1 item 1', 'clause: item 1'), 'demo-1#1', 'clause', /document number/],
    ['bad regex', head + rule('demo-1#1', '    detect: { patterns: ["(a"] }\n'), 'demo-1#1', 'detect.patterns.0', /bad regex/],
    ['full-width in regex', head + rule('demo-1#1', '    detect: { patterns: ["\\uff08a\\uff09"] }\n'), 'demo-1#1', 'detect.patterns.0', /half-width/],
    ['unknown word set', head + rule('demo-1#1', '    detect: { keywords: { all: ["@nope"] } }\n'), 'demo-1#1', 'detect.keywords.0.all.0', /unknown word set/],
    ['same word in two groups', head + rule('demo-1#1', '    detect: { keywords: { all: [[vote], [vote, like]] } }\n'), 'demo-1#1', 'detect.keywords.0.all', /two groups/],
    ['two conditions', head + rule('demo-1#1', '    detect: { condition: { inspection_not_on_plan: true, monthly_report_missing: true } }\n'), 'demo-1#1', 'detect.condition', /exactly one/],
    ['unknown condition', head + rule('demo-1#1', '    detect: { condition: { moon_is_full: true } }\n'), 'demo-1#1', 'detect.condition', /moon_is_full/],
    ['empty detect', head + rule('demo-1#1', '    detect: { exclude: [x] }\n'), 'demo-1#1', 'detect', /needs keywords/],
    ['manual mixed with detectors', head + rule('demo-1#1', '    detect: { manual: true, patterns: [x] }\n'), 'demo-1#1', 'detect', /patterns/],
  ])('%s', (_name, yaml, ruleId, field, message) => {
    const e = errorOf(() => parseCatalog(yaml, 'demo-1.yaml', lexicon));
    expect(e.file).toBe('demo-1.yaml');
    expect(e.ruleId).toBe(ruleId);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith('demo-1.yaml: ')).toBe(true);
  });

  it('requires the catalog id to match the file name', () => {
    expect(() => parseCatalog(head + rule('demo-1#1', '    detect: { manual: true }\n'), 'other.yaml', lexicon)).toThrow(
      /must match the file name/,
    );
  });
});
