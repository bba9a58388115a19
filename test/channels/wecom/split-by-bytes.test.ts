import fc from 'fast-check';
import { splitByBytes, utf8Bytes } from '../../../src/channels/wecom/split-by-bytes';
import { splitNumbered } from '../../../src/channels/wecom/split-numbered';
import { truncateByBytes } from '../../../src/channels/wecom/truncate-by-bytes';

const hasBrokenPair = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('utf8Bytes', () => {
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('减负')).toBe(6);
    expect(utf8Bytes('😀')).toBe(4);
  });
});

describe('splitByBytes', () => {
  it('returns short input whole', () => {
    expect(splitByBytes('hello', 2048)).toEqual(['hello']);
    expect(splitByBytes('', 10)).toEqual(['']);
  });

  it('never cuts a CJK character', () => {
    const parts = splitByBytes('减'.repeat(10), 10); // 30 bytes, 3 per character
    expect(parts).toEqual(['减减减', '减减减', '减减减', '减']);
  });

  it('never cuts a surrogate pair', () => {
    expect(splitByBytes('😀😀😀', 5)).toEqual(['😀', '😀', '😀']);
  });

  it('prefers a line break in the second half of a part', () => {
    expect(splitByBytes('aaaaaa\nbbbbbbbb', 10)).toEqual(['aaaaaa\n', 'bbbbbbbb']);
    // A break too early would leave a tiny part: cut at the limit instead.
    expect(splitByBytes('a\nbbbbbbbbbbbb', 10)).toEqual(['a\nbbbbbbbb', 'bbbb']);
  });

  it('refuses a limit below one character', () => {
    expect(() => splitByBytes('abc', 3)).toThrow(RangeError);
  });

  it('is lossless, within the limit, and keeps pairs whole, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 4, max: 64 }), (s, max) => {
        const parts = splitByBytes(s, max);
        expect(parts.join('')).toBe(s);
        for (const p of parts) {
          expect(utf8Bytes(p)).toBeLessThanOrEqual(max);
          expect(hasBrokenPair(p)).toBe(false);
        }
        if (parts.length > 1) for (const p of parts) expect(p.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('splitByBytes on any UTF-16, lone surrogates included', () => {
  it('stays lossless and within the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 4, max: 32 }), (s, max) => {
        const parts = splitByBytes(s, max);
        expect(parts.join('')).toBe(s);
        for (const p of parts) expect(utf8Bytes(p)).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe('splitNumbered', () => {
  it('labels parts (i/n) and keeps each within the limit', () => {
    const text = Array.from({ length: 400 }, (_, i) => `第${i}行：课后服务时间安排`).join('\n');
    const parts = splitNumbered(text, 2048);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expect(p.startsWith(`(${i + 1}/${parts.length})\n`)).toBe(true);
      expect(utf8Bytes(p)).toBeLessThanOrEqual(2048);
    });
  });

  it('leaves content that fits untouched', () => {
    expect(splitNumbered('短消息', 2048)).toEqual(['短消息']);
  });
});

describe('truncateByBytes', () => {
  it('shortens visibly, within the limit', () => {
    const out = truncateByBytes('告警'.repeat(1000), 4096, '…(内容过长，已截断)');
    expect(utf8Bytes(out)).toBeLessThanOrEqual(4096);
    expect(out.endsWith('…(内容过长，已截断)')).toBe(true);
  });

  it('uses the marker it is given', () => {
    expect(truncateByBytes('x'.repeat(100), 20, '[cut]')).toBe(`${'x'.repeat(15)}[cut]`);
  });
});
