import {
  matchActivity,
  ON_LIST_THRESHOLD,
  prepareActivityName,
  PROBABLY_THRESHOLD,
  similarity,
  type ActivityQuery,
  type ActivityVerdict,
} from '../../../src/domain/rules/match-activity';
import type { WhitelistEntry } from '../../../src/domain/rules/rule';
import { fixture, ruleBook } from './fixtures';

interface ActivityCases {
  whitelist: WhitelistEntry[];
  cases: Array<{ name: string; query: ActivityQuery; entry?: string; verdict: ActivityVerdict }>;
  other_unit: ActivityQuery;
  partial: ActivityQuery;
  dated: ActivityQuery;
  bracketed: string;
  plan: { entries: WhitelistEntry[]; on: ActivityQuery; off: ActivityQuery };
  similarity: { equal: [string, string]; disjoint: [string, string]; pairs: Array<[string, string]> };
  prepare: {
    with_year_and_edition: { in: string; out: string };
    canonical: string;
    alias: string;
    doubled: string;
    generic_only: string;
  };
}

const F = fixture<ActivityCases>('activity-cases.yaml');
const lex = ruleBook().lexicon.activity;
const whitelist = F.whitelist;

describe('matchActivity against a whitelist', () => {
  it.each(F.cases)('$name', ({ query, entry, verdict }) => {
    const m = matchActivity(query, whitelist, lex);
    expect(m.verdict).toBe(verdict);
    if (entry) expect(m.entry?.id).toBe(entry);
    expect(m.score).toBeGreaterThanOrEqual(0);
    expect(m.score).toBeLessThanOrEqual(1);
  });

  it('the same name run by a clearly different body is only "probably" on the list', () => {
    const m = matchActivity(F.other_unit, whitelist, lex);
    expect(m.entry?.id).toBe('w1');
    expect(m.verdict).toBe('probably');
  });

  it('a partial overlap is "probably" (a person should look)', () => {
    const m = matchActivity(F.partial, whitelist, lex);
    expect(m.verdict).toBe('probably');
    expect(m.score).toBeGreaterThanOrEqual(PROBABLY_THRESHOLD);
    expect(m.score).toBeLessThan(ON_LIST_THRESHOLD);
  });

  it('skips entries for another year when the activity is dated', () => {
    expect(matchActivity({ ...F.dated, date: '2024-05-01' }, whitelist, lex).verdict).toBe('on_list');
    expect(matchActivity({ ...F.dated, date: '2025-05-01' }, whitelist, lex).verdict).toBe('not_on_list');
    expect(matchActivity(F.dated, whitelist, lex).verdict).toBe('on_list');
  });

  it('an empty list gives no entry and not_on_list', () => {
    expect(matchActivity(F.partial, [], lex)).toEqual({ score: 0, nameScore: 0, verdict: 'not_on_list' });
  });

  it('works without a lexicon (punctuation and width only)', () => {
    expect(matchActivity({ name: F.bracketed }, whitelist).verdict).toBe('on_list');
  });

  it('is the same function for inspections against the annual plan', () => {
    expect(matchActivity(F.plan.on, F.plan.entries, lex).verdict).toBe('on_list');
    expect(matchActivity(F.plan.off, F.plan.entries, lex).verdict).toBe('not_on_list');
  });
});

describe('similarity and name preparation', () => {
  it('is 1 for equal names and 0 for disjoint or empty ones', () => {
    expect(similarity(...F.similarity.equal)).toBe(1);
    expect(similarity(...F.similarity.disjoint)).toBe(0);
    expect(similarity('', F.similarity.equal[0])).toBe(0);
  });

  it('is symmetric and bounded', () => {
    for (const [a, b] of F.similarity.pairs) {
      expect(similarity(a, b)).toBe(similarity(b, a));
      expect(similarity(a, b)).toBeGreaterThan(0);
      expect(similarity(a, b)).toBeLessThanOrEqual(1);
    }
  });

  it('strips years, editions, stopwords and applies synonyms without re-expanding canonical forms', () => {
    const P = F.prepare;
    expect(prepareActivityName(P.with_year_and_edition.in, lex)).toBe(P.with_year_and_edition.out);
    expect(prepareActivityName(P.canonical, lex)).toBe(prepareActivityName(P.alias, lex));
    expect(prepareActivityName(P.canonical, lex)).not.toContain(P.doubled);
    // A name made only of generic words falls back to its synonym-normalised form.
    expect(prepareActivityName(P.generic_only, lex)).toBe(P.generic_only);
  });
});
