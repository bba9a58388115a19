/**
 * The liaison's questionnaire in chat, through the handler's start/step with contexts built as the
 * dispatcher builds them: lists with 没有 skips, bad counts re-asked, a count that disagrees with the items
 * asked about, edits from the summary, amendments until the deadline, a late answer marked late.
 */
import type { HandlerContext } from '../../../src/core/handler';
import { createMonthlyHandler } from '../../../handlers/monthly';
import type { MonthlyState } from '../../../handlers/monthly-state';
import { pointModel } from '../../../src/store/point.model';
import { commands, DEMO_POINT, monitoringHarness, pointId, templates, type MonitoringHarness } from '../../domain/monitoring/monitoring-harness';

const at = (s: string) => new Date(s);
const ON_TIME = at('2026-11-26T10:00:00+08:00');

function ctxFor(userId: string, text: string, now: Date): HandlerContext {
  return {
    inbound: { channel: 'wecom', kind: 'text', text, userId, dedupeKey: `${userId}:${text}:${Math.random()}`, sentAt: now, chat: { kind: 'single', id: userId }, mentioned: true },
    now,
    templates,
    t: (id, vars) => templates.render(id, vars),
    commands,
    command: commands.match(text),
  };
}

describe('monthly questionnaire in chat', () => {
  let h: MonitoringHarness;
  let handler: ReturnType<typeof createMonthlyHandler>;
  beforeEach(async () => {
    h = await monitoringHarness();
    handler = createMonthlyHandler({ monitoring: h.monitoring, directory: h.directory, idleMs: 86_400_000 });
  });
  afterEach(() => h.close());

  /** A 1:1 chat: each line is one message; returns what the bot said to the last one. */
  function chat(userId: string, now = ON_TIME) {
    let state: MonthlyState | null = null;
    const send = async (text: string): Promise<string> => {
      const ctx = ctxFor(userId, text, now);
      if (state === null && !handler.matches(ctx)) throw new Error(`"${text}" does not start the questionnaire`);
      const turn = state === null ? await handler.start(ctx) : await handler.step(state, ctx);
      state = turn.state;
      return turn.replies.map((r) => r.text).join('\n');
    };
    return {
      send,
      async say(...texts: string[]): Promise<string> {
        let last = '';
        for (const t of texts) last = await send(t);
        return last;
      },
      get state() {
        return state;
      },
    };
  }

  /** Everything after the inspections: nothing else this month, flexible hours in place, nothing to add. */
  const REST_NONE = ['没有', '没有', '无', '是', '没有'];

  it('asks one thing at a time, skips lists on 没有 or 0, re-asks bad counts, and files the answer', async () => {
    const c = chat('demo-liaison');
    let said = await c.send('月报');
    expect(said).toContain('永宁县望洪镇红星村小学（乡村小学）2026年11月');
    expect(said).toContain('2026年11月30日');
    expect(said).toContain('学校接受了几次督查、检查、评比、考核');
    expect(await c.send('检查了')).toContain('请回答一个数字');
    expect(await c.send('好几次')).toContain('确切的数字');
    expect(await c.send('-2')).toContain('数量不能是负数');
    expect(await c.send('3-5次')).toContain('不要写范围');
    expect(await c.send('500')).toContain('0 到 200');
    said = await c.send('两次');
    expect(said).toContain('第 1 次（共 2 次）');
    expect(said).toContain('名称是什么');
    expect(await c.send('跳过')).toContain('必填');
    await c.say('校园安全检查', '永宁县教育局');
    said = await c.send('11月3日');
    expect(said).toContain('2026年11月3日');
    expect(said).toContain('年度计划');
    said = await c.say('是', '食堂卫生检查', '县市场监管局', '11月10日', '否');
    expect(said).toContain('有几项社会事务进校园');
    said = await c.say('没有', '0');
    expect(said).toContain('几位教师被抽调');
    said = await c.say('1', '县委宣传部');
    expect(said).toContain('从哪天开始');
    said = await c.say('2026年3月1日', '是');
    expect(said).toContain('其他需要说明');
    said = await c.send('没有');
    expect(said).toContain('请核对永宁县望洪镇红星村小学2026年11月的监测表');
    expect(said).toContain('1. 督查检查评比考核：2 次');
    expect(said).toContain('（1）名称：校园安全检查；组织单位：永宁县教育局；日期：2026年11月3日（星期二）；列入年度计划：是');
    expect(said).toContain('2. 社会事务进校园：没有');
    expect(said).toContain('3. 报表填写、统计调研：没有');
    expect(said).toContain('4. 教师抽调借用：1 人');
    expect(said).toContain('（1）抽调借用到：县委宣传部；开始时间：2026年3月1日（星期日）');
    expect(said).toContain('6. 其他情况：（未填写）');

    said = await c.send('提交');
    expect(said).toContain('已提交永宁县望洪镇红星村小学2026年11月的监测表');
    expect(c.state).toBeNull();
    const row = await h.monitoring.get(DEMO_POINT, '2026-11');
    expect(row).toMatchObject({ late: false, submittedBy: 'wecom:demo-liaison' });
    expect(row?.answers).toEqual({
      inspections: [
        { name: '校园安全检查', unit: '永宁县教育局', date: '2026-11-03', onPlan: 'yes' },
        { name: '食堂卫生检查', unit: '县市场监管局', date: '2026-11-10', onPlan: 'no' },
      ],
      activities: [],
      forms: [],
      secondments: [{ to: '县委宣传部', since: '2026-03-01' }],
      flexibleHours: 'yes',
    });
  });

  it('asks which is right when items are removed from the summary, and when listing stops early', async () => {
    const c = chat('demo-liaison');
    await c.say('月报', '3', 'A检查', '甲局', '11月2日', '是', 'B检查', '乙局', '11月3日', '是', 'C检查', '丙局', '11月4日', '不清楚', ...REST_NONE);
    let said = await c.send('改 1');
    expect(said).toContain('督查检查评比考核现在列了 3 项');
    expect(said).toContain('（2）名称：B检查');
    said = await c.send('删 2');
    expect(said).toContain('已删除第 2 项');
    expect(said).toContain('您说督查检查评比考核共 3 项，但列出了 2 项');
    said = await c.send('3'); // the count was right: the missing one is asked again
    expect(said).toContain('第 3 次（共 3 次）');
    said = await c.say('D检查', '丁局', '11月5日', '否');
    expect(said).toContain('1. 督查检查评比考核：3 次');
    expect(said).toContain('（3）名称：D检查');

    await c.say('改 1', '删 A检查'); // by name too
    said = await c.send('2'); // the items are right: the count follows
    expect(said).toContain('1. 督查检查评比考核：2 次');
    expect(said).not.toContain('A检查');

    said = await c.say('改 1', '没有'); // the list editor's 没有 empties the list
    expect(said).toContain('1. 督查检查评比考核：没有');

    // Said 2, listed 1, then 完成: which is right?
    const d = chat('yc-liaison-1');
    said = await d.say('月报', '2', '甲检查', '甲局', '11月2日', '是', '完成');
    expect(said).toContain('您说督查检查评比考核共 2 项，但列出了 1 项');
    expect(await d.send('1')).toContain('有几项社会事务进校园');
  });

  it('removes the extra items when a smaller count is right', async () => {
    const c = chat('demo-liaison');
    await c.say('月报', '2', 'A检查', '甲局', '11月2日', '是', 'B检查', '乙局', '11月3日', '是', ...REST_NONE);
    let said = await c.say('改 1', '1');
    expect(said).toContain('您说督查检查评比考核共 1 项，但列出了 2 项');
    said = await c.send('1'); // one is right: which goes?
    expect(said).toContain('还要删 1 项');
    expect(await c.send('9')).toContain('1 到 2');
    said = await c.send('第一个');
    expect(said).toContain('1. 督查检查评比考核：1 次');
    expect(said).toContain('B检查');
    expect(said).not.toContain('A检查');
  });

  it('edits one item or one answer from the summary, goes back, and gives help', async () => {
    const c = chat('demo-liaison');
    expect(await c.say('月报', '返回')).toContain('第一个问题');
    let said = await c.say('1', '校园安全检查', '返回');
    expect(said).toContain('名称是什么');
    expect(said).toContain('现在填写的是：校园安全检查');
    expect(await c.send('帮助')).toContain('完成');
    await c.say('校园安全检查', '县教育局', '11月3日', '是', ...REST_NONE);
    said = await c.say('改 1', '改 1');
    expect(said).toContain('名称是什么');
    said = await c.say('校园消防检查', '县应急局', '11月4日');
    expect(said).toContain('现在填写的是：是');
    said = await c.send('否');
    expect(said).toContain('（1）名称：校园消防检查；组织单位：县应急局；日期：2026年11月4日（星期三）；列入年度计划：否');
    said = await c.say('改 5', '否');
    expect(said).toContain('5. 实行教师弹性上下班：否');
    expect(await c.send('改 9')).toContain('1 到 6');
    expect(await c.send('你好')).toContain('现在是核对环节');
    await c.send('提交');
    expect((await h.monitoring.get(DEMO_POINT, '2026-11'))?.answers).toMatchObject({ flexibleHours: 'no', inspections: [{ name: '校园消防检查', onPlan: 'no' }] });
  });

  it('amends until the deadline, and says it is closed after it', async () => {
    await chat('demo-liaison').say('月报', '没有', ...REST_NONE, '提交');
    let said = await chat('demo-liaison', at('2026-11-30T20:00:00+08:00')).send('月报');
    expect(said).toContain('已于 2026年11月26日（星期四） 提交');
    const c = chat('demo-liaison', at('2026-11-30T20:00:00+08:00'));
    said = await c.say('月报', '改 3', '1', '教师信息采集表', '县教育局');
    expect(said).toContain('3. 报表填写、统计调研：1 项');
    expect(await c.send('提交')).toContain('已更新');
    const row = await h.monitoring.get(DEMO_POINT, '2026-11');
    expect(row?.answers.forms).toEqual([{ name: '教师信息采集表', unit: '县教育局' }]);
    expect(row?.amendments).toHaveLength(1);

    // 1 December: November is answered, so December opens (on time; the month has just begun).
    said = await chat('demo-liaison', at('2026-12-01T08:00:00+08:00')).send('月报');
    expect(said).toContain('2026年12月');
    // Editing November after its deadline is refused, politely.
    const late = chat('demo-liaison', at('2026-11-30T20:00:00+08:00'));
    await late.say('月报', '改 5');
    const ctx = ctxFor('demo-liaison', '提交', at('2026-12-01T00:10:00+08:00'));
    const turn = await handler.step({ ...late.state!, cursor: { at: 'summary' }, editing: false }, ctx);
    expect(turn.replies[0]!.text).toContain('截止时间（2026年11月30日（星期一））已过，不能再修改');
  });

  it('takes a late answer and marks it late', async () => {
    const c = chat('gy-liaison-1', at('2026-12-02T10:00:00+08:00'));
    let said = await c.send('月报');
    expect(said).toContain('2026年11月');
    expect(said).toContain('记为迟报');
    said = await c.say('没有', ...REST_NONE, '提交');
    expect(said).toContain('这份记为迟报');
    expect(await h.monitoring.get(pointId('NX-GY-YZ-S01'), '2026-11')).toMatchObject({ late: true });
  });

  it('sends a busy month\'s summary as several messages, each within a WeCom text message', async () => {
    const c = chat('demo-liaison');
    await c.send('月报');
    await c.send('12');
    for (let i = 1; i <= 12; i++) await c.say(`第${i}项专项督导检查（含资料查阅与现场访谈）`, '永宁县人民政府教育督导委员会办公室', '11月3日', '是');
    const ctx = ctxFor('demo-liaison', '没有', ON_TIME);
    let turn = await handler.step(c.state!, ctx);
    for (const t of ['没有', '没有', '是', '没有']) turn = await handler.step(turn.state!, ctxFor('demo-liaison', t, ON_TIME));
    expect(turn.replies.length).toBeGreaterThan(1);
    for (const r of turn.replies) expect(Buffer.byteLength(r.text, 'utf8')).toBeLessThanOrEqual(2048);
    const all = turn.replies.map((r) => r.text).join('\n');
    expect(all).toContain('1. 督查检查评比考核：12 次');
    expect(all).toContain('（12）名称：第12项专项督导检查');
    expect(all).toContain('6. 其他情况：（未填写）');
  });

  it('tells a person who is not a liaison, in one sentence, what to do', async () => {
    for (const who of ['demo-teacher', 'someone-not-in-the-directory', 'demo-official']) {
      const c = chat(who);
      const said = await c.send('月报');
      expect(said).toBe(templates.render('monthly.not_liaison'));
      expect(c.state).toBeNull();
    }
  });

  it('lets a liaison of several points pick one', async () => {
    await h.store.collection(pointModel).updateOne({ _id: DEMO_POINT }, { $set: { liaisonUserKey: 'wecom:yc-liaison-1' } });
    const c = chat('yc-liaison-1');
    let said = await c.send('月报');
    expect(said).toContain('1. 银川市贺兰山路高级中学（市直属高中）');
    expect(said).toContain('2. 永宁县望洪镇红星村小学（乡村小学）');
    expect(await c.send('7')).toContain('1 到 2');
    said = await c.send('红星村小学');
    expect(said).toContain('永宁县望洪镇红星村小学（乡村小学）2026年11月');
    await c.say('没有', ...REST_NONE, '提交');
    expect(await h.monitoring.get(DEMO_POINT, '2026-11')).toMatchObject({ submittedBy: 'wecom:yc-liaison-1' });
  });

  it('keeps commands working: 继续 re-asks, 重新开始 starts over, 取消 ends', async () => {
    const c = chat('demo-liaison');
    expect(await c.say('月报', '2', '继续')).toContain('名称是什么');
    expect(await c.send('重新开始')).toContain('学校接受了几次');
    expect(c.state?.declared).toEqual({});
    expect(await c.send('取消')).toContain('已取消');
    expect(c.state).toBeNull();
  });
});
