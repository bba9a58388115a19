import { matchRules, type MatchContext } from '../../../src/domain/rules/match-rules';
import type { Catalog, DatedItem, RuleSubject, WhitelistEntry } from '../../../src/domain/rules/rule';
import { fixture, ruleBook } from './fixtures';

type Case = string | Partial<RuleSubject>;
interface Cases {
  keyword_rules: Array<{ rule: string; positive: Case[]; negative: Case[] }>;
  negation: Array<{ name: string; text: string; raised: boolean }>;
  sentences: Record<
    'negated_app' | 'safety_video' | 'app_register' | 'full_width' | 'one_sentence' | 'two_sentences' | 'vote_daily' | 'manual_only',
    string
  >;
  conditions: {
    secondment_to: string;
    whitelist: WhitelistEntry[];
    plan: WhitelistEntry[];
    off_list_activity: DatedItem;
    whitelist_clause_contains: string;
    on_list_variants: Array<{ name: string; activity: DatedItem }>;
    report_item: { itemName: string; organisingUnit: string };
    off_plan_inspection: DatedItem;
    on_plan_inspection: DatedItem;
  };
  benign: { whitelist: WhitelistEntry[]; plan: WhitelistEntry[]; subjects: Array<{ name: string; subject: RuleSubject }> };
}

const F = fixture<Cases>('rule-cases.yaml');
const S = F.sentences;
const all = ruleBook().catalogs;
const catalogOf = (ruleId: string): Catalog => {
  const c = all.find((x) => ruleId.startsWith(`${x.id}#`));
  if (!c) throw new Error(`no catalog for ${ruleId}`);
  return c;
};
const now = new Date('2025-11-10T10:00:00+08:00');
const ctx: MatchContext = { now };

const subjectOf = (c: Case): RuleSubject => (typeof c === 'string' ? { kind: 'complaint', content: c } : { kind: 'complaint', ...c });
const idsFor = (c: Case, catalogs: readonly Catalog[] = all, extra: Partial<MatchContext> = {}) =>
  matchRules(subjectOf(c), catalogs, { ...ctx, ...extra }).map((m) => m.ruleId);

describe('keyword and pattern rules: positives and near misses (fixtures/rule-cases.yaml)', () => {
  it('the fixtures cover every keyword or pattern rule of every catalog, with a positive and a negative each', () => {
    const detectable = all.flatMap((c) =>
      c.rules.filter((r) => !r.detect.manual && (r.detect.keywordSets.length > 0 || r.detect.patterns.length > 0)).map((r) => r.id),
    );
    const covered = new Set(F.keyword_rules.filter((t) => t.positive.length > 0 && t.negative.length > 0).map((t) => t.rule));
    expect(detectable.filter((id) => !covered.has(id))).toEqual([]);
  });

  describe.each(F.keyword_rules)('$rule', ({ rule, positive, negative }) => {
    it.each(positive.map((p) => [JSON.stringify(p), p] as const))('raises on %s', (_label, c) => {
      const m = matchRules(subjectOf(c), [catalogOf(rule)], ctx).find((x) => x.ruleId === rule);
      expect(m).toBeDefined();
      expect(m!.confidence).toBeGreaterThanOrEqual(0.3);
      expect(m!.confidence).toBeLessThanOrEqual(1);
      expect(m!.evidence.length).toBeGreaterThan(0);
      expect(m!.clause.startsWith(m!.document)).toBe(true);
    });
    it.each(negative.map((n) => [JSON.stringify(n), n] as const))('stays quiet on %s', (_label, c) => {
      expect(idsFor(c, [catalogOf(rule)])).not.toContain(rule);
    });
  });
});

describe('negation and exclusion', () => {
  it('a negated request ("no one asked us to download the APP") matches nothing, and scores low if asked', () => {
    expect(idsFor(S.negated_app)).toEqual([]);
    const weak = matchRules(subjectOf(S.negated_app), all, { now, minConfidence: 0 });
    expect(weak.length).toBeGreaterThan(0);
    for (const m of weak) {
      expect(m.confidence).toBeLessThan(0.3);
      expect(m.evidence).toMatch(/negated/);
    }
  });

  it('watching a safety video at school does not trigger APP voting', () => {
    expect(idsFor(S.safety_video)).toEqual([]);
  });

  const appRules = ['nmg-2020-3#15', 'anshun-2021-3#6', 'anshun-2021-3#7'];
  it.each(F.negation)('$name', ({ text, raised }) => {
    expect(idsFor(text).some((id) => appRules.includes(id))).toBe(raised);
  });

  it('normalises full-width letters, case and whitespace', () => {
    expect(idsFor(S.full_width)).toContain('nmg-2020-3#15');
  });

  it('scores words in one sentence above words spread over sentences', () => {
    const one = matchRules(subjectOf(S.one_sentence), all, ctx).find((m) => m.ruleId === 'nmg-2020-3#15')!;
    const two = matchRules(subjectOf(S.two_sentences), all, ctx).find((m) => m.ruleId === 'nmg-2020-3#15')!;
    expect(one).toBeDefined();
    expect(two).toBeDefined();
    expect(one.confidence).toBeGreaterThan(two.confidence);
  });
});

describe('condition rules', () => {
  const C = F.conditions;

  it.each([
    ['7 months', '2025-04-01', true],
    ['5 months', '2025-06-01', false],
    ['exactly 6 months', '2025-05-10', false],
    ['6 months and a day', '2025-05-09', true],
    ['starting in the future', '2026-01-01', false],
  ])('secondment %s -> %p', (_n, since, raised) => {
    const ms = matchRules({ kind: 'monthly', secondments: [{ to: C.secondment_to, since }] }, [catalogOf('nmg-2020-3#20')], ctx);
    expect(ms.some((m) => m.ruleId === 'nmg-2020-3#20')).toBe(raised);
  });

  it('secondment evidence names the unit, the start and the limit', () => {
    const [m] = matchRules({ kind: 'monthly', secondments: [{ to: C.secondment_to, since: '2025-04-01' }] }, [catalogOf('nmg-2020-3#20')], ctx);
    expect(m!.evidence).toContain(C.secondment_to);
    expect(m!.evidence).toContain('2025-04-01');
    expect(m!.condition).toMatchObject({ name: 'secondment_longer_than_months', facts: { months: 7, limit: 6 } });
    expect(m!.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('the 6-month condition is also in the Xinxiang secondment category', () => {
    const ms = matchRules({ kind: 'monthly', secondments: [{ to: C.secondment_to, since: '2025-01-01' }] }, all, ctx).map((m) => m.ruleId);
    expect(ms).toEqual(expect.arrayContaining(['nmg-2020-3#20', 'xinxiang-2024-2#5']));
  });

  it.each([
    [80, true],
    [72, false],
    [60, false],
  ])('training %p hours -> %p', (hours, raised) => {
    const ms = matchRules({ kind: 'monthly', trainingHoursThisYear: hours }, [catalogOf('nmg-2020-3#22')], ctx);
    expect(ms.some((m) => m.ruleId === 'nmg-2020-3#22')).toBe(raised);
  });

  it('an activity not on the whitelist raises the whitelist rule', () => {
    const ms = matchRules({ kind: 'monthly', activities: [C.off_list_activity] }, [catalogOf('xinxiang-2024-2#whitelist')], { ...ctx, whitelist: C.whitelist });
    const m = ms.find((x) => x.ruleId === 'xinxiang-2024-2#whitelist');
    expect(m).toBeDefined();
    expect(m!.evidence).toContain(C.off_list_activity.name);
    expect(m!.clause).toContain(C.whitelist_clause_contains);
    expect(m!.condition?.name).toBe('activity_not_on_whitelist');
    expect(m!.evidence).not.toContain('0.00'); // no "closest" entry when nothing is similar
  });

  it.each(C.on_list_variants)('an activity on the list under $name raises nothing', ({ activity }) => {
    expect(matchRules({ kind: 'monthly', activities: [activity] }, all, { ...ctx, whitelist: C.whitelist })).toEqual([]);
  });

  it('without a whitelist (or with an empty one) no whitelist verdict is made', () => {
    const subject: RuleSubject = { kind: 'monthly', activities: [C.off_list_activity] };
    const cats = [catalogOf('xinxiang-2024-2#whitelist')];
    expect(matchRules(subject, cats, ctx).map((m) => m.ruleId)).not.toContain('xinxiang-2024-2#whitelist');
    expect(matchRules(subject, cats, { ...ctx, whitelist: [] }).map((m) => m.ruleId)).not.toContain('xinxiang-2024-2#whitelist');
  });

  it('without a list, an item the school declared not on it raises the rule, a little less sure; an imported list decides', () => {
    const declared = (onList: 'yes' | 'no' | 'unknown'): RuleSubject => ({ kind: 'monthly', activities: [{ ...C.off_list_activity, declaredOnList: onList }] });
    const cats = [catalogOf('xinxiang-2024-2#whitelist')];
    const m = matchRules(declared('no'), cats, ctx).find((x) => x.ruleId === 'xinxiang-2024-2#whitelist');
    expect(m).toMatchObject({ condition: { name: 'activity_not_on_whitelist', facts: { declared: 'no' } } });
    expect(m!.evidence).toContain(`学校填报“${C.off_list_activity.name}”未列入白名单`);
    expect(m!.confidence).toBeLessThan(0.9);
    for (const onList of ['yes', 'unknown'] as const) {
      expect(matchRules(declared(onList), cats, ctx).map((x) => x.ruleId)).not.toContain('xinxiang-2024-2#whitelist');
    }
    // With a list, the list's verdict stands whatever was declared: on the list under another name, nothing.
    const onListed = { ...C.on_list_variants[0]!.activity, declaredOnList: 'no' as const };
    expect(matchRules({ kind: 'monthly', activities: [onListed] }, cats, { ...ctx, whitelist: C.whitelist })).toEqual([]);
  });

  it('a campus_affairs report is checked against the whitelist by its item name and unit', () => {
    const s: RuleSubject = { kind: 'burden', category: 'campus_affairs', ...C.report_item };
    expect(matchRules(s, [catalogOf('xinxiang-2024-2#whitelist')], { ...ctx, whitelist: C.whitelist }).map((m) => m.ruleId)).toContain(
      'xinxiang-2024-2#whitelist',
    );
  });

  it('an inspection not on the annual plan raises the plan rules; one on the plan does not', () => {
    const off = idsFor({ kind: 'monthly', inspections: [C.off_plan_inspection] }, all, { inspectionPlan: C.plan });
    expect(off).toEqual(
      expect.arrayContaining(['nmg-2020-3#1', 'anshun-2021-3#1', 'ningxia-2023-95#1.inspection-plan', 'sanmenxia-2022-110#2.inspection-plan']),
    );
    expect(idsFor({ kind: 'monthly', inspections: [C.on_plan_inspection] }, all, { inspectionPlan: C.plan })).toEqual([]);
  });

  it('an approved inspection does not break the "without approval" list item', () => {
    const ids = idsFor({ kind: 'monthly', inspections: [C.off_plan_inspection], approved: 'yes' }, all, { inspectionPlan: C.plan });
    expect(ids).not.toContain('anshun-2021-3#1');
    expect(ids).toContain('nmg-2020-3#1');
  });

  it.each<[string, Partial<RuleSubject>, Date, boolean]>([
    ['not submitted, deadline passed', { period: '2025-10' }, new Date('2025-10-31T00:00:00+08:00'), true],
    ['not submitted, still the deadline day', { period: '2025-10' }, new Date('2025-10-30T23:59:00+08:00'), false],
    ['submitted late', { period: '2025-09', submittedAt: new Date('2025-10-01T09:00:00+08:00') }, now, true],
    ['submitted on time', { period: '2025-09', submittedAt: new Date('2025-09-30T20:00:00+08:00') }, now, false],
    ['February is due on the 28th', { period: '2026-02' }, new Date('2026-03-01T00:00:00+08:00'), true],
    ['not a monthly answer', { kind: 'complaint', period: '2025-09' }, now, false],
  ])('monthly report: %s', (_n, fields, at, raised) => {
    const ms = matchRules({ kind: 'monthly', ...fields }, [catalogOf('ningxia-2023-95#3.monthly-report')], { now: at });
    expect(ms.some((m) => m.ruleId === 'ningxia-2023-95#3.monthly-report')).toBe(raised);
  });
});

describe('reports that break nothing', () => {
  it.each(F.benign.subjects)('$name raises nothing', ({ subject }) => {
    const s: RuleSubject = subject.kind === 'monthly' ? { ...subject, submittedAt: new Date('2025-10-28T10:00:00+08:00') } : subject;
    expect(matchRules(s, all, { now, whitelist: F.benign.whitelist, inspectionPlan: F.benign.plan })).toEqual([]);
  });
});

describe('result shape, order and dedupe', () => {
  it('returns full citations sorted by confidence, then document order', () => {
    const ms = matchRules(subjectOf(S.app_register), all, ctx);
    expect(ms.length).toBeGreaterThan(1);
    for (let i = 1; i < ms.length; i++) expect(ms[i - 1]!.confidence).toBeGreaterThanOrEqual(ms[i]!.confidence);
    const m = ms.find((x) => x.ruleId === 'nmg-2020-3#15')!;
    const nmg = catalogOf('nmg-2020-3#15');
    expect(m).toMatchObject({
      catalogId: 'nmg-2020-3',
      document: nmg.document,
      item: '15',
      clause: nmg.rules.find((r) => r.id === 'nmg-2020-3#15')!.clause,
      category: 'campus_affairs',
    });
    expect(m.summary.length).toBeGreaterThan(0);
    expect(m.excerpt).toContain('app');
    // Ties keep the order the catalogs were given in.
    const order = all.map((c) => c.id);
    const tied = ms.filter((x) => x.confidence === m.confidence).map((x) => order.indexOf(x.catalogId));
    expect([...tied].sort((a, b) => a - b)).toEqual(tied);
  });

  it('cites each clause once even if the same catalog is passed twice', () => {
    const c = catalogOf('nmg-2020-3#15');
    const clauses = matchRules(subjectOf(S.vote_daily), [c, c], ctx).map((m) => m.clause);
    expect(clauses.length).toBeGreaterThan(0);
    expect(new Set(clauses).size).toBe(clauses.length);
  });

  it('the subject category adds a little confidence', () => {
    const c = [catalogOf('nmg-2020-3#15')];
    const plain = matchRules(subjectOf(S.vote_daily), c, ctx).find((m) => m.ruleId === 'nmg-2020-3#15')!;
    const cat = matchRules(subjectOf({ content: S.vote_daily, category: 'campus_affairs' }), c, ctx).find((m) => m.ruleId === 'nmg-2020-3#15')!;
    expect(cat.confidence).toBeGreaterThan(plain.confidence);
  });

  it('manual rules are never raised automatically', () => {
    const manual = all.flatMap((c) => c.rules.filter((r) => r.detect.manual).map((r) => r.id));
    expect(manual).toEqual(expect.arrayContaining(['xinxiang-2024-2#8', 'ningxia-2023-95#2.participation']));
    const ids = matchRules(subjectOf(S.manual_only), all, { now, minConfidence: 0 }).map((m) => m.ruleId);
    expect(ids.filter((id) => manual.includes(id))).toEqual([]);
  });

  it('an empty subject raises nothing', () => {
    expect(matchRules({ kind: 'burden' }, all, ctx)).toEqual([]);
  });
});
