/**
 * Detection quality on a labelled set (labelled-set.ts), per catalog and overall, for one part:
 * - recall: of the sentences that break a rule, the share whose first match is one of its acceptable rules;
 *   a sentence counts under the catalog of its first acceptable rule;
 * - false alarms: of the harmless sentences, the share that raise any rule (per catalog: any rule of that
 *   catalog, among the harmless sentences of the regions the catalog applies in);
 * - the misses, each with what was raised instead.
 */
import type { RuleBook } from '../domain/rules/load-catalogs';
import { matchRules } from '../domain/rules/match-rules';
import { catalogsOf, findRegion } from '../domain/rules/regions';
import type { RuleMatch } from '../domain/rules/rule';
import type { LabelledSentence, Part } from './labelled-set';

export interface Tally {
  shouldMatch: number;
  recalled: number;
  harmless: number;
  falseAlarms: number;
}

export interface Miss {
  sentence: LabelledSentence;
  got: RuleMatch[];
}

export interface PartFigures {
  part: Part;
  sentences: number;
  overall: Tally;
  /** Keyed by catalog id, in the rule book's order. */
  perCatalog: Map<string, Tally>;
  misses: Miss[];
}

const emptyTally = (): Tally => ({ shouldMatch: 0, recalled: 0, harmless: 0, falseAlarms: 0 });

export function evaluateRules(set: readonly LabelledSentence[], book: RuleBook, part: Part, now: Date): PartFigures {
  const perCatalog = new Map(book.catalogs.map((c) => [c.id, emptyTally()]));
  const overall = emptyTally();
  const misses: Miss[] = [];
  const catalogOf = (ruleId: string) => ruleId.slice(0, ruleId.indexOf('#'));
  const sentences = set.filter((s) => s.part === part);
  for (const s of sentences) {
    const region = findRegion(book, s.region);
    if (!region) throw new Error(`${s.file}: unknown region ${s.region} (regions.yaml abbr)`);
    const { catalogs } = catalogsOf(book, region);
    const got = matchRules(s.subject, catalogs, { now });
    if (s.accept.length > 0) {
      const ok = got.length > 0 && s.accept.includes(got[0]!.ruleId);
      for (const t of [overall, perCatalog.get(catalogOf(s.accept[0]!))]) {
        if (!t) continue;
        t.shouldMatch++;
        if (ok) t.recalled++;
      }
      if (!ok) misses.push({ sentence: s, got });
    } else {
      overall.harmless++;
      if (got.length > 0) {
        overall.falseAlarms++;
        misses.push({ sentence: s, got });
      }
      for (const c of catalogs) {
        const t = perCatalog.get(c.id)!;
        t.harmless++;
        if (got.some((m) => m.catalogId === c.id)) t.falseAlarms++;
      }
    }
  }
  return { part, sentences: sentences.length, overall, perCatalog, misses };
}

export const recall = (t: Tally): number => (t.shouldMatch === 0 ? NaN : t.recalled / t.shouldMatch);
export const falseAlarmRate = (t: Tally): number => (t.harmless === 0 ? NaN : t.falseAlarms / t.harmless);
