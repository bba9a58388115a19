import { findDescriptionFacts, readsAsDescription } from '../../../src/core/parsers';

const now = new Date('2026-11-23T02:00:00Z'); // Monday 23 November 2026 in Shanghai
const facts = (text: string) => findDescriptionFacts(text, { now, timezone: 'Asia/Shanghai' });

describe('a description typed straight in', () => {
  it('reads as a description when long enough and about something done to teachers', () => {
    expect(readsAsDescription('上周三县教育局要求每个老师参加防溺水知识竞赛', 15)).toBe(true);
    expect(readsAsDescription('你好，请问这个是做什么的呀我不太懂', 15)).toBe(false);
    expect(readsAsDescription('要求填表', 15)).toBe(false);
  });

  it('takes the unit, the day and the place where each is clear', () => {
    expect(facts('上周三县教育局要求每个老师在县体育馆参加防溺水知识竞赛，还要拍照上传')).toEqual({
      organisingUnit: '县教育局',
      when: { from: '2026-11-18' },
      place: '县体育馆',
    });
    expect(facts('最近镇政府让我们每天在网上打卡签到')).toEqual({ organisingUnit: '镇政府', place: '线上' });
  });

  it('keeps a range as a range', () => {
    expect(facts('11月20日到11月30日县文明办组织创城迎检，每天都要填表')).toMatchObject({
      organisingUnit: '县文明办',
      when: { from: '2026-11-20', to: '2026-11-30' },
    });
  });

  it('leaves out what the text names twice or vaguely', () => {
    const two = facts('周一被县应急管理局要求在学校礼堂开会，周三又被县教育局通知在县体育馆集合');
    expect(two.organisingUnit).toBeUndefined();
    expect(two.place).toBeUndefined();
    expect(two.when).toBeUndefined();
    expect(facts('学校让我们每天转发公众号文章').organisingUnit).toBeUndefined();
  });
});
