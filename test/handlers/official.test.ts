/** Officials' commands in their 1:1 chat, and the words around them. */
import { createAlertHarness, type AlertHarness } from '../helpers/alert-harness';
import { memoryEngines } from '../helpers/memory-engines';
import { alertModel } from '../../src/store/alert.model';
import { APP_VOTING, COUNTY } from '../domain/alerts/fixtures';

const REFUSAL = '您没有处理该案件的权限，或案件编号有误。';

describe('official commands', () => {
  let engines: Awaited<ReturnType<typeof memoryEngines>>;
  let h: AlertHarness;
  const clock = { now: new Date('2026-04-03T02:00:00Z') };
  beforeEach(async () => {
    engines = await memoryEngines();
    h = await createAlertHarness(engines.store, clock);
  });
  afterEach(() => engines.close());

  it('shows officials how to use a command word alone, and tells everyone else it is for bureau staff', async () => {
    expect(await h.chat('demo-official', '认领')).toContain('认领 案件编号');
    expect(await h.chat('demo-official', '办结')).toContain('办理结果');
    const notStaff = await h.chat('demo-teacher', '认领');
    expect(notStaff).toContain('供教育局工作人员使用');
    expect(notStaff).toContain('我的反映');
    expect(await h.chat('demo-teacher', '待办')).toBe(notStaff);
    // The same answer whether the case exists or not: it depends only on who asks.
    const c = await h.file(APP_VOTING);
    expect(await h.chat('demo-teacher', `查看 ${c}`)).toBe(notStaff);
    expect(await h.chat('demo-teacher', '查看 NX-2026-999999')).toBe(notStaff);
  });

  it('leaves words that are not a command with a case number to the other conversations', async () => {
    expect(await h.chat('demo-teacher', '查看进度')).not.toBe(REFUSAL);
    expect(await h.chat('demo-teacher', '没有人管')).toContain('没有看懂');
  });

  it('asks for the note of 办结 and the reason of 驳回', async () => {
    const c = await h.file(APP_VOTING);
    expect(await h.chat('demo-official', `办结 ${c}`)).toContain('办理结果');
    expect(await h.chat('demo-official', `驳回 ${c}`)).toContain('理由');
    expect(await h.chat('szs-official', `办结 ${c}`)).toBe(REFUSAL);
  });

  it('rejects with a reason the reporter is told, and says when a case cannot be closed twice', async () => {
    const c = await h.file(APP_VOTING);
    expect(await h.chat('demo-official', `驳回 ${c} 经核实不属于减负清单范围`)).toContain('已驳回');
    expect((await h.userRows('demo-teacher')).at(-1)!.reply.text).toContain('经核实不属于减负清单范围');
    expect(await h.chat('demo-official', `办结 ${c} 已处理`)).toContain('当前状态为“未受理”');
  });

  it('accepts a case number typed loosely', async () => {
    const c = await h.file(APP_VOTING);
    expect(await h.chat('demo-official', `认领${c.toLowerCase()}`)).toContain(`已认领 ${c}`);
  });

  it('names an unknown or the same transfer target', async () => {
    const c = await h.file(APP_VOTING);
    expect(await h.chat('demo-official', `转办 ${c} 火星教育局`)).toContain('没有找到单位“火星教育局”');
    expect(await h.chat('demo-official', `转办 ${c} 永宁县教育局`)).toContain('无需转办');
    expect(await h.chat('demo-official', `转办 ${c}`)).toContain('转办 案件编号 单位名称');
    expect(await h.chat('demo-official', `转办 ${c} NX-YC`)).toContain('转办至银川市教育局');
  });

  it('lists the cases below a city official, escalated ones marked', async () => {
    const c = await h.file(APP_VOTING);
    clock.now = new Date('2026-04-08T03:00:00Z');
    await h.runJob();
    const todo = await h.chat('yc-official', '待办');
    expect(todo).toContain(c);
    expect(todo).toContain('已提级 1 次');
    expect(await h.chat('szs-official', '待办')).toBe('您管辖范围内没有待办案件。');
    clock.now = new Date('2026-04-03T02:00:00Z');
  });

  it('cites why each rule matched, and 查看 shows every rule the alert promised, in pages with 依据/参照', async () => {
    const c = await h.file({
      ...APP_VOTING,
      kind: 'complaint',
      content: [
        '每天都要给某公众号投票，每人每天投三票，还要截图发到群里',
        '同一张表填了四回，乡里要一次，教育局要一次',
        '我们的数学老师被抽走去县里帮忙，前后八个月了',
        '网上培训被要求刷满80学时',
        '创文期间每天派老师去十字路口执勤劝导',
        '县妇联的征文要求每人必须交一篇',
      ].join('。'),
    });
    const alert = (await engines.store.collection(alertModel).findOne({ _id: `${c}:1` }))!;
    expect(alert.rules.length).toBeGreaterThan(5);
    const group = (await h.robotRows(COUNTY)).map((r) => (r.reply as { text: string }).text).join('\n');
    expect(group).toContain(`另有 ${alert.rules.length - 5} 条`);
    expect(group).toMatch(/命中：[^）]*“刷满80学时”→刷学时/);
    expect(group).toMatch(/匹配度(高|中，请核实)/);
    expect(group).not.toMatch(/匹配度 0\.\d\d/);

    const first = await h.chat('demo-official', `查看 ${c}`);
    const pages = [first];
    expect(first).toContain(`查看 ${c} 2`);
    const second = await h.chat('demo-official', `查看 ${c} 2`);
    const total = Number(/第 2\/(\d+) 页/.exec(second)?.[1]);
    pages.push(second);
    for (let n = 3; n <= total; n++) pages.push(await h.chat('demo-official', `查看 ${c} ${n}`));
    for (const p of pages) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2048);
    const all = pages.join('\n');
    for (const r of alert.rules) expect(all).toContain(`${r.binding ? '依据' : '参照'} ${r.clause}`);
    expect(all).toMatch(/事实：文中写借用“八个月”/);
    expect(await h.chat('demo-official', `查看 ${c} ${total + 1}`)).toContain(`只有 ${total} 页`);
  });
});
