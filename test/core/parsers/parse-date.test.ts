import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { formatDateZh, parseDate, type DateOptions, type DateResult } from '../../../src/core/parsers/parse-date';

/** 2026-11-23T02:00Z is Monday 2026-11-23 10:00 in Shanghai. */
const MONDAY = new Date('2026-11-23T02:00:00Z');
const SH = 'Asia/Shanghai';

const day = (date: string, rolledBack?: 'year' | 'month' | 'week'): DateResult => ({
  ok: true,
  value: rolledBack ? { date, rolledBack } : { date },
});
const hint = (h: string): DateResult => ({ ok: false, hint: h }) as DateResult;

const at = (now: Date, extra: Partial<DateOptions> = {}): DateOptions => ({ now, timezone: SH, ...extra });

// [input, expected] relative to MONDAY, past dates only.
const MONDAY_TABLE: Array<[string, DateResult]> = [
  // casual days (chrono)
  ['今天', day('2026-11-23')],
  ['今日', day('2026-11-23')],
  ['昨天', day('2026-11-22')],
  ['昨天下午', day('2026-11-22')],
  ['昨晚', day('2026-11-22')],
  ['前天', day('2026-11-21')],
  ['大前天', day('2026-11-20')],
  ['明天', hint('date_in_future')],
  // month/day (chrono), no year: this year unless that is still ahead
  ['6月5日', day('2026-06-05')],
  ['6月5号', day('2026-06-05')],
  ['６月５日', day('2026-06-05')],
  ['6 月 5 日', day('2026-06-05')],
  ['六月五日', day('2026-06-05')],
  ['十月三十一日', day('2026-10-31')],
  ['11月23日', day('2026-11-23')],
  ['11月24日', day('2025-11-24', 'year')],
  ['12月1日', day('2025-12-01', 'year')],
  ['我记得是6月5日那天', day('2026-06-05')],
  ['6月5日（周三）', day('2026-06-05')],
  ['6月5日上午', day('2026-06-05')],
  ['6月5号吧', day('2026-06-05')],
  // full dates
  ['2024-06-05', day('2024-06-05')],
  ['2024-6-5', day('2024-06-05')],
  ['2024/6/5', day('2024-06-05')],
  ['２０２４／６／５', day('2024-06-05')],
  ['2024.6.5', day('2024-06-05')],
  ['2024.06.05', day('2024-06-05')],
  ['20240605', day('2024-06-05')],
  ['24/6/5', day('2024-06-05')],
  ['2024年6月5日', day('2024-06-05')],
  ['2024年06月05日', day('2024-06-05')],
  ['2024 年 6 月 5 日', day('2024-06-05')],
  ['24年6月5日', day('2024-06-05')],
  ['二〇二四年六月五日', day('2024-06-05')],
  ['二零二四年六月五日', day('2024-06-05')],
  ['2025年12月1日', day('2025-12-01')],
  ['2027年1月1日', hint('date_in_future')],
  // month.day without year
  ['6.5', day('2026-06-05')],
  ['6/5', day('2026-06-05')],
  ['12.1', day('2025-12-01', 'year')],
  // relative years
  ['去年6月5日', day('2025-06-05')],
  ['去年的6月5号', day('2025-06-05')],
  ['今年6月5日', day('2026-06-05')],
  ['前年六月五日', day('2024-06-05')],
  ['今年12月1日', hint('date_in_future')],
  // weeks start on Monday (the reference day is a Monday)
  ['上周三', day('2026-11-18')],
  ['上星期三', day('2026-11-18')],
  ['上个礼拜三', day('2026-11-18')],
  ['上周日', day('2026-11-22')],
  ['上周天', day('2026-11-22')],
  ['上周一', day('2026-11-16')],
  ['上上周三', day('2026-11-11')],
  ['本周一', day('2026-11-23')],
  ['这周一', day('2026-11-23')],
  ['这个星期一', day('2026-11-23')],
  ['这周日', hint('date_in_future')],
  ['下周一', hint('date_in_future')],
  ['周一', day('2026-11-23')],
  ['周三', day('2026-11-18', 'week')],
  ['星期天', day('2026-11-22', 'week')],
  ['周3', day('2026-11-18', 'week')],
  ['上周3', day('2026-11-18')],
  ['上周三下午', day('2026-11-18')],
  // ago
  ['3天前', day('2026-11-20')],
  ['三天前', day('2026-11-20')],
  ['３天前', day('2026-11-20')],
  ['两天前', day('2026-11-21')],
  ['5日前', day('2026-11-18')],
  ['10天以前', day('2026-11-13')],
  ['一周前', day('2026-11-16')],
  ['两周前', day('2026-11-09')],
  ['1个星期前', day('2026-11-16')],
  ['一个礼拜之前', day('2026-11-16')],
  ['3个月前', day('2026-08-23')],
  ['1年前', day('2025-11-23')],
  ['0天前', day('2026-11-23')],
  // days of a month
  ['上个月5号', day('2026-10-05')],
  ['上月5日', day('2026-10-05')],
  ['上个月的5号', day('2026-10-05')],
  ['本月5号', day('2026-11-05')],
  ['这个月23号', day('2026-11-23')],
  ['5号', day('2026-11-05')],
  ['五号', day('2026-11-05')],
  ['23号', day('2026-11-23')],
  ['25号', day('2026-10-25', 'month')],
  ['31号', day('2026-10-31', 'month')],
  ['上个月31号', day('2026-10-31')],
  ['上个月32号', hint('date_invalid')],
  // impossible days
  ['2月30日', hint('date_invalid')],
  ['13月5日', hint('date_invalid')],
  ['11月31日', hint('date_invalid')],
  ['2024-02-30', hint('date_invalid')],
  ['2024/13/1', hint('date_invalid')],
  ['2025年2月29日', hint('date_invalid')],
  ['2024年2月29日', day('2024-02-29')],
  ['2月29日', day('2024-02-29', 'year')],
  // periods, not days
  ['6月', hint('date_incomplete')],
  ['六月份', hint('date_incomplete')],
  ['上周', hint('date_incomplete')],
  ['上个星期', hint('date_incomplete')],
  ['上个月', hint('date_incomplete')],
  ['去年', hint('date_incomplete')],
  ['2024年', hint('date_incomplete')],
  ['几天前', hint('date_incomplete')],
  ['半个月前', hint('date_incomplete')],
  // not dates
  ['', hint('empty')],
  ['   ', hint('empty')],
  ['\u200b', hint('empty')],
  ['[图片]', hint('not_text')],
  ['【表情】', hint('not_text')],
  ['不记得了', hint('date_unrecognised')],
  ['abc', hint('date_unrecognised')],
  ['🎉', hint('date_unrecognised')],
  ['上午', hint('date_unrecognised')],
  ['3点', hint('date_unrecognised')],
  ['6/5/2024', hint('date_unrecognised')],
  ['啊'.repeat(5000), hint('date_unrecognised')],
  ['6月5日' + '啊'.repeat(5000), hint('date_unrecognised')],
];

describe('parseDate on Monday 2026-11-23 (Shanghai)', () => {
  it.each(MONDAY_TABLE)('%j', (input, expected) => {
    expect(parseDate(input, at(MONDAY))).toEqual(expected);
  });

  it.each<[string, DateResult]>([
    ['这周日', day('2026-11-29')],
    ['下周一', day('2026-11-30')],
    ['明天', day('2026-11-24')],
    ['12月1日', day('2026-12-01')],
    ['12.1', day('2026-12-01')],
    ['周三', day('2026-11-25')],
    ['25号', day('2026-11-25')],
    ['2月29日', day('2024-02-29', 'year')],
  ])('%j with allowFuture', (input, expected) => {
    expect(parseDate(input, at(MONDAY, { allowFuture: true }))).toEqual(expected);
  });

  it('rejects dates before `earliest`', () => {
    expect(parseDate('2024-06-05', at(MONDAY, { earliest: '2025-01-01' }))).toEqual(hint('date_too_old'));
    expect(parseDate('2025-01-01', at(MONDAY, { earliest: '2025-01-01' }))).toEqual(day('2025-01-01'));
  });

  it('defaults the time zone to Asia/Shanghai', () => {
    expect(parseDate('昨天', { now: new Date('2026-06-05T20:00:00Z') })).toEqual(day('2026-06-05'));
  });
});

describe('the calendar day is Shanghai’s, not the server’s', () => {
  // 20:00Z on 5 June is 04:00 on Saturday 6 June in Shanghai.
  const lateUtc = new Date('2026-06-05T20:00:00Z');
  it.each<[string, DateResult]>([
    ['今天', day('2026-06-06')],
    ['昨天', day('2026-06-05')],
    ['前天', day('2026-06-04')],
    ['6月6日', day('2026-06-06')],
    ['6月7日', day('2025-06-07', 'year')],
    ['3天前', day('2026-06-03')],
    ['本周一', day('2026-06-01')],
    ['周六', day('2026-06-06')],
    ['周日', day('2026-05-31', 'week')],
    ['上周日', day('2026-05-31')],
    ['6号', day('2026-06-06')],
  ])('%j at 2026-06-05T20:00Z', (input, expected) => {
    expect(parseDate(input, at(lateUtc))).toEqual(expected);
  });

  // One second before and at Shanghai midnight (16:00Z).
  it.each<[string, string, string]>([
    ['2026-11-23T15:59:59Z', '今天', '2026-11-23'],
    ['2026-11-23T15:59:59Z', '昨天', '2026-11-22'],
    ['2026-11-23T15:59:59Z', '本周一', '2026-11-23'],
    ['2026-11-23T16:00:00Z', '今天', '2026-11-24'],
    ['2026-11-23T16:00:00Z', '昨天', '2026-11-23'],
    ['2026-11-23T16:00:00Z', '周二', '2026-11-24'],
    ['2026-12-31T16:00:00Z', '今天', '2027-01-01'],
    ['2026-12-31T16:00:00Z', '昨天', '2026-12-31'],
  ])('now=%s %j → %s', (now, input, expected) => {
    expect(parseDate(input, at(new Date(now)))).toEqual(day(expected));
  });

  it('on 1 January, 12月31日 is yesterday, from last year', () => {
    expect(parseDate('12月31日', at(new Date('2026-12-31T16:00:00Z')))).toEqual(day('2026-12-31', 'year'));
    expect(parseDate('1月1日', at(new Date('2026-12-31T16:00:00Z')))).toEqual(day('2027-01-01'));
  });

  it('uses the zone it is given', () => {
    expect(parseDate('今天', { now: lateUtc, timezone: 'America/Los_Angeles' })).toEqual(day('2026-06-05'));
    expect(parseDate('今天', { now: lateUtc, timezone: 'UTC' })).toEqual(day('2026-06-05'));
  });
});

describe('the host time zone does not matter', () => {
  // Jest hands each test file a copy of process.env, so TZ cannot be switched in-process; each host zone gets a
  // child Node process instead, loading the TypeScript sources through typescript.transpileModule.
  const CHILD = `
    const fs = require('fs');
    const ts = require('typescript');
    require.extensions['.ts'] = (m, filename) => {
      const { outputText: code } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
      });
      m._compile(code, filename);
    };
    const { parseDate } = require(process.argv[1]);
    const { inputs, nows } = JSON.parse(process.argv[2]);
    const offset = new Date('2026-06-05T20:00:00Z').getTimezoneOffset();
    const results = nows.map((now) => inputs.map((i) => parseDate(i, { now: new Date(now), timezone: 'Asia/Shanghai' })));
    process.stdout.write(JSON.stringify({ offset, results }));
  `;
  const inputs = MONDAY_TABLE.map(([input]) => input).filter((i) => i.length < 100);
  const nows = [MONDAY.toISOString(), '2026-06-05T20:00:00Z', '2026-11-23T15:59:59Z', '2026-11-23T16:00:00Z'];
  const expected = nows.map((now) => inputs.map((i) => parseDate(i, at(new Date(now)))));

  // [zone, its getTimezoneOffset() at 2026-06-05T20:00Z] proves the child really ran in that zone.
  it.each<[string, number]>([
    ['UTC', 0],
    ['America/Los_Angeles', 420],
    ['Pacific/Kiritimati', -840],
    ['Pacific/Pago_Pago', 660],
    ['Europe/London', -60],
  ])('same answers with TZ=%s', (tz, offset) => {
    const out = execFileSync(
      process.execPath,
      ['-e', CHILD, require.resolve('../../../src/core/parsers/parse-date.ts'), JSON.stringify({ inputs, nows })],
      { env: { ...process.env, TZ: tz }, cwd: join(__dirname, '../../..'), encoding: 'utf8' },
    );
    const child = JSON.parse(out) as { offset: number; results: DateResult[][] };
    expect(child.offset).toBe(offset);
    expect(child.results).toEqual(expected);
  });
});

describe('formatDateZh', () => {
  it.each([
    ['2024-06-05', '2024年6月5日（星期三）'],
    ['2026-11-23', '2026年11月23日（星期一）'],
    ['2026-11-22', '2026年11月22日（星期日）'],
    ['2024-02-29', '2024年2月29日（星期四）'],
  ])('%s → %s', (ymd, text) => {
    expect(formatDateZh(ymd)).toBe(text);
  });

  it('throws on something that is not a date value', () => {
    expect(() => formatDateZh('2024-02-30')).toThrow(RangeError);
    expect(() => formatDateZh('6月5日')).toThrow(RangeError);
  });
});
