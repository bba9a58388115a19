import { normalizeInput } from '../../../src/core/parsers/normalize-input';

describe('normalizeInput', () => {
  it.each<[string, string]>([
    ['１２３', '123'],
    ['ＡＢＣ ａｂｃ', 'ABC abc'],
    ['　３次　', '3次'], // ideographic spaces
    ['  a \t\n  b  ', 'a b'],
    ['5\u200b次', '5次'],
    ['\ufeff是的', '是的'],
    ['是\u200d的', '是的'], // a stray joiner between CJK characters
    ['\u2060\u200e3\u200f', '3'],
    ['①', '1'],
    ['ｎｏ', 'no'],
    ['', ''],
    ['   ', ''],
    ['a\u0000b\u0007c', 'abc'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeInput(input)).toBe(expected);
  });

  it('keeps emoji, including joined sequences, flags, skin tones and keycaps', () => {
    for (const e of ['👍', '👩‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇨🇳', '👍🏽', '1️⃣', '❤️']) {
      expect(normalizeInput(` ${e} `)).toBe(e.normalize('NFKC'));
      expect(normalizeInput(`好${e}`)).toContain(e.normalize('NFKC'));
    }
  });

  it('replaces unpaired surrogates so stored text is well formed', () => {
    expect(normalizeInput('a\ud800b')).toBe('a\ufffdb');
    expect(normalizeInput('\udc00')).toBe('\ufffd');
  });

  it('keeps paragraphs when asked, and Chinese punctuation with compatibility off', () => {
    expect(normalizeInput(' 第一段，  很长 \r\n\r\n\r\n\r\n 第二段！ ', { keepNewlines: true, compatibility: false })).toBe(
      '第一段， 很长\n\n第二段！',
    );
    expect(normalizeInput('第一段，第二段！')).toBe('第一段,第二段!');
  });

  it('handles very long input', () => {
    expect(normalizeInput('５'.repeat(5000))).toBe('5'.repeat(5000));
  });
});
