import { parseWhen } from '../../../src/core/parsers';

// Monday 23 November 2026, 10:00 in Shanghai.
const now = new Date('2026-11-23T02:00:00Z');
const when = (text: string, monthOk = false) => parseWhen(text, { now, monthOk });

describe('parseWhen', () => {
  it.each([
    ['6月5日', { from: '2026-06-05' }],
    ['11月20日到11月30日', { from: '2026-11-20', to: '2026-11-30' }],
    ['11月2日至6日', { from: '2026-11-02', to: '2026-11-06' }],
    ['上周一到上周五', { from: '2026-11-16', to: '2026-11-20' }],
    ['下周五', { from: '2026-12-04', planned: true }],
    ['下周一到下周三', { from: '2026-11-30', to: '2026-12-02', planned: true }],
    // Without a year, a day still to come is last year's, as for a single day.
    ['12月10日到12月12日', { from: '2025-12-10', to: '2025-12-12' }],
  ])('%s', (text, value) => {
    expect(when(text)).toEqual({ ok: true, value });
  });

  it('a month is a month only where the day does not matter', () => {
    expect(when('去年9月', true)).toEqual({ ok: true, value: { from: '2025-09-01', month: true } });
    expect(when('2025年3月份', true)).toEqual({ ok: true, value: { from: '2025-03-01', month: true } });
    expect(when('十二月', true)).toEqual({ ok: true, value: { from: '2025-12-01', month: true } });
    expect(when('去年9月')).toEqual({ ok: false, hint: 'date_incomplete' });
  });

  it('refuses a reversed range and passes on what a date reader refuses', () => {
    expect(when('11月22日到11月20日')).toEqual({ ok: false, hint: 'date_range_reversed' });
    expect(when('2月30日')).toEqual({ ok: false, hint: 'date_invalid' });
    expect(when('前几天')).toMatchObject({ ok: false });
  });
});
