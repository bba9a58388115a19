/** Numbers and durations as people write them, and what they feed: the secondment and training conditions. */
import { matchRules } from '../../../src/domain/rules/match-rules';
import { parseNumber, readDurations, readHours } from '../../../src/domain/rules/read-quantities';
import { ruleBook } from './fixtures';

const book = ruleBook();
const q = book.lexicon.quantities!;
const nmg = book.catalogs.filter((c) => c.id === 'nmg-2020-3');
const now = new Date('2026-11-26T10:00:00+08:00');
const match = (content: string) => matchRules({ kind: 'complaint', content }, nmg, { now });

describe('read-quantities', () => {
  it.each([
    ['80', 80],
    ['八', 8],
    ['十五', 15],
    ['二十', 20],
    ['一百二十', 120],
    ['两', 2],
  ])('reads %s as %d', (s, n) => expect(parseNumber(s, q)).toBe(n));

  it('reads durations in months, and not a month of the year, a grade or "this month"', () => {
    const months = (t: string) => readDurations(t, q, '2026-11').map((d) => d.value);
    expect(months('前后八个月了')).toEqual([8]);
    expect(months('借调到宣传部半年多了')).toEqual([7]);
    expect(months('被借调到镇上两年了')).toEqual([24]);
    expect(months('去年九月被抽调到乡政府')).toEqual([14]);
    expect(months('九月开学，三年级，这两个月')).toEqual([]);
  });

  it('reads hours of training', () => {
    expect(readHours('网上培训被要求刷满80学时', q).map((h) => h.value)).toEqual([80]);
    expect(readHours('一年下来光网课就九十多课时', q).map((h) => h.value)).toEqual([90]);
  });
});

describe('durations and hours in the text feed the conditions', () => {
  it('a secondment said to last eight months breaks the six-month limit, with the facts in words', () => {
    const m = match('我们学校英语老师被抽走去县里帮忙，说好一个月，前后八个月了还没回来').find((x) => x.ruleId === 'nmg-2020-3#20');
    expect(m).toBeDefined();
    expect(m!.condition).toMatchObject({ name: 'secondment_longer_than_months', facts: { months: 8, limit: 6 } });
    expect(m!.evidence).toContain('“八个月”');
  });

  it('a secondment of two months, one that has ended, or one that did not happen breaks nothing', () => {
    for (const text of ['老师被借调两个月，下周回来', '去年九月借调到教育局，已经返岗', '今年没有老师被借调，前后八个月都在学校']) {
      expect(match(text).map((x) => x.condition?.name)).not.toContain('secondment_longer_than_months');
    }
  });

  it('training over 72 hours a year raises the training rule as 中 (新课改 training is allowed), under it nothing', () => {
    const m = match('今年网上研修要完成一百二十个学时').find((x) => x.ruleId === 'nmg-2020-3#22');
    expect(m?.condition).toMatchObject({ name: 'training_hours_per_year_over', facts: { hours: 120, limit: 72 } });
    expect(m!.confidence).toBeLessThan(0.8);
    expect(match('今年的继续教育五十个学时，按要求完成了')).toEqual([]);
  });
});

describe('paraphrases and hypotheticals', () => {
  it('reads 投三票 as 投票 and says so in the evidence', () => {
    const [m] = match('市里搞了个评选，每人每天投三票');
    expect(m).toMatchObject({ ruleId: 'nmg-2020-3#15' });
    expect(m!.evidence).toContain('“投三票”→投票');
  });

  it('a hypothetical cancels the match, a threat in it does not', () => {
    expect(match('如果以后再让我们上街执勤，我就反映')).toEqual([]);
    expect(match('要是不给公众号投票就通报批评，每人每天都要投').map((x) => x.ruleId)).toContain('nmg-2020-3#15');
  });
});
