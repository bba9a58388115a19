/** The group markdown: fits WeCom's 4096 bytes, cannot be given markup by a report, says only 匿名. */
import { join } from 'node:path';
import { loadTemplates } from '../../../src/core/templates';
import { projectRoot } from '../../../src/project-root';
import { composeAlert, composeDigest, digestGroups, planRobotWindow, schoolOrArea, ALERT_MAX_BYTES, type AlertFacts } from '../../../src/domain/alerts';
import { previewText, reportBlock } from '../../../src/domain/alerts/compose-alert';
import type { OfficialReportView } from '../../../src/domain/reports';

const templates = loadTemplates(join(projectRoot(), 'templates', 'messages'));
const t = (id: string, vars?: Record<string, unknown>) => templates.render(id, vars);

const view = (over: Partial<OfficialReportView> = {}): OfficialReportView => ({
  caseNumber: 'NX-2026-000042',
  kind: 'complaint',
  category: 'campus_affairs',
  itemName: '投票',
  organisingUnit: '某单位',
  content: '内容',
  evidence: [],
  schoolName: '第一小学',
  region: 'NX',
  anonymous: true,
  status: 'routed',
  history: [],
  createdAt: new Date('2026-04-03T02:00:00Z'),
  updatedAt: new Date('2026-04-03T02:00:00Z'),
  ...over,
});
const facts = (over: Partial<OfficialReportView> = {}): AlertFacts => ({
  view: view(over),
  alert: {
    level: 0,
    status: 'open',
    escalations: [],
    rules: [{ ruleId: 'nmg-2020-3#15', clause: '厅发〔2020〕3号 第15条', summary: '不得硬性要求教师参与投票', confidence: 0.87, binding: false }],
    claimDeadline: new Date('2026-04-08T02:00:00Z'),
    resolveDeadline: new Date('2026-04-27T02:00:00Z'),
  },
  bureau: '永宁县教育局',
  category: '社会事务进校园',
  tz: 'Asia/Shanghai',
});

describe('composeAlert', () => {
  it('cites the clause, says what to do next and by when', () => {
    const { reply } = composeAlert(t, facts());
    expect(reply.text).toContain('参照 厅发〔2020〕3号 第15条');
    expect(reply.text).toContain('认领 NX-2026-000042');
    expect(reply.text).toContain('2026-04-08 10:00 前认领');
    expect(reply.text).toContain('**举报人**：匿名');
    expect(reply.text).toContain('**被举报单位**：某单位');
  });

  it('says the confidence in words and why each rule matched: the words found, or the facts that break it', () => {
    const f = facts();
    f.alert.rules = [
      { ruleId: 'nmg-2020-3#15', clause: '厅发〔2020〕3号 第15条', summary: '不得硬性要求教师参与投票', confidence: 0.88, binding: false, evidence: '公众号+“投三票”→投票' },
      { ruleId: 'ningxia-2023-95#1.secondment-levy', clause: '宁教办函〔2023〕95号 一', summary: '从严规范借用教师', confidence: 0.75, binding: true, evidence: '借用至县创城办，自2025-08-01起已持续约15个月，超过半年', byCondition: true },
    ];
    const { reply } = composeAlert(t, f);
    expect(reply.text).toContain('参照 厅发〔2020〕3号 第15条：不得硬性要求教师参与投票（匹配度高；命中：公众号、“投三票”→投票）');
    expect(reply.text).toContain('依据 宁教办函〔2023〕95号 一：从严规范借用教师（匹配度中，请核实；事实：借用至县创城办，自2025-08-01起已持续约15个月，超过半年）');
  });

  it('stays within 4096 bytes for a 2000-character complaint, keeping the commands', () => {
    const { reply } = composeAlert(t, facts({ content: '老师们每天都要投票并截图。'.repeat(160), itemName: '长'.repeat(100), place: '地'.repeat(100) }));
    expect(Buffer.byteLength(reply.text)).toBeLessThanOrEqual(ALERT_MAX_BYTES);
    expect(reply.text).toContain('查看 NX-2026-000042');
  });

  it('turns what people typed into plain inline text', () => {
    const { reply } = composeAlert(t, facts({ content: '点[这里](http://x.example)\n## 假标题 <font color="info">**粗**</font>' }));
    expect(reply.text).not.toMatch(/\]\(|<font color="info">|\n## 假标题|\*\*粗/);
    expect(reply.text).toContain('点［这里］(http://x.example) ＃＃ 假标题');
  });
});

describe('the school or only its county', () => {
  it('names only the county when the anonymous reporter chose so, and the preview is the alert\'s lines', () => {
    const f = facts({ schoolName: undefined, areaOnly: true, areaName: '永宁县', place: '本校' });
    const { reply } = composeAlert(t, { ...f, school: undefined });
    expect(reply.text).toContain('**地点**：永宁县的一所学校（校名不显示），本校');
    expect(reply.text).not.toContain('第一小学');
    const preview = previewText(t, f);
    expect(preview).toContain('地点：永宁县的一所学校（校名不显示），本校');
    expect(preview).not.toContain('**');
    expect(reply.text).toContain(reportBlock(t, f));
    for (const line of preview.split('\n')) expect(reply.text.replace(/\*\*/g, '')).toContain(line);
  });

  it('says the school as the directory names it otherwise, with the place', () => {
    expect(composeAlert(t, { ...facts({ place: '操场' }), school: '永宁县望洪镇红星村小学' }).reply.text).toContain('**地点**：永宁县望洪镇红星村小学（操场）');
    expect(schoolOrArea(t, view({ schoolName: '第一小学' }))).toBe('第一小学');
    expect(schoolOrArea(t, view({ schoolName: undefined, areaOnly: true }))).toBe('一所学校（校名不显示）');
  });
});

describe('digests', () => {
  it('puts alike alerts under one heading and splits only past the byte limit', () => {
    const entries = Array.from({ length: 400 }, (_, i) => ({ heading: `**永宁县教育局｜类${i % 2}**`, item: `NX-2026-${String(i).padStart(6, '0')}` }));
    const groups = digestGroups(entries, (e) => e, t);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.flat()).toEqual(entries);
    for (const g of groups) {
      const d = composeDigest(t, g);
      expect(Buffer.byteLength(d.text)).toBeLessThanOrEqual(ALERT_MAX_BYTES);
      for (const e of g) expect(d.text).toContain(e.item);
      expect(d.text.split('类0').length - 1).toBeLessThanOrEqual(1);
    }
  });
});

describe('planRobotWindow', () => {
  const now = new Date('2026-04-03T02:01:00Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  it('sends alone while there is room, keeping one slot back', () => {
    expect(planRobotWindow([], 19, now, 20, 60_000)).toEqual({ mode: 'each', count: 19 });
    expect(planRobotWindow([], 20, now, 20, 60_000)).toEqual({ mode: 'digest', maxMessages: 19 });
    expect(planRobotWindow([ago(10), ago(5)], 3, now, 20, 60_000)).toEqual({ mode: 'each', count: 3 });
    expect(planRobotWindow([], 0, now, 20, 60_000)).toBeNull();
  });
  it('waits for the slot that frees first when the window is full', () => {
    const sends = Array.from({ length: 19 }, (_, i) => ago(50 - i));
    expect(planRobotWindow(sends, 5, now, 20, 60_000)).toEqual({ mode: 'wait', retryAt: new Date(ago(50).getTime() + 60_001) });
    // Sends older than the window do not count.
    // Sends older than the window do not count: 18 in it leave one slot, too few for 2 alone.
    expect(planRobotWindow([ago(61), ...sends.slice(1)], 2, now, 20, 60_000)).toEqual({ mode: 'digest', maxMessages: 1 });
    expect(planRobotWindow([ago(61), ...sends.slice(1)], 1, now, 20, 60_000)).toEqual({ mode: 'each', count: 1 });
  });
});
