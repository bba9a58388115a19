/**
 * The labelled set of rule detection is what `npm run eval:rules` measures: big enough, labels that name
 * real rules of the sentence's region, several sentences per detectable rule, and a held-out part fixed by
 * the text alone.
 */
import { join } from 'node:path';
import { loadRuleBook } from '../../src/domain/rules/load-catalogs';
import { catalogsOf, findRegion } from '../../src/domain/rules/regions';
import { projectRoot } from '../../src/project-root';
import { heldOut, loadLabelledSet } from '../../src/tools/labelled-set';

const root = projectRoot();
const book = loadRuleBook(join(root, 'templates', 'rules'));
const set = loadLabelledSet(join(root, 'test', 'fixtures', 'rules'));

describe('labelled set', () => {
  it('has at least 300 sentences, 80 of them harmless, none twice', () => {
    expect(set.length).toBeGreaterThanOrEqual(300);
    expect(set.filter((s) => s.accept.length === 0).length).toBeGreaterThanOrEqual(80);
    expect(new Set(set.map((s) => s.text)).size).toBe(set.length);
  });

  it("labels each sentence with rules of its region's catalogs", () => {
    const bad: string[] = [];
    for (const s of set) {
      const region = findRegion(book, s.region);
      if (!region) {
        bad.push(`${s.text}: region ${s.region}`);
        continue;
      }
      const ids = new Set(catalogsOf(book, region).catalogs.flatMap((c) => c.rules.map((r) => r.id)));
      for (const id of s.accept) if (!ids.has(id)) bad.push(`${s.text}: ${id} is not a rule of ${s.region}`);
    }
    expect(bad).toEqual([]);
  });

  it('has at least two sentences for every rule detected from words', () => {
    const count = new Map<string, number>();
    for (const s of set) for (const id of s.accept) count.set(id, (count.get(id) ?? 0) + 1);
    const thin = book.catalogs
      .flatMap((c) => c.rules)
      .filter((r) => !r.detect.manual && (r.detect.keywordSets.length > 0 || r.detect.patterns.length > 0))
      .filter((r) => (count.get(r.id) ?? 0) < 2)
      .map((r) => r.id);
    expect(thin).toEqual([]);
  });

  it('holds out about 30 % by a hash of the text, and keeps the complaints quoted in issue 11 for tuning', () => {
    const held = set.filter((s) => s.part === 'held-out');
    expect(held.length / set.length).toBeGreaterThan(0.2);
    expect(held.length / set.length).toBeLessThan(0.4);
    for (const s of set) if (s.file !== 'issue-11.yaml') expect(s.part === 'held-out').toBe(heldOut(s.text));
    const quoted = set.filter((s) => s.file === 'issue-11.yaml');
    expect(quoted.length).toBeGreaterThanOrEqual(8);
    expect(quoted.every((s) => s.part === 'tuning')).toBe(true);
    expect(heldOut('我们学校被评为文明校园，下周挂牌')).toBe(heldOut('我们学校被评为文明校园，下周挂牌'));
  });
});
