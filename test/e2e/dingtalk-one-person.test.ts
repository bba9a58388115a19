/**
 * One person on WeCom and DingTalk (the directory's dingtalk_user_id): a case a teacher filed on WeCom alerts
 * the county bureau's WeCom and DingTalk groups, is in
 * their 我的反映 on DingTalk, and the county's official claims it with 认领 @-mentioned in the bureau's
 * DingTalk group, where the public answer says nothing about the reporter.
 */
import { DEMO_DINGTALK } from '../../src/config';
import type { FakeDingtalkMessage } from '../../src/channels/dingtalk/fake-dingtalk-api';
import { createDingtalkPeer, type DingtalkPeer } from '../../src/tools/dingtalk-peer';
import { BURDEN_ANSWERS } from '../helpers/burden-answers';
import { useChatApp } from '../helpers/start-test-app';

describe('one person on both platforms', () => {
  const app = useChatApp(new Date('2026-11-23T02:00:00Z'));
  let ding: DingtalkPeer;
  beforeAll(() => {
    const fake = app.t.app.fakeDingtalk!;
    ding = createDingtalkPeer({ url: app.t.app.url, clientSecret: DEMO_DINGTALK.clientSecret, robotCode: DEMO_DINGTALK.robotCode, corpId: DEMO_DINGTALK.corpId, sessionWebhook: (cid) => fake.sessionWebhook(cid), now: () => app.clock });
  });

  /** What DingTalk's stand-in got after `before`, once `pred` holds (the answers come through the outbox). */
  async function dingSent(before: number, pred: (m: FakeDingtalkMessage[]) => boolean): Promise<FakeDingtalkMessage[]> {
    const after = () => app.t.app.fakeDingtalk!.sent.slice(before);
    for (let i = 0; i < 200 && !pred(after()); i++) await new Promise((r) => setTimeout(r, 25));
    return after();
  }

  it('a case filed on WeCom is the same person’s on DingTalk, and its official claims it from the DingTalk group', async () => {
    for (const [answer, next] of BURDEN_ANSWERS) expect(await app.say('demo-teacher', answer)).toMatch(next);
    expect(await app.say('demo-teacher', '是')).toContain('请核对');
    const caseNumber = (await app.say('demo-teacher', '提交')).match(/NX-2026-\d{6}/)?.[0];
    expect(caseNumber).toBeDefined();

    // The alert reaches the county bureau's DingTalk custom robot too (signed, markdown), with the case.
    const robot = await dingSent(0, (s) => s.some((m) => m.kind === 'robot' && m.to === 'dingdemorobot0000000000000640121'));
    expect(robot.find((m) => m.kind === 'robot' && m.to === 'dingdemorobot0000000000000640121')!.content).toContain(caseNumber!);

    let before = app.t.app.fakeDingtalk!.sent.length;
    expect((await ding.say('demo-teacher', '我的反映')).status).toBe(200);
    const mine = await dingSent(before, (s) => s.some((m) => m.kind === 'user' && m.to === 'demo-teacher'));
    expect(mine.find((m) => m.kind === 'user' && m.to === 'demo-teacher')!.content).toContain(caseNumber!);

    before = app.t.app.fakeDingtalk!.sent.length;
    expect((await ding.say('demo-official', `认领 ${caseNumber}`, 'demo-yn-bureau')).status).toBe(200);
    const inGroup = (await dingSent(before, (s) => s.some((m) => m.kind === 'session' || m.kind === 'group'))).filter((m) => m.kind === 'session' || m.kind === 'group');
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]!.content).toContain(`已认领 ${caseNumber}`);
    expect(inGroup[0]!.content).not.toMatch(/demo-teacher|演示教师/);
  });
});
