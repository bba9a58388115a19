/**
 * The monthly monitoring of 宁教办函〔2023〕95号 over the real envelope and the demo directory (10 observation
 * points, one liaison each): the process was down at 09:00 on the 25th and starts at 11:00, so the reminder
 * goes out late, once; a liaison answers the table in chat; the follow-up on the 28th reaches only those
 * missing; after the deadline the city bureau's group gets the list; the export has the right numbers.
 */
import ExcelJS from 'exceljs';
import type { FakeSentMessage } from '../../src/channels/wecom/fake-wecom-api';
import { useChatApp } from '../helpers/start-test-app';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const YINCHUAN_ROBOT = '00000000-0000-4000-8000-000000640100'; // 银川市教育局减负工作群
const COUNTY_ROBOT = '00000000-0000-4000-8000-000000640121'; // 永宁县教育局减负工作群
const LIAISONS = 10;
const YINCHUAN_LIAISONS = '00000000-0000-4000-8000-0000006401a0'; // 银川市观测点联络员群 (WeCom)
const YINCHUAN_LIAISONS_DING = 'dingdemoliaisongroup640100000000000'; // 银川市观测点联络员群 (DingTalk)

describe('observation-point liaisons and the monthly table', () => {
  // 11:00 in Shanghai: two hours after the reminder was due; the bot has been installed since the 20th.
  const app = useChatApp(new Date('2026-11-25T03:00:00Z'), { ADMIN_TOKEN }, { runningSince: new Date('2026-11-20T02:00:00Z') });
  const say = app.say;
  const sent = (keep: (m: FakeSentMessage) => boolean) => app.t.app.fakeWecom!.sent.filter(keep);
  const until = async (keep: (m: FakeSentMessage) => boolean, count: number) => {
    for (let i = 0; i < 100 && sent(keep).length < count; i++) await new Promise((r) => setTimeout(r, 50));
    return sent(keep);
  };
  const admin = (path: string, method = 'POST') => fetch(`${app.t.app.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const isReminder = (m: FakeSentMessage) => m.kind === 'app' && m.content.includes('请填写') && m.content.includes('2026年11月');
  const isFollowup = (m: FakeSentMessage) => m.kind === 'app' && m.content.includes('还没有提交');
  /** Who got the messages: one message/send names everyone who gets the same text ("a|b|c"). */
  const recipients = (ms: FakeSentMessage[]) => ms.flatMap((m) => m.to.split('|'));
  const untilReached = async (keep: (m: FakeSentMessage) => boolean, count: number) => {
    for (let i = 0; i < 100 && recipients(sent(keep)).length < count; i++) await new Promise((r) => setTimeout(r, 50));
    return sent(keep);
  };

  it('reminds every liaison once at start, late, and not again when asked to run the same period', async () => {
    const reminders = await untilReached(isReminder, LIAISONS);
    // One text for all, in one message/send: each liaison named once.
    expect(reminders).toHaveLength(1);
    expect(recipients(reminders)).toHaveLength(LIAISONS);
    expect(new Set(recipients(reminders)).size).toBe(LIAISONS);
    expect(recipients(reminders)).toContain('demo-liaison');
    expect(reminders[0]!.content).toMatch(/2026年11月的《中小学教师减负监测统计表》[\s\S]*截止 2026年11月30日[\s\S]*回复“月报”/);

    // The city's liaison groups are told too, @-mentioning its liaisons (by their id on each platform).
    const [group] = await until((m) => m.to === YINCHUAN_LIAISONS, 1);
    expect(group!.content).toContain('银川市各观测点联络员');
    expect(group!.mentioned).toContain('demo-liaison');
    expect(group!.mentioned).toContain('yc-liaison-1');
    const ding = () => app.t.app.fakeDingtalk!.sent.filter((m) => m.to === YINCHUAN_LIAISONS_DING);
    for (let i = 0; i < 100 && ding().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(ding()).toHaveLength(1);
    expect(ding()[0]!.atUserIds).toEqual(expect.arrayContaining(['demo-liaison', 'yc-liaison-1']));

    const again = await admin(`/admin/jobs/monthly-reminder/run?wait=1&at=${encodeURIComponent('2026-11-25T09:00:00+08:00')}`);
    expect(await again.json()).toMatchObject({ outcome: 'already-claimed' });
    const list = (await (await admin('/admin/jobs', 'GET')).json()) as { jobs: Array<{ name: string }> };
    expect(list.jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['escalation', 'monthly-reminder', 'monthly-followup', 'monthly-deadline']));
  });

  it('takes the table in chat from a liaison, and turns away a teacher', async () => {
    expect(await say('demo-teacher', '月报')).toContain('只有观测点学校的联络员');
    const steps: Array<[string, RegExp]> = [
      ['月报', /永宁县望洪镇红星村小学[\s\S]*接受了几次督查/],
      ['1', /名称是什么/],
      ['校园安全大检查', /哪个单位组织/],
      ['永宁县应急管理局', /是哪天/],
      ['11月5日', /年度计划/],
      ['否', /社会事务进校园/],
      ['没有', /报表/],
      ['0', /抽调或借用/],
      ['没有', /弹性上下班/],
      ['1', /其他需要说明/],
      ['没有', /请核对[\s\S]*校园安全大检查/],
      ['提交', /已提交永宁县望洪镇红星村小学2026年11月的监测表/],
    ];
    for (const [answer, next] of steps) expect(await say('demo-liaison', answer)).toMatch(next);

    // The inspection the school declared not on the approved plan becomes a case for the county bureau.
    const [alert] = await until((m) => m.to === COUNTY_ROBOT, 1);
    expect(alert!.content).toContain('校园安全大检查');
    expect(alert!.content).toContain('永宁县应急管理局');
    expect(alert!.content).toContain('依据 宁教办函〔2023〕95号');
    expect(alert!.content).toContain('观测点联络员（2026-11 监测统计表）');
  });

  it('follows up on the 28th only with the liaisons who have not submitted', async () => {
    app.clock = new Date('2026-11-28T01:00:00Z');
    const res = await admin('/admin/jobs/monthly-followup/run?wait=1');
    expect(await res.json()).toMatchObject({ outcome: 'ran' });
    const followups = await untilReached(isFollowup, LIAISONS - 1);
    expect(recipients(followups)).toHaveLength(LIAISONS - 1);
    expect(recipients(followups)).not.toContain('demo-liaison');
    // The liaison group's follow-up mentions only those still missing.
    const groupPosts = await until((m) => m.to === YINCHUAN_LIAISONS, 2);
    expect(groupPosts[1]!.content).toContain('还没有提交');
    expect(groupPosts[1]!.mentioned).toContain('yc-liaison-1');
    expect(groupPosts[1]!.mentioned).not.toContain('demo-liaison');
  });

  it('sends the missing points to the city group after the deadline, and exports the month', async () => {
    app.clock = new Date('2026-12-01T01:00:00Z');
    const res = await admin('/admin/jobs/monthly-deadline/run?wait=1');
    expect(await res.json()).toMatchObject({ outcome: 'ran' });
    const [missing] = await until((m) => m.to === YINCHUAN_ROBOT && m.content.includes('未提交'), 1);
    expect(missing!.content).toContain('银川市贺兰山路高级中学');
    expect(missing!.content).not.toContain('永宁县望洪镇红星村小学');

    const xlsx = await admin('/admin/monitoring/2026-11.xlsx', 'GET');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const summary = wb.worksheets[0]!;
    const rows = summary.getSheetValues().filter(Array.isArray) as unknown[][];
    const total = rows.find((r) => r[1] === '合计')!;
    // area, points, submitted, on time, late, missing, inspections, ...
    expect(total.slice(1, 8)).toEqual(['合计', LIAISONS, 1, 1, 0, LIAISONS - 1, 1]);
    const yinchuan = wb.worksheets.find((w) => w.name === '银川市')!;
    const school = (yinchuan.getSheetValues().filter(Array.isArray) as unknown[][]).find((r) => r[2] === '永宁县望洪镇红星村小学')!;
    expect(school.join('|')).toContain('校园安全大检查');
  });
});
