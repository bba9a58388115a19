/**
 * A report that breaks a listed rule reaches its bureau's group robot over the WeCom API, an official
 * claims and closes it from the 1:1 chat, the reporter is asked whether it was solved, and a case nobody
 * claims climbs to the city after two working days when the `escalation` job runs through the admin API.
 * Everything goes through the real envelope, the outbox and the demo stand-in for the WeCom API.
 */
import { BURDEN_ANSWERS } from '../helpers/burden-answers';
import { useChatApp } from '../helpers/start-test-app';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const COUNTY_ROBOT = '00000000-0000-4000-8000-000000640121'; // 永宁县教育局减负工作群
const CITY_ROBOT = '00000000-0000-4000-8000-000000640100'; // 银川市教育局减负工作群

describe('alerts reach the bureau and officials act on them from WeCom', () => {
  const app = useChatApp(new Date('2026-11-23T02:00:00Z'), { ADMIN_TOKEN }); // Monday 10:00 in Shanghai
  const say = app.say;
  const sentTo = app.sentTo;
  const fileReport = async (user: string): Promise<string> => {
    for (const [answer, next] of BURDEN_ANSWERS) expect(await say(user, answer)).toMatch(next);
    expect(await say(user, '是')).toContain('请核对');
    const done = await say(user, '提交');
    const caseNumber = done.match(/NX-2026-\d{6}/)?.[0];
    expect(caseNumber).toBeDefined();
    return caseNumber!;
  };

  it('shows each person the menu of what they can do', async () => {
    const teacher = await say('demo-teacher', '帮助');
    expect(teacher).toContain('负担反映');
    expect(teacher).not.toContain('待办');
    expect(teacher).not.toContain('月报');
    expect(await say('demo-liaison', '菜单')).toContain('发送“月报”');
    const official = await say('demo-official', '帮助');
    expect(official).toContain('发送“待办”');
    expect(official).not.toContain('月报');
  });

  it('alerts the county, lets its official claim and close the case, and reopens it when the reporter says no', async () => {
    const caseNumber = await fileReport('demo-teacher');
    const [alert] = await sentTo(COUNTY_ROBOT, 1);
    expect(alert).toMatchObject({ kind: 'robot', msgtype: 'markdown' });
    expect(alert!.content).toContain(caseNumber);
    expect(alert!.content).toContain('厅发〔2020〕3号 第15条');
    // An anonymous report from a school of 3 people names only its county (the default below 20).
    expect(alert!.content).toContain('永宁县的一所学校（校名不显示）');
    expect(alert!.content).not.toContain('永宁县望洪镇红星村小学');
    expect(alert!.content).toContain(`认领 ${caseNumber}`);
    // The reporter chose anonymity: neither the account nor the name reaches the group.
    expect(alert!.content).not.toMatch(/demo-teacher|演示教师/);

    // Outside the jurisdiction: one refusal, nothing else; not an official: what a teacher can do instead.
    expect(await say('dwk-official', `认领 ${caseNumber}`)).toBe('您没有处理该案件的权限，或案件编号有误。');
    expect(await say('zhaoyan', `认领 ${caseNumber}`)).toContain('供教育局工作人员使用');

    expect(await say('demo-official', '待办')).toContain(caseNumber);
    const detail = await say('demo-official', `查看 ${caseNumber}`);
    expect(detail).toContain('反映人：匿名');
    expect(detail).not.toMatch(/demo-teacher|演示教师/);
    expect(await say('demo-official', `认领 ${caseNumber}`)).toContain(`已认领 ${caseNumber}`);
    expect((await sentTo('demo-teacher', 1))[0]!.content).toContain('已由永宁县教育局受理');

    expect(await say('demo-official', `办结 ${caseNumber} 已责令停止要求教师下载APP答题`)).toContain('整改措施');
    expect(await say('demo-official', '约谈组织单位，停止推送答题任务')).toContain('完成情况');
    expect(await say('demo-official', '1')).toContain('意见建议');
    expect(await say('demo-official', '清理')).toContain(`已办结 ${caseNumber}`);
    const told = (await sentTo('demo-teacher', 2)).map((m) => m.content).join('\n');
    expect(told).toContain('办理结果：已责令停止要求教师下载APP答题');
    expect(told).toContain('问题解决了吗？');

    expect(await say('demo-teacher', '没有')).toContain(`案件 ${caseNumber} 已重新交办`);
    const [reopened] = await sentTo(CITY_ROBOT, 1);
    expect(reopened!.content).toContain(caseNumber);
    expect(reopened!.content).toContain('反映人表示问题未解决');
    // A 负担反映's reporter is its 反映人, in the header and in its history lines.
    const reopenedView = await say('demo-official', `查看 ${caseNumber}`);
    expect(reopenedView).toContain('反映人：匿名');
    expect(reopenedView).toMatch(/已提交　反映人/);
    expect(reopenedView).not.toContain('举报人');
  });

  it('sends an unclaimed case up to the city when the escalation job runs after two working days', async () => {
    const before = (await sentTo(CITY_ROBOT, 0)).length;
    const caseNumber = await fileReport('sunhao');
    expect((await sentTo(COUNTY_ROBOT, 2)).at(-1)!.content).toContain(caseNumber);

    app.clock = new Date('2026-11-26T02:00:00Z'); // Thursday: Tuesday and Wednesday have passed unclaimed
    const res = await fetch(`${app.t.app.url}/admin/jobs/escalation/run?wait=1&at=${encodeURIComponent(app.clock.toISOString())}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'ran', job: 'escalation' });
    const city = await sentTo(CITY_ROBOT, before + 1);
    expect(city).toHaveLength(before + 1);
    expect(city.at(-1)!.content).toContain(caseNumber);
    expect(city.at(-1)!.content).toMatch(/永宁县教育局超过 2 个工作日未认领/);

    // The same period again does nothing and says so.
    const again = await fetch(`${app.t.app.url}/admin/jobs/escalation/run?wait=1&at=${encodeURIComponent(app.clock.toISOString())}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(await again.json()).toMatchObject({ outcome: 'already-claimed' });
    const queued = (await app.t.app.outbox.list({}, 1000)).filter((r) => r.destination.kind === 'robot' && r.destination.robotKey === CITY_ROBOT);
    expect(queued).toHaveLength(before + 1);
  });
});
