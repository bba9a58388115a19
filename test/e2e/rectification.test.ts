/**
 * A problem put right over time, through the real WeCom envelope, the outbox, the demo stand-in for the WeCom
 * API and the `rectification` job run through the admin API: 办结 with 整改中 and a time limit → the reporter is
 * told it is being put right (not asked yet) → the county's group is reminded two working days before the limit
 * → the limit passes and the case goes up to the city → 办结 with 已完成 → the reporter is asked 问题解决了吗？.
 */
import { BURDEN_ANSWERS } from '../helpers/burden-answers';
import { useChatApp } from '../helpers/start-test-app';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const COUNTY_ROBOT = '00000000-0000-4000-8000-000000640121'; // 永宁县教育局减负工作群
const CITY_ROBOT = '00000000-0000-4000-8000-000000640100'; // 银川市教育局减负工作群
// The same report, organised by a county office that is not the bureau (so that it is the county's to handle).
const ANSWERS = BURDEN_ANSWERS.map(([answer, next]) => [answer === '县教育局' ? '县文明办' : answer, next] as const);

describe('rectification to the end', () => {
  const app = useChatApp(new Date('2026-11-23T02:00:00Z'), { ADMIN_TOKEN }); // Monday 10:00 in Shanghai
  const say = app.say;
  const sentTo = app.sentTo;
  const runJob = async (iso: string) => {
    app.clock = new Date(iso);
    const res = await fetch(`${app.t.app.url}/admin/jobs/rectification/run?wait=1&at=${encodeURIComponent(iso)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { outcome: string; summary?: string; counts?: Record<string, number> };
  };

  it('tells a teacher the bureau’s complaint hotline and mailbox in 帮助', async () => {
    expect(await say('demo-teacher', '帮助')).toContain('也可以直接联系永宁县教育局：投诉举报热线 0951-0000122，投诉举报邮箱 jianfu-yn@example.cn');
  });

  it('follows a case 整改中 through a reminder and an escalation to 已完成 and 问题解决了吗？', async () => {
    for (const [answer, next] of ANSWERS) expect(await say('demo-teacher', answer)).toMatch(next);
    expect(await say('demo-teacher', '是')).toContain('请核对');
    const caseNumber = (await say('demo-teacher', '提交')).match(/NX-2026-\d{6}/)![0];
    expect((await sentTo(COUNTY_ROBOT, 1)).at(-1)!.content).toContain(caseNumber);

    // 办结, 整改中 until Friday 4 December.
    expect(await say('demo-official', `办结 ${caseNumber} 已约谈县文明办，答题任务正在撤销`)).toContain('请填写已采取的整改措施');
    expect(await say('demo-official', '约谈县文明办，撤销答题任务')).toContain('完成情况');
    expect(await say('demo-official', '整改中')).toContain('请填写整改时限');
    expect(await say('demo-official', '明年')).toContain('没有看懂这个日期');
    expect(await say('demo-official', '12月4日')).toContain('意见建议');
    const recorded = await say('demo-official', '3');
    expect(recorded).toContain(`已登记 ${caseNumber} 的整改情况：整改中，整改时限 2026年12月4日（星期五）`);
    expect(recorded).toContain('2026年12月2日（星期三）会提醒本局工作群');
    const told = await sentTo('demo-teacher', 1);
    expect(told.at(-1)!.content).toContain('正在整改，整改时限 2026年12月4日');
    expect(told.map((m) => m.content).join('\n')).not.toContain('问题解决了吗');
    expect(await say('demo-official', `查看 ${caseNumber}`)).toContain('整改中，整改时限 2026-12-04');

    // Tuesday: too early. Wednesday 2 December, 09:00: two working days before the limit, the county is reminded.
    const countyBefore = (await sentTo(COUNTY_ROBOT, 1)).length;
    expect((await runJob('2026-12-01T01:00:00Z')).counts).toMatchObject({ reminded: 0, escalated: 0 });
    expect((await runJob('2026-12-02T01:00:00Z')).counts).toMatchObject({ reminded: 1, escalated: 0 });
    const reminder = (await sentTo(COUNTY_ROBOT, countyBefore + 1)).at(-1)!;
    expect(reminder.content).toContain(`整改提醒：案件 ${caseNumber} 的整改时限为 2026年12月4日（星期五）（还有 2 个工作日）`);
    expect(reminder.content).not.toMatch(/demo-teacher|演示教师/);
    expect((await runJob('2026-12-03T01:00:00Z')).counts).toMatchObject({ reminded: 0, escalated: 0 });

    // Saturday is no working day; Monday 7 December, 09:00: the limit has passed, the city is told.
    expect(await runJob('2026-12-05T01:00:00Z')).toMatchObject({ outcome: 'ran', summary: '2026-12-05 is not a working day: nothing followed' });
    const cityBefore = (await sentTo(CITY_ROBOT, 0)).length;
    expect((await runJob('2026-12-07T01:00:00Z')).counts).toMatchObject({ escalated: 1 });
    const escalated = (await sentTo(CITY_ROBOT, cityBefore + 1)).at(-1)!;
    expect(escalated.content).toContain(caseNumber);
    expect(escalated.content).toContain('提级督办：永宁县教育局未在整改时限内完成整改，现报银川市教育局');
    expect((await runJob('2026-12-08T01:00:00Z')).counts).toMatchObject({ reminded: 0, escalated: 0 });
    expect(await sentTo(CITY_ROBOT, 0)).toHaveLength(cityBefore + 1);

    // 办结 again: the measures recorded are kept (同上), 已完成; now the reporter is asked.
    app.clock = new Date('2026-12-08T03:00:00Z');
    expect(await say('demo-official', `办结 ${caseNumber} 答题任务已撤销，不再要求教师截图`)).toContain('已登记的整改措施：约谈县文明办，撤销答题任务');
    expect(await say('demo-official', '同上')).toContain('完成情况');
    expect(await say('demo-official', '1')).toContain('意见建议');
    expect(await say('demo-official', '跳过')).toContain(`已办结 ${caseNumber}`);
    const asked = (await sentTo('demo-teacher', 2)).at(-1)!.content;
    expect(asked).toContain('办理结果：答题任务已撤销，不再要求教师截图');
    expect(asked).toContain('问题解决了吗？');
    expect(await say('demo-teacher', '解决了')).toContain(`案件 ${caseNumber} 已记录为问题已解决`);

    // The 整改清单 says so.
    const res = await fetch(`${app.t.app.url}/admin/exports/rectification.xlsx?org=NX-YC-YN&from=2026-11-01&to=2026-11-30`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const row = wb.worksheets[0]!.getRow(4);
    expect([6, 7, 8].map((c) => row.getCell(c).text)).toEqual(['约谈县文明办，撤销答题任务', '2026年12月4日', '已完成']);
  });
});
