import fc from 'fast-check';
import { HINT_KEYS } from '../../../src/core/parsers/hint-key';
import { normalizeInput } from '../../../src/core/parsers/normalize-input';
import { parseChineseNumber } from '../../../src/core/parsers/parse-chinese-number';
import { parseChoice } from '../../../src/core/parsers/parse-choice';
import { parseCount } from '../../../src/core/parsers/parse-count';
import { parseDate } from '../../../src/core/parsers/parse-date';
import { parseText } from '../../../src/core/parsers/parse-text';
import { parseYesNo } from '../../../src/core/parsers/parse-yes-no';
import { parseCaseNumber } from '../../../src/domain/case-ids/case-number';
import { findReceiptCode, isReceiptCodeLike, normalizeReceiptCode } from '../../../src/domain/case-ids/receipt-code';

/** Pieces of real answers, so random strings reach deep into the parsers instead of failing at the first check. */
const FRAGMENTS = [
  ...'0123456789０１２３４５６７８９',
  ...'零〇一二两三四五六七八九十百千万亿壹贰叁',
  '年', '月', '日', '号', '周', '星期', '礼拜', '上', '上上', '本', '这', '下', '个', '前', '以前', '天', '昨天', '前天',
  '今天', '去年', '几', '半', '多', '点', '次', '项', '共', '第', '选', '没有', '不是', '是', '不清楚', '负',
  '-', '/', '.', ',', '，', '。', '、', '(', ')', '（', '）', '[', ']', '【', '】', ' ', '\u3000', '\n', '\u200b', '\u200d',
  '[图片]', '👍', '👨‍👩‍👧', '🇨🇳', '\ud800', '\udc00', 'O', 'I', 'L', 'nx', 'NX-2026-', 'ABCD-',
];
const fragmentString = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 }).map((a) => a.join(''));
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }), // includes lone surrogates
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
  fragmentString,
  fragmentString.map((s) => s.repeat(200)), // long inputs
);
const instants = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });

const HINTS = new Set<string>(HINT_KEYS);
function wellFormed(r: { ok: boolean; hint?: string }): boolean {
  return r.ok === true || (r.ok === false && typeof r.hint === 'string' && HINTS.has(r.hint));
}

const OPTIONS = [
  { value: 'a', labels: ['语文', 'Chinese'] },
  { value: 'b', labels: ['数学'] },
  { value: 'c', labels: ['3-5次', '其他'] },
];

describe('no parser ever throws, and every failure is a known hint', () => {
  const RUNS = { numRuns: 400 };

  it('normalizeInput and parseChineseNumber', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(typeof normalizeInput(s)).toBe('string');
        expect(typeof normalizeInput(s, { keepNewlines: true, compatibility: false })).toBe('string');
        const n = parseChineseNumber(s);
        expect(n === null || Number.isSafeInteger(n)).toBe(true);
      }),
      RUNS,
    );
  });

  it('parseCount', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const r = parseCount(s, { max: 500 });
        expect(wellFormed(r)).toBe(true);
        if (r.ok) expect(Number.isInteger(r.value) && r.value >= 0 && r.value <= 500).toBe(true);
      }),
      RUNS,
    );
  });

  it('parseChoice', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const r = parseChoice(s, OPTIONS);
        expect(wellFormed(r)).toBe(true);
        if (r.ok) expect(['a', 'b', 'c']).toContain(r.value);
      }),
      RUNS,
    );
  });

  it('parseYesNo', () => {
    fc.assert(
      fc.property(anyString, fc.boolean(), (s, allowUnknown) => {
        const r = parseYesNo(s, { allowUnknown });
        expect(wellFormed(r)).toBe(true);
        if (r.ok && !allowUnknown) expect(r.value).not.toBe('unknown');
      }),
      RUNS,
    );
  });

  it('parseDate: a date, never after today unless allowed', () => {
    fc.assert(
      fc.property(anyString, instants, fc.boolean(), (s, now, allowFuture) => {
        const r = parseDate(s, { now, timezone: 'Asia/Shanghai', allowFuture });
        expect(wellFormed(r)).toBe(true);
        if (r.ok) {
          expect(r.value.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
          if (!allowFuture) expect(r.value.date <= today).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('parseText: never longer than the maximum', () => {
    fc.assert(
      fc.property(anyString, fc.integer({ min: 1, max: 300 }), (s, max) => {
        const r = parseText(s, { maxChars: max });
        expect(wellFormed(r)).toBe(true);
        if (!r.ok && r.hint === 'too_long') expect(r.count).toBeGreaterThan(max);
      }),
      RUNS,
    );
  });

  it('receipt codes and case numbers', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const code = normalizeReceiptCode(s);
        expect(code === null || /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/.test(code)).toBe(true);
        expect(typeof isReceiptCodeLike(s)).toBe('boolean');
        findReceiptCode(s);
        const c = parseCaseNumber(s);
        expect(c === null || (c.seq >= 1 && c.year >= 2000)).toBe(true);
      }),
      RUNS,
    );
  });
});
