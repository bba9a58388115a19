/**
 * Two promises to a teacher, over the real WeCom envelope, the outbox and the demo stand-in for the WeCom API:
 * a complaint never goes to the bureau it accuses (one against 永宁县教育局 reaches 银川市's group, never
 * 永宁县's, and 永宁县's official cannot see it), and an anonymous report from a small school names only its
 * county, shown to the reporter before submitting exactly as the bureau will read it.
 */
import type { FakeSentMessage } from '../../src/channels/wecom/fake-wecom-api';
import { useChatApp } from '../helpers/start-test-app';

const COUNTY_ROBOT = '00000000-0000-4000-8000-000000640121'; // 永宁县教育局减负工作群
const CITY_ROBOT = '00000000-0000-4000-8000-000000640100'; // 银川市教育局减负工作群
const REGION_ROBOT = '00000000-0000-4000-8000-000000640000'; // 自治区教育厅教师减负工作群
const SCHOOL = '永宁县望洪镇红星村小学'; // demo-teacher's school: 3 people in the demo directory
const REFUSED = '您没有处理该案件的权限，或案件编号有误。';

describe('a complaint against the county bureau, from a small school', () => {
  const app = useChatApp(new Date('2026-11-23T02:00:00Z')); // Monday 10:00 in Shanghai
  const say = app.say;
  const sent = () => app.t.app.fakeWecom!.sent;
  /** Waits for the relay (it sends in the background) until `done` holds or 5 s passed. */
  const until = async (done: (m: FakeSentMessage[]) => boolean): Promise<FakeSentMessage[]> => {
    for (let i = 0; i < 100 && !done(sent()); i++) await new Promise((r) => setTimeout(r, 50));
    return sent();
  };
  const to = (robot: string, caseNumber: string) => sent().filter((m) => m.to === robot && m.content.includes(caseNumber));

  let caseNumber = '';
  let summary = '';

  it('shows before submitting what the bureau will read: the county, not the school, and says why', async () => {
    expect(await say('demo-teacher', '举报')).toMatch(/哪个单位/);
    expect(await say('demo-teacher', '永宁县教育局')).toMatch(/发生了什么/);
    expect(await say('demo-teacher', '要求每位教师下载APP答题并截图上报，不完成就通报')).toMatch(/哪天/);
    expect(await say('demo-teacher', '2026-11-16')).toMatch(/在哪里/);
    expect(await say('demo-teacher', '本校')).toMatch(/证据/);
    expect(await say('demo-teacher', '跳过')).toMatch(/匿名（默认）/);
    expect(await say('demo-teacher', '跳过')).toMatch(/联系您核实/);
    summary = await say('demo-teacher', '否');
    expect(summary).toContain('请核对');
    expect(summary).toMatch(/\d+\. 教育部门看到的学校：只显示县区（永宁县的一所学校）。贵校在名录中不足 20 人/);
    expect(summary).toContain('提交后，教育部门在工作群里看到的是：');
    expect(summary).toContain('地点：永宁县的一所学校（校名不显示），本校');
    expect(summary).toContain('被举报单位：永宁县教育局');
    expect(summary).toContain('举报人：匿名');
    // The school itself is named only in the teacher's own answer lines, never in what the bureau will read.
    const preview = summary.slice(summary.indexOf('提交后，教育部门'));
    expect(preview).not.toContain(SCHOOL);
  });

  it('files it, and the alert is the preview: in the city group only', async () => {
    const done = await say('demo-teacher', '提交');
    caseNumber = done.match(/NX-\d{4}-\d{6}/)?.[0] ?? '';
    expect(caseNumber).not.toBe('');
    const [alert] = (await until(() => to(CITY_ROBOT, caseNumber).length > 0)) && to(CITY_ROBOT, caseNumber);
    expect(alert).toBeDefined();
    // Line for line what the reporter was shown (the alert has bold marks and its own header and commands).
    const plain = alert!.content.replace(/\*\*/g, '');
    const previewLines = summary.split('————————')[1]!.trim().split('\n');
    for (const line of previewLines) expect(plain).toContain(line);
    expect(alert!.content).toContain('**地点**：永宁县的一所学校（校名不显示），本校');
    expect(alert!.content).not.toContain(SCHOOL);
    expect(alert!.content).not.toMatch(/demo-teacher|演示教师/);
    expect(to(COUNTY_ROBOT, caseNumber)).toHaveLength(0);
  });

  it('hides the case from the accused county official and shows the city why it came up', async () => {
    expect(await say('demo-official', '待办')).not.toContain(caseNumber);
    expect(await say('demo-official', `查看 ${caseNumber}`)).toBe(REFUSED);
    expect(await say('demo-official', `认领 ${caseNumber}`)).toBe(REFUSED);
    expect(await say('demo-official', `办结 ${caseNumber} 已整改`)).toBe(REFUSED);

    expect(await say('yc-official', '待办')).toContain(caseNumber);
    const detail = await say('yc-official', `查看 ${caseNumber}`);
    expect(detail).toContain('永宁县教育局回避，交上一级银川市教育局办理');
    expect(detail).toContain('永宁县的一所学校（校名不显示）');
    expect(detail).not.toContain(SCHOOL);
    expect(await say('yc-official', `转办 ${caseNumber} 永宁县教育局`)).toContain('不能转给永宁县教育局办理');
  });

  it('goes up, never back to the county, when the reporter says it is not solved', async () => {
    expect(await say('yc-official', `认领 ${caseNumber}`)).toContain(`已认领 ${caseNumber}`);
    // 办结 asks for the measures, their state and the 意见建议 (issue 12): done, nothing to suggest.
    let closed = '';
    for (const text of [`办结 ${caseNumber} 已责令停止`, '已责令停止', '1', '跳过']) closed = await say('yc-official', text);
    expect(closed).toContain(`已办结 ${caseNumber}`);
    await until((m) => m.filter((x) => x.to === 'demo-teacher' && x.content.includes('问题解决了吗')).length > 0);
    expect(await say('demo-teacher', '没有')).toContain('自治区教育厅');
    const [reopened] = (await until(() => to(REGION_ROBOT, caseNumber).length > 0)) && to(REGION_ROBOT, caseNumber);
    expect(reopened!.content).toContain('反映人表示问题未解决');
    expect(reopened!.content).not.toContain(SCHOOL);
    expect(to(COUNTY_ROBOT, caseNumber)).toHaveLength(0);
    expect(await say('demo-official', `查看 ${caseNumber}`)).toBe(REFUSED);
  });

  it('sends a summary too long for one reply as two messages, losing nothing', async () => {
    const long = '很'.repeat(100);
    for (const a of ['反映', '2', long, long, '2026-11-02', long, long, long, '线上答题', '3', '跳过']) await say('yc-teacher-1', a);
    const first = await say('yc-teacher-1', '是');
    expect(Buffer.byteLength(first)).toBeLessThanOrEqual(2048);
    expect(first).toContain('请核对');
    expect(first).not.toContain('已截断');
    const sentAfter = await until((m) => m.some((x) => x.to === 'yc-teacher-1' && x.content.includes('确认无误')));
    const all = [first, ...sentAfter.filter((x) => x.to === 'yc-teacher-1').map((x) => x.content)].join('\n');
    for (let n = 1; n <= 12; n++) expect(all).toContain(`\n${n}. `);
    expect(all).toContain('12. 教育部门看到的学校：只显示县区（银川市的一所学校）');
    expect(all).toContain('提交后，教育部门在工作群里看到的是：');
    expect(all).toContain('地点：银川市的一所学校（校名不显示），');
    expect(all).toContain('确认无误请发送“提交”');
    expect(all).not.toContain('已截断');
  });

  it('lets the reporter show the school instead, by editing that line of the summary', async () => {
    await say('sunhao', '举报');
    for (const answer of ['某街道办', '要求教师周末上街执勤', '上周六', '某路口', '跳过', '跳过', '否']) await say('sunhao', answer);
    const first = await say('sunhao', '重新显示'); // anything else at the summary shows it again
    const n = first.match(/(\d+)\. 教育部门看到的学校/)?.[1];
    expect(n).toBeDefined();
    expect(await say('sunhao', `改 ${n}`)).toMatch(/1\. 只显示县区[\s\S]*2\. 显示学校（永宁县望洪镇红星村小学）/);
    const edited = await say('sunhao', '2');
    expect(edited).toContain(`${n}. 教育部门看到的学校：显示学校（${SCHOOL}）`);
    expect(edited).not.toContain('不足 20 人');
    expect(edited.slice(edited.indexOf('提交后，教育部门'))).toContain(`地点：${SCHOOL}（某路口）`);
  });
});
