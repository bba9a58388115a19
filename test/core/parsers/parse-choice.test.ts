import { parseChoice, type ChoiceOption, type ChoiceResult } from '../../../src/core/parsers/parse-choice';

const SUBJECTS: ChoiceOption[] = [
  { value: 'chinese', labels: ['语文'] },
  { value: 'math', labels: ['数学'] },
  { value: 'english', labels: ['英语', 'English'] },
  { value: 'other', labels: ['其他学科', '其它'] },
];

const FREQUENCY: ChoiceOption[] = [
  { value: 'none', labels: ['没有'] },
  { value: 'few', labels: ['1-2次'] },
  { value: 'some', labels: ['3-5次'] },
  { value: 'many', labels: ['5次以上'] },
];

const YES_NO_AS_CHOICE: ChoiceOption[] = [
  { value: 'yes', labels: ['是'] },
  { value: 'no', labels: ['不是'] },
  { value: 'unknown', labels: ['不清楚'] },
];

const v = (value: string): ChoiceResult => ({ ok: true, value });
const hint = (h: string): ChoiceResult => ({ ok: false, hint: h }) as ChoiceResult;
const range = (max: number): ChoiceResult => ({ ok: false, hint: 'out_of_range', min: 1, max });

describe('parseChoice by position', () => {
  it.each<[string, ChoiceResult]>([
    ['2', v('math')],
    ['２', v('math')],
    ['二', v('math')],
    ['两', v('math')],
    ['第2个', v('math')],
    ['第二个', v('math')],
    ['第二项', v('math')],
    ['2.', v('math')],
    ['2、', v('math')],
    ['(2)', v('math')],
    ['（2）', v('math')],
    ['②', v('math')],
    ['选2', v('math')],
    ['我选第二个', v('math')],
    ['选项2', v('math')],
    ['2号', v('math')],
    [' 2 ', v('math')],
    ['2吧', v('math')],
    ['四', v('other')],
    ['5', range(4)],
    ['0', range(4)],
    ['第十个', range(4)],
  ])('%j', (input, expected) => {
    expect(parseChoice(input, SUBJECTS)).toEqual(expected);
  });
});

describe('parseChoice by word', () => {
  it.each<[string, ChoiceResult]>([
    ['语文', v('chinese')],
    ['数学。', v('math')],
    ['english', v('english')],
    ['ENGLISH', v('english')],
    ['Ｅｎｇｌｉｓｈ', v('english')],
    ['数', v('math')], // a prefix of one label
    ['其他', v('other')],
    ['其它', v('other')],
    ['我选数学', v('math')],
    ['数学吧', v('math')],
    ['应该是英语', v('english')],
    ['语文和数学', hint('ambiguous')],
    ['语', v('chinese')], // one character counts only as a prefix: 语文, not 英语
    ['英', v('english')],
    ['文', hint('not_a_choice')],
    ['不是数学', hint('ambiguous')],
    ['除了语文', hint('ambiguous')],
    ['物理', hint('not_a_choice')],
    ['学', hint('not_a_choice')], // one character in the middle of labels is not enough
    ['🎉', hint('not_a_choice')],
    ['', hint('empty')],
    ['[图片]', hint('not_text')],
    ['数学'.repeat(2500), v('math')],
    ['啊'.repeat(5000), hint('not_a_choice')],
  ])('%j', (input, expected) => {
    expect(parseChoice(input, SUBJECTS)).toEqual(expected);
  });

  it('prefers an exact label over a position, so numeric labels work', () => {
    expect(parseChoice('3-5次', FREQUENCY)).toEqual(v('some'));
    expect(parseChoice('1-2次', FREQUENCY)).toEqual(v('few'));
    expect(parseChoice('3', FREQUENCY)).toEqual(v('some'));
    expect(parseChoice('没有', FREQUENCY)).toEqual(v('none'));
    expect(parseChoice('5次以上', FREQUENCY)).toEqual(v('many'));
  });

  it('takes the longer label when a shorter one only matched inside it', () => {
    expect(parseChoice('是', YES_NO_AS_CHOICE)).toEqual(v('yes'));
    expect(parseChoice('不是', YES_NO_AS_CHOICE)).toEqual(v('no'));
    expect(parseChoice('我觉得不是', YES_NO_AS_CHOICE)).toEqual(v('no'));
    expect(parseChoice('我不清楚', YES_NO_AS_CHOICE)).toEqual(v('unknown'));
    expect(parseChoice('是的', YES_NO_AS_CHOICE)).toEqual(v('yes'));
  });

  it('says ambiguous when two options share a label, and not_a_choice without options', () => {
    const dup: ChoiceOption[] = [
      { value: 'a', labels: ['其他'] },
      { value: 'b', labels: ['其他'] },
    ];
    expect(parseChoice('其他', dup)).toEqual(hint('ambiguous'));
    expect(parseChoice('1', [])).toEqual(hint('not_a_choice'));
  });
});
