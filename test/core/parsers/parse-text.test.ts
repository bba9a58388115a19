import { countGraphemes } from '../../../src/core/parsers/count-graphemes';
import { parseText, type TextResult } from '../../../src/core/parsers/parse-text';

const v = (value: string): TextResult => ({ ok: true, value });

describe('parseText', () => {
  it.each<[string, TextResult]>([
    ['本周填了三张表', v('本周填了三张表')],
    ['  前后空格  ', v('前后空格')],
    ['全角标点保留，感叹号！问号？', v('全角标点保留，感叹号！问号？')],
    ['第一段\r\n\r\n\r\n第二段', v('第一段\n\n第二段')],
    ['零宽\u200b字符', v('零宽字符')],
    ['表情也算👍', v('表情也算👍')],
    ['', { ok: false, hint: 'empty' }],
    [' \n\t\u3000 ', { ok: false, hint: 'empty' }],
    ['[图片]', { ok: false, hint: 'not_text' }],
    ['[图片] [图片]', { ok: false, hint: 'not_text' }],
    ['[Image]', { ok: false, hint: 'not_text' }],
    ['见下图[图片]', v('见下图[图片]')],
  ])('%j', (input, expected) => {
    expect(parseText(input, { maxChars: 50 })).toEqual(expected);
  });

  it('counts what people see: a CJK character, an emoji or a flag is one', () => {
    expect(countGraphemes('减负')).toBe(2);
    expect(countGraphemes('👨‍👩‍👧‍👦')).toBe(1);
    expect(countGraphemes('🇨🇳')).toBe(1);
    expect(countGraphemes('👍🏽')).toBe(1);
    expect(countGraphemes('1️⃣')).toBe(1);
    expect(countGraphemes('é')).toBe(1);
    expect(countGraphemes('e\u0301')).toBe(1);
    expect('👨‍👩‍👧‍👦'.length).toBe(11);
    expect(Buffer.byteLength('减负')).toBe(6);
  });

  it('limits by user-perceived characters, never bytes or UTF-16 units', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(parseText(family.repeat(5), { maxChars: 5 })).toEqual(v(family.repeat(5)));
    expect(parseText(family.repeat(6), { maxChars: 5 })).toEqual({ ok: false, hint: 'too_long', count: 6, max: 5 });
    expect(parseText('减'.repeat(200), { maxChars: 200 })).toEqual(v('减'.repeat(200)));
    expect(parseText('减'.repeat(201), { maxChars: 200 })).toEqual({ ok: false, hint: 'too_long', count: 201, max: 200 });
  });

  it('reports the count for a 5000-character message', () => {
    expect(parseText('字'.repeat(5000), { maxChars: 500 })).toEqual({ ok: false, hint: 'too_long', count: 5000, max: 500 });
    expect(parseText('😀'.repeat(5000), { maxChars: 500 })).toEqual({ ok: false, hint: 'too_long', count: 5000, max: 500 });
  });

  it('enforces minChars', () => {
    expect(parseText('好', { maxChars: 100, minChars: 5 })).toEqual({ ok: false, hint: 'too_short', count: 1, min: 5 });
    expect(parseText('👍👍👍👍👍', { maxChars: 100, minChars: 5 })).toEqual(v('👍👍👍👍👍'));
  });
});
