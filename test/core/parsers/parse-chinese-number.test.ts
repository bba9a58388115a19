import { parseChineseNumber, parseNumeral } from '../../../src/core/parsers/parse-chinese-number';

describe('parseChineseNumber', () => {
  it.each<[string, number | null]>([
    // ASCII and full-width
    ['0', 0],
    ['5', 5],
    ['１２３', 123],
    ['007', 7],
    ['1,000', 1000],
    ['-3', -3],
    // Chinese numerals
    ['零', 0],
    ['〇', 0],
    ['一', 1],
    ['两', 2],
    ['俩', 2],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['三十五', 35],
    ['一百', 100],
    ['一百零五', 105],
    ['一百一十', 110],
    ['一百一', 110],
    ['一百五', 150],
    ['两百', 200],
    ['九百九十九', 999],
    ['一千零一', 1001],
    ['一千零一十', 1010],
    ['三千零五十', 3050],
    ['一万', 10000],
    ['两万五', 25000],
    ['三万五千', 35000],
    ['十万', 100000],
    ['一百万', 1000000],
    ['一亿零五百万', 105000000],
    ['二十万零三', 200003],
    ['二〇二四', 2024],
    ['一〇五', 105],
    ['壹贰叁', null], // digit-by-digit without a zero reads as an estimate
    ['壹佰贰拾叁', 123],
    ['叁拾', 30],
    ['伍', 5],
    ['负三', -3],
    // mixed
    ['3万', 30000],
    ['10万', 100000],
    ['3个', 3],
    ['共5项', 5],
    ['一共三次', 3],
    ['5次', 5],
    ['五次', 5],
    ['五次了', 5],
    ['有2个', 2],
    ['3个小时', 3],
    ['12人次', 12],
    ['共 5 项。', 5],
    ['第5', null],
    // not one exact integer
    ['五六', null],
    ['三四个', null],
    ['十几', null],
    ['2.5', null],
    ['3 5', null],
    ['百', null],
    ['十十', null],
    ['十百', null],
    ['一百一百', null],
    ['万', null],
    ['abc', null],
    ['', null],
    ['没有', null],
    ['[图片]', null],
    ['🎉', null],
    ['9'.repeat(20), null],
    ['五'.repeat(5000), null],
  ])('%j → %j', (input, expected) => {
    expect(parseChineseNumber(input)).toBe(expected);
  });

  it('agrees with the plain reading for every 0..20000 written in Chinese', () => {
    const digits = '零一二三四五六七八九';
    const zh = (n: number): string => {
      if (n === 0) return '零';
      const parts: string[] = [];
      const units = ['', '十', '百', '千'];
      const section = (v: number): string => {
        let s = '';
        let zero = false;
        for (let i = 3; i >= 0; i--) {
          const d = Math.floor(v / 10 ** i) % 10;
          if (d === 0) {
            if (s) zero = true;
            continue;
          }
          if (zero) s += '零';
          zero = false;
          s += digits[d]! + units[i]!;
        }
        return s;
      };
      const wan = Math.floor(n / 10000);
      const rest = n % 10000;
      if (wan) parts.push(section(wan) + '万');
      if (rest) parts.push((wan && rest < 1000 ? '零' : '') + section(rest));
      return parts.join('');
    };
    for (let n = 0; n <= 20000; n++) {
      expect([n, parseNumeral(zh(n))]).toEqual([n, n]);
    }
    expect(zh(105)).toBe('一百零五');
    expect(zh(10010)).toBe('一万零一十');
  });
});
