/**
 * A survey round of 宁教办函〔2023〕95号 from announcement to 通报: the scheduler announces it to every teacher
 * on the opening day, teachers answer it in the chat (once each), the dashboard shows participation per
 * county against the directory's teachers, and the monthly note lists the regions below 25% to the bureau
 * above them. Everything through the real envelope, the outbox, the admin API and the WeCom stand-in.
 */
import type { FakeSentMessage } from '../../src/channels/wecom/fake-wecom-api';
import { sessionCookie } from '../helpers/dashboard-session';
import { useChatApp } from '../helpers/start-test-app';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const CITY_SZS_ROBOT = '00000000-0000-4000-8000-000000640200'; // 石嘴山市教育局
const CITY_YC_ROBOT = '00000000-0000-4000-8000-000000640100'; // 银川市教育局
const REGION_ROBOT = '00000000-0000-4000-8000-000000640000'; // 自治区教育厅

describe('a survey round, its participation and the monthly 通报 list', () => {
  const app = useChatApp(new Date('2026-07-24T00:50:00Z'), { ADMIN_TOKEN }); // 08:50 on the opening day
  const runJob = (name: string, at: string) => fetch(`${app.t.app.url}/admin/jobs/${name}/run?wait=1&at=${at}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const sent = async (to: string, count: number): Promise<FakeSentMessage[]> => {
    const mine = () => app.t.app.fakeWecom!.sent.filter((m) => m.to === to);
    for (let i = 0; i < 100 && mine().length < count; i++) await new Promise((r) => setTimeout(r, 50));
    return mine();
  };
  const answerAll = async (user: string) => {
    const first = await app.say(user, '问卷');
    expect(first).toContain('第 1/6 题');
    for (let i = 0; i < 5; i++) expect(await app.say(user, '1')).toContain(`第 ${i + 2}/6 题`);
    return app.say(user, '2');
  };

  it('announces the round to every teacher on the opening day, once', async () => {
    app.clock = new Date('2026-07-24T01:30:00Z');
    expect((await runJob('survey-announce-nx-2023-95-b', '2026-07-24T01:00:00Z')).status).toBe(200);
    expect(await (await runJob('survey-announce-nx-2023-95-b', '2026-07-24T01:00:00Z')).text()).toContain('already');
    const [announcement] = await sent('demo-teacher', 1);
    expect(announcement!.content).toContain('自治区中小学教师减负网络调查问卷（B卷）');
    expect(announcement!.content).toContain('7月24日 至 7月28日');
    expect(announcement!.content).toContain('请发送“问卷”参加');
    expect((await sent('szs-teacher-1', 1)).length).toBe(1);
    // Not to liaisons or officials.
    expect(app.t.app.fakeWecom!.sent.filter((m) => m.to === 'demo-official' || m.to === 'demo-liaison')).toEqual([]);
  });

  it('lets a teacher answer once, re-asks a wrong answer, and refuses non-teachers', async () => {
    expect(await app.say('demo-official', '问卷')).toContain('问卷面向目录中登记的中小学教师');
    const first = await app.say('demo-teacher', '问卷');
    expect(first).toContain('共 6 题');
    expect(await app.say('demo-teacher', '9')).toContain('请回答 1 到 4 之间的数字');
    for (let i = 0; i < 5; i++) await app.say('demo-teacher', '1');
    expect(await app.say('demo-teacher', '1')).toBe('已提交，感谢您参加“自治区中小学教师减负网络调查问卷（B卷）”！');
    expect(await app.say('demo-teacher', '问卷')).toContain('您已参加过');
    expect(await answerAll('zhaoyan')).toContain('已提交');
  });

  it("shows each region's participation on the dashboard against the directory's teachers", async () => {
    const cookie = await sessionCookie(app, 'yc-official');
    const html = await (await fetch(`${app.t.app.url}/dashboard`, { headers: { cookie } })).text();
    const part = html.slice(html.indexOf('id="participation-nx-2023-95-b"'), html.indexOf('id="reduction"'));
    expect(part).toContain('2026 年参与率（进行中）');
    // 银川市: 2 of its 6 directory teachers; 永宁县: 2 of 3.
    expect(part).toMatch(/<th scope="row">银川市<\/th><td>6<\/td><td>2<\/td><td>33.3%<\/td><td><\/td>/);
    expect(part).toMatch(/<th scope="row">永宁县<\/th><td>3<\/td><td>2<\/td><td>66.7%<\/td><td><\/td>/);
    expect(part).toMatch(/<g class="bar" data-label="永宁县" data-value="66.7%">/);
    expect(part).not.toContain('大武口区');
  });

  it('lists the regions below 25% to the bureau above them in the note of the month', async () => {
    app.clock = new Date('2026-08-01T01:00:00Z');
    expect(await app.say('yc-teacher-1', '问卷')).toBe('目前没有开放中的问卷调查。');
    const run = await runJob('survey-note-nx-2023-95-b', '2026-08-01T01:00:00Z');
    expect(run.status).toBe(200);
    const [toSzs] = await sent(CITY_SZS_ROBOT, 1);
    expect(toSzs!.content).toContain('2026年7月：以下地区教师参与率低于 25%，拟予通报');
    expect(toSzs!.content).toContain('1. 大武口区：参与 0 人 / 目录教师 4 人，参与率 0%');
    const [toRegion] = await sent(REGION_ROBOT, 1);
    expect(toRegion!.content).toContain('石嘴山市：参与 0 人 / 目录教师 4 人');
    expect(toRegion!.content).not.toContain('银川市');
    // 银川市 (33%) and 永宁县 (67%) are above the floor: nothing to 银川.
    expect(app.t.app.fakeWecom!.sent.filter((m) => m.to === CITY_YC_ROBOT && m.content.includes('参与率'))).toEqual([]);
    // The same period again does nothing.
    const again = await runJob('survey-note-nx-2023-95-b', '2026-08-01T01:00:00Z');
    expect(await again.text()).toContain('already');
  });
});
