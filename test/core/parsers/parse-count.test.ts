import { parseCount, type CountResult } from '../../../src/core/parsers/parse-count';

const n = (value: number): CountResult => ({ ok: true, value });
const hint = (h: string): CountResult => ({ ok: false, hint: h }) as CountResult;
const range = (min: number, max: number): CountResult => ({ ok: false, hint: 'out_of_range', min, max });

describe('parseCount', () => {
  it.each<[string, CountResult]>([
    ['5', n(5)],
    ['５', n(5)],
    [' 12 ', n(12)],
    ['五', n(5)],
    ['十二', n(12)],
    ['一百零五', n(105)],
    ['两次', n(2)],
    ['5次', n(5)],
    ['５次', n(5)],
    ['五次', n(5)],
    ['3个', n(3)],
    ['共5项', n(5)],
    ['一共三次', n(3)],
    ['总共 8 次。', n(8)],
    ['有2个', n(2)],
    ['5次吧', n(5)],
    ['大概5次', n(5)],
    ['大约十次左右', n(10)],
    ['差不多3次', n(3)],
    ['12人次', n(12)],
    ['3.0', n(3)],
    // zero
    ['0', n(0)],
    ['０', n(0)],
    ['零', n(0)],
    ['没有', n(0)],
    ['没有。', n(0)],
    ['没有了', n(0)],
    ['无', n(0)],
    ['没', n(0)],
    ['一次也没有', n(0)],
    ['一次都没有', n(0)],
    ['从来没有', n(0)],
    ['暂无', n(0)],
    ['0次', n(0)],
    ['none', n(0)],
    ['No', n(0)],
    // refusals
    ['-3', hint('negative')],
    ['－３', hint('negative')],
    ['负二', hint('negative')],
    ['2.5', hint('not_a_whole_number')],
    ['２．５次', hint('not_a_whole_number')],
    ['两点五', hint('not_a_whole_number')],
    ['一个半', hint('not_a_whole_number')],
    ['半', hint('not_a_whole_number')],
    ['1/2', hint('not_a_whole_number')],
    ['3-5次', hint('not_exact')],
    ['3~5', hint('not_exact')],
    ['3到5次', hint('not_exact')],
    ['三到五次', hint('not_exact')],
    ['3次或4次', hint('not_exact')],
    ['三四次', hint('not_exact')],
    ['七八个', hint('not_exact')],
    ['十几次', hint('not_exact')],
    ['10多次', hint('not_exact')],
    ['十来次', hint('not_exact')],
    ['几次', hint('not_exact')],
    ['好几次', hint('not_exact')],
    ['10次以上', hint('not_exact')],
    ['超过10次', hint('not_exact')],
    ['至少三次', hint('not_exact')],
    ['5次以内', hint('not_exact')],
    ['3次/周', hint('not_a_number')], // a rate, not a count
    ['每周3次', hint('not_a_number')],
    ['10001', range(0, 10000)],
    ['abc', hint('not_a_number')],
    ['很多', hint('not_a_number')],
    ['不知道', hint('not_a_number')],
    ['🎉', hint('not_a_number')],
    ['5👍', n(5)],
    ['', hint('empty')],
    ['  \u200b ', hint('empty')],
    ['[图片]', hint('not_text')],
    ['[语音]', hint('not_text')],
    ['5'.repeat(5000), hint('not_a_number')],
    ['五'.repeat(5000), hint('not_a_number')],
  ])('%j', (input, expected) => {
    expect(parseCount(input)).toEqual(expected);
  });

  it('honours min and max', () => {
    expect(parseCount('31', { max: 30 })).toEqual(range(0, 30));
    expect(parseCount('30', { max: 30 })).toEqual(n(30));
    expect(parseCount('没有', { min: 1, max: 30 })).toEqual(range(1, 30));
    expect(parseCount('-2', { min: -5, max: 5 })).toEqual(n(-2));
    expect(parseCount('-6', { min: -5, max: 5 })).toEqual(range(-5, 5));
  });
});
