/**
 * The DingTalk robot over its real protocol (signed callbacks, sessionWebhooks) in demo mode: what a teacher
 * asks privately in a group is answered there with one neutral line and goes on in the 1:1 chat.
 */
import { DEMO_DINGTALK } from '../../src/config';
import type { FakeDingtalkMessage } from '../../src/channels/dingtalk/fake-dingtalk-api';
import { createDingtalkPeer, type DingtalkPeer } from '../../src/tools/dingtalk-peer';
import { removeDir, startTestApp, type TestApp } from '../helpers/start-test-app';

let t: TestApp;
let peer: DingtalkPeer;

beforeAll(async () => {
  t = await startTestApp();
  const fake = t.app.fakeDingtalk!;
  peer = createDingtalkPeer({ url: t.app.url, clientSecret: DEMO_DINGTALK.clientSecret, robotCode: DEMO_DINGTALK.robotCode, corpId: DEMO_DINGTALK.corpId, sessionWebhook: (cid) => fake.sessionWebhook(cid) });
});
afterAll(async () => {
  await t.stop();
  removeDir(t.dataDir);
});

async function until(pred: (sent: FakeDingtalkMessage[]) => boolean): Promise<FakeDingtalkMessage[]> {
  for (let i = 0; i < 200; i++) {
    if (pred(t.app.fakeDingtalk!.sent)) return t.app.fakeDingtalk!.sent;
    await new Promise((r) => setTimeout(r, 25));
  }
  return t.app.fakeDingtalk!.sent;
}

describe('DingTalk robot end to end (demo)', () => {
  it('refuses an unsigned callback with 401', async () => {
    const res = await fetch(`${t.app.url}/dingtalk/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('举报 @-mentioned in a teachers\' group: one neutral public line in the group, the first question in 1:1', async () => {
    const before = t.app.fakeDingtalk!.sent.length;
    expect((await peer.say('demo-teacher', '举报', 'demo-yn-teachers')).status).toBe(200);
    await until((s) => s.slice(before).some((m) => m.kind === 'user' && m.content.includes('哪个单位')) && s.slice(before).some((m) => m.kind !== 'user'));
    await new Promise((r) => setTimeout(r, 200)); // nothing more comes
    const sent = t.app.fakeDingtalk!.sent.slice(before);
    const inGroup = sent.filter((m) => m.kind === 'session' || m.kind === 'group');
    const private1 = sent.filter((m) => m.kind === 'user' && m.to === 'demo-teacher');
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]!.content).toContain('私');
    expect(inGroup[0]!.content).not.toMatch(/[？?]/);
    expect(private1.length).toBeGreaterThanOrEqual(1);

    // The flow goes on and completes in the 1:1 chat (each answer comes through the robot's 1:1 send).
    const sayPrivately = async (text: string, expected: RegExp): Promise<void> => {
      const from = t.app.fakeDingtalk!.sent.length;
      const said = (s: FakeDingtalkMessage[]) => s.slice(from).filter((m) => m.kind === 'user' && m.to === 'demo-teacher').map((m) => m.content).join('\n');
      expect((await peer.say('demo-teacher', text)).status).toBe(200);
      // A turn's replies may come as several messages: wait until the expected one is there.
      expect(said(await until((s) => expected.test(said(s))))).toMatch(expected);
    };
    await sayPrivately('永宁县教育局', /发生了什么/);
    await sayPrivately('要求每位教师下载APP答题并截图上报，不完成就通报', /哪天/);
    await sayPrivately('昨天', /在哪里/);
    await sayPrivately('本校', /证据/);
    await sayPrivately('跳过', /匿名（默认）/);
    await sayPrivately('跳过', /联系您核实/);
    await sayPrivately('否', /请核对/);
    await sayPrivately('提交', /NX-\d{4}-\d{6}/);
  });

  it('帮助 in 1:1 is answered through the robot 1:1 send', async () => {
    const before = t.app.fakeDingtalk!.sent.length;
    await peer.say('demo-teacher', '帮助');
    const sent = (await until((s) => s.slice(before).some((m) => m.kind === 'user'))).slice(before);
    expect(sent.filter((m) => m.kind === 'user' && m.to === 'demo-teacher').length).toBeGreaterThanOrEqual(1);
    expect(sent.filter((m) => m.kind !== 'user')).toEqual([]);
  });
});
