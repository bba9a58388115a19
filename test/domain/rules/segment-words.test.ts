import { addWords, dictionaryFreq, segmentWords, trimDictionary } from '../../../src/domain/rules/segment-words';

describe('segmentWords', () => {
  it('gives every piece of the text in order, with UTF-16 offsets', () => {
    const text = '老师每天要填很多表格😀，检查太多了';
    const tokens = segmentWords(text);
    expect(tokens.map((t) => t.word).join('')).toBe(text);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.word);
    expect(tokens.map((t) => t.word)).toEqual(expect.arrayContaining(['老师', '每天', '表格', '检查']));
  });

  it('keeps a word added from the rule data as one token, even where its neighbours would take it apart', () => {
    const text = '镇里来了个迎检专班查台账';
    expect(segmentWords(text).map((t) => t.word)).not.toContain('迎检专班');
    addWords(['迎检专班']);
    expect(segmentWords(text).map((t) => t.word)).toContain('迎检专班');
  });

  it('adds nothing that is not a word of Han characters, letters or digits', () => {
    addWords(['查 台账', 'x']);
    expect(segmentWords('查 台账').map((t) => t.word)).not.toContain('查 台账');
  });
});

describe('trimDictionary', () => {
  it('keeps the lines of at least the least frequency, in order, and sums their frequencies', () => {
    const source = Buffer.from('一一 3 m\n一丁点 12 m\n丁 40 n\n丁丁 2 nr\n');
    const dict = trimDictionary(source, 10);
    expect(dict.lines.toString()).toBe('一丁点 12 m\n丁 40 n\n');
    expect(Array.from(dict.starts)).toEqual([0, Buffer.byteLength('一丁点 12 m\n')]);
    expect(dict.total).toBe(52);
  });

  it('finds the frequency of every word kept, and of nothing else', () => {
    const dict = trimDictionary(Buffer.from('一 5 m\n一一 3 m\n一丁点 12 m\n丁 40 n\n丁丁 2 nr\n七 7 m\n'), 3);
    expect(['一', '一一', '一丁点', '丁', '七'].map((w) => dictionaryFreq(dict, w))).toEqual([5, 3, 12, 40, 7]);
    for (const w of ['丁丁', '一丁', '丁点', '万', '']) expect(dictionaryFreq(dict, w)).toBeUndefined();
  });
});
