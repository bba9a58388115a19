/**
 * Conversations that forgive (issue 11), over the real WeCom envelope: a command typed in the middle of a
 * flow is never stored as an answer; the first messages people really send (a menu number, typos, a phrase)
 * start what they mean; refusals say what the person can do.
 */
import { useChatApp } from '../helpers/start-test-app';

describe('conversations that forgive', () => {
  const app = useChatApp(new Date('2026-11-23T02:00:00Z'));
  const say = app.say;

  it('asks before leaving a flow for another command, keeps the draft, and comes back with 继续', async () => {
    expect(await say('t-leave', '反映')).toMatch(/属于哪一类/);
    expect(await say('t-leave', '2')).toMatch(/事项名称/);
    const ask = await say('t-leave', '我的反映');
    expect(ask).toContain('您正在填写负担反映');
    expect(ask).toMatch(/回复 1[\s\S]*回复 2/);
    // 1: the other command is done, and the draft waits.
    const left = await say('t-leave', '1');
    expect(left).toMatch(/没有|反映/);
    expect(left).toContain('发送“继续”接着填写');
    // The draft comes back at the question it was at, and 我的反映 was not taken as the 事项名称.
    const back = await say('t-leave', '继续');
    expect(back).toMatch(/事项名称/);
    expect(await say('t-leave', '防溺水知识网络答题')).toMatch(/牵头实施的单位/);
    // A second command mid-flow, and 2: back where we were, nothing stored.
    expect(await say('t-leave', '举报')).toContain('您正在填写负担反映');
    expect(await say('t-leave', '2')).toMatch(/牵头实施的单位/);
    expect(await say('t-leave', '县教育局')).toMatch(/哪天开展/);
  });

  it('leaving for another flow keeps the first draft until the second ends', async () => {
    expect(await say('t-two', '反映')).toMatch(/属于哪一类/);
    expect(await say('t-two', '举报')).toContain('您正在填写负担反映');
    const started = await say('t-two', '1');
    expect(started).toContain('负担反映草稿已保存');
    expect(await say('t-two', '取消')).toContain('发送“继续”接着填写');
    expect(await say('t-two', '继续')).toMatch(/属于哪一类/);
  });

  it('the same flow’s own command mid-flow goes on with it', async () => {
    expect(await say('t-same', '反映')).toMatch(/属于哪一类/);
    const again = await say('t-same', '我要反映');
    expect(again).toContain('您正在填写负担反映');
    expect(again).toMatch(/属于哪一类/);
  });

  it('understands a menu number, a phrase and common typos as the first message', async () => {
    expect(await say('t-menu1', '1')).toMatch(/属于哪一类/);
    expect(await say('t-menu2', '2')).toContain('举报');
    expect(await say('t-phrase', '我要反映一个问题')).toMatch(/属于哪一类/);
    expect(await say('t-typo1', '反应')).toMatch(/属于哪一类/);
    expect(await say('t-typo2', '帮组')).toContain('负担反映：发送“反映”');
  });

  it('offers a 反映 for a whole description typed straight in, with what it says, and asks only the rest', async () => {
    const offer = await say('t-typed', '上周三县教育局要求每个老师在县体育馆参加防溺水知识竞赛，还要拍照上传');
    expect(offer).toContain('要把这件事作为一份负担反映提交吗');
    expect(offer).toContain('牵头实施单位：县教育局');
    expect(offer).toMatch(/开展时间：2026年11月18日/);
    expect(offer).toContain('开展地点：县体育馆');
    const first = await say('t-typed', '是');
    expect(first).toContain('取自您的描述');
    expect(first).toMatch(/属于哪一类/);
    expect(await say('t-typed', '2')).toMatch(/事项名称/);
    // The unit, the day and the place are not asked again: the next question is the scope.
    expect(await say('t-typed', '防溺水知识竞赛')).toMatch(/涉及哪些范围/);
    expect(await say('t-typed', '全县中小学')).toMatch(/开展形式/);
  });

  it('a declined offer records nothing; 举报 instead of an answer to the offer starts the 举报', async () => {
    const text = '最近镇政府让我们每天在网上打卡签到，还要截图发到群里';
    expect(await say('t-typed-no', text)).toContain('要把这件事作为一份负担反映提交吗');
    expect(await say('t-typed-no', '否')).toContain('没有记录');
    expect(await say('t-typed-no', '继续')).toContain('没有暂停或未提交的草稿');
    expect(await say('t-typed-c', text)).toContain('负担反映提交吗');
    const complaint = await say('t-typed-c', '举报');
    expect(complaint).not.toContain('您正在填写');
    expect(complaint).toMatch(/哪个单位/);
  });

  it('a long answer inside a flow is an answer, not a new description', async () => {
    expect(await say('t-long', '举报')).toMatch(/哪个单位/);
    expect(await say('t-long', '某某培训中心')).toMatch(/发生了什么/);
    expect(await say('t-long', '县教育局要求全体教师周末参加培训并每天打卡签到')).toMatch(/时间|哪天/);
  });

  it('says what a person can do: 待办 is for bureau staff; 继续 with nothing paused says so', async () => {
    const todo = await say('demo-teacher', '待办');
    expect(todo).toContain('供教育局工作人员使用');
    expect(todo).not.toContain('案件编号有误');
    const resume = await say('t-nothing', '继续');
    expect(resume).toContain('没有暂停或未提交的草稿');
  });
});

describe('the questions of a report, asked plainly', () => {
  const app = useChatApp(new Date('2026-11-23T02:00:00Z'));
  const say = app.say;

  it('skips the evidence on 没有, says how to skip once, and asks anonymity as 1. 匿名 2. 实名', async () => {
    expect(await say('t-plain', '举报')).toMatch(/哪个单位/);
    expect(await say('t-plain', '某某培训中心')).toMatch(/发生了什么/);
    expect(await say('t-plain', '要求全体教师周末参加培训并打卡')).toMatch(/时间|哪天/);
    expect(await say('t-plain', '2026-11-20')).toMatch(/在哪里/);
    const evidence = await say('t-plain', '本校');
    expect(evidence).toMatch(/证据/);
    expect(evidence.match(/跳过|没有证据/g)).toHaveLength(1);
    expect(await say('t-plain', '没有')).toMatch(/哪一所/);
    const next = await say('t-plain', '永宁县望洪镇红星村小学');
    expect(next).toMatch(/匿名还是实名/);
    expect(next).toMatch(/1\. 匿名（默认）　2\. 实名/);
    expect(await say('t-plain', '实名')).toMatch(/联系/);
    const summary = await say('t-plain', '是');
    expect(summary).toContain('匿名或实名：实名');
    expect(summary).toMatch(/证据：（未填写）/);
  });
});

describe('dates as people write them', () => {
  // Monday 23 November 2026, 10:00 in Shanghai.
  const app = useChatApp(new Date('2026-11-23T02:00:00Z'));
  const say = app.say;
  const complaintUpToDate = async (user: string) => {
    expect(await say(user, '举报')).toMatch(/哪个单位/);
    expect(await say(user, '某某培训中心')).toMatch(/发生了什么/);
    expect(await say(user, '要求全体教师参加培训并打卡')).toMatch(/时间|哪天/);
  };

  it('keeps a range as a range', async () => {
    await complaintUpToDate('t-range');
    const said = await say('t-range', '11月20日到11月22日');
    expect(said).toContain('2026年11月20日（星期五） 至 2026年11月22日（星期日）');
    await complaintUpToDate('t-range2');
    expect(await say('t-range2', '11月2日至6日')).toContain('2026年11月2日（星期一） 至 2026年11月6日（星期五）');
  });

  it('accepts an announced activity as planned', async () => {
    await complaintUpToDate('t-planned');
    expect(await say('t-planned', '下周五')).toContain('计划于 2026年12月4日（星期五）');
  });

  it('a reversed range is re-asked with how to write it', async () => {
    await complaintUpToDate('t-reversed');
    expect(await say('t-reversed', '11月22日到11月20日')).toContain('结束日期早于开始日期');
  });

  it('takes only a month for the start of a secondment, and shows it as a month', async () => {
    expect(await say('t-month', '反映')).toMatch(/属于哪一类/);
    expect(await say('t-month', '抽调借用')).toMatch(/事项名称/);
    expect(await say('t-month', '借调到县里写材料')).toMatch(/牵头/);
    expect(await say('t-month', '县委宣传部')).toMatch(/哪天开展/);
    expect(await say('t-month', '去年9月')).toContain('2025年9月');
  });
});
