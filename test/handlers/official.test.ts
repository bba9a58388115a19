/** Officials' commands in their 1:1 chat, and the words around them. */
import { createAlertHarness, type AlertHarness } from '../helpers/alert-harness';
import { memoryEngines } from '../helpers/memory-engines';
import { APP_VOTING } from '../domain/alerts/fixtures';

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

  it('shows officials how to use a command word alone, and refuses everyone else', async () => {
    expect(await h.chat('demo-official', '认领')).toContain('认领 案件编号');
    expect(await h.chat('demo-official', '办结')).toContain('办理结果');
    expect(await h.chat('demo-teacher', '认领')).toBe(REFUSAL);
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
});
