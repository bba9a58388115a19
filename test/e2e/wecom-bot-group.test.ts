/**
 * The WeCom AI bot over its real protocol (JSON envelope, receive id "", passive streams, response_url) in
 * demo mode: 举报 @-mentioned in a teachers' group gets one neutral public answer and no question there; the
 * first question arrives in the 1:1 chat through the WeCom app (same corp, same userids), and the flow
 * completes there.
 */
import { DEMO_WECOM_BOT } from '../../src/config';
import type { FakeSentMessage } from '../../src/channels/wecom/fake-wecom-api';
import { botTextPlaintext, createWecomBotPeer, sealBotCallback, type WecomBotPeer } from '../../src/tools/wecom-bot-peer';
import { removeDir, startTestApp, type TestApp } from '../helpers/start-test-app';

let t: TestApp;
let bot: WecomBotPeer;

beforeAll(async () => {
  t = await startTestApp();
  bot = createWecomBotPeer({ url: t.app.url, ...DEMO_WECOM_BOT, responseBase: t.app.fakeWecom!.url });
});
afterAll(async () => {
  await t.stop();
  removeDir(t.dataDir);
});

async function until(pred: (sent: FakeSentMessage[]) => boolean): Promise<FakeSentMessage[]> {
  for (let i = 0; i < 200 && !pred(t.app.fakeWecom!.sent); i++) await new Promise((r) => setTimeout(r, 25));
  return t.app.fakeWecom!.sent;
}

/** What the WeCom app said to the teacher in 1:1 for one message of theirs there (passive, or through the API). */
async function sayPrivately(text: string): Promise<string> {
  const before = t.app.fakeWecom!.sent.length;
  const answer = await t.peer.say('demo-teacher', text);
  if (answer.replyText) return answer.replyText;
  const sent = await until((s) => s.slice(before).some((m) => m.to === 'demo-teacher'));
  return sent.slice(before).filter((m) => m.to === 'demo-teacher').map((m) => m.content).join('\n');
}

describe('WeCom AI bot end to end (demo)', () => {
  it('refuses a callback signed with another token with 401, and an unsigned one with 400', async () => {
    const sealed = sealBotCallback({ ...DEMO_WECOM_BOT, token: 'not-the-token' }, botTextPlaintext('demo-teacher', '帮助'), new Date());
    const bad = await fetch(`${t.app.url}/wecom/bot/callback?${new URLSearchParams(sealed.query)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sealed.body });
    expect(bad.status).toBe(401);
    const unsigned = await fetch(`${t.app.url}/wecom/bot/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(400);
  });

  it('帮助 in 1:1 is answered in a finished passive stream', async () => {
    const answer = await bot.say('demo-teacher', '帮助');
    expect(answer.status).toBe(200);
    expect(answer.finished).toBe(true);
    expect(answer.replyText).toBeTruthy();
  });

  it('举报 @-mentioned in a group: one neutral public answer, the first question in the app 1:1, the flow completes there', async () => {
    const before = t.app.fakeWecom!.sent.length;
    const answer = await bot.say('demo-teacher', '举报', 'demo-yn-teachers');
    const sent = (await until((s) => s.slice(before).some((m) => m.kind === 'app' && m.to === 'demo-teacher'))).slice(before);
    await new Promise((r) => setTimeout(r, 200)); // nothing more comes
    const all = t.app.fakeWecom!.sent.slice(before);
    expect(all.length).toBe(sent.length);
    // The public answer: the passive stream, or (past the budget) the group's response_url; one of them only.
    const publicAnswers = [...(answer.replyText ? [answer.replyText] : []), ...all.filter((m) => m.kind === 'aibot').map((m) => m.content)];
    expect(publicAnswers).toHaveLength(1);
    expect(publicAnswers[0]).toContain('私');
    expect(publicAnswers[0]).not.toMatch(/[？?]/);
    const privately = all.filter((m) => m.kind === 'app' && m.to === 'demo-teacher');
    expect(privately.map((m) => m.content).join('\n')).toMatch(/哪个单位/);
    expect(all.filter((m) => m.kind !== 'app')).toHaveLength(publicAnswers.length - (answer.replyText ? 1 : 0));

    expect(await sayPrivately('永宁县教育局')).toMatch(/发生了什么/);
    expect(await sayPrivately('要求每位教师下载APP答题并截图上报，不完成就通报')).toMatch(/哪天/);
    expect(await sayPrivately('昨天')).toMatch(/在哪里/);
    expect(await sayPrivately('本校')).toMatch(/证据/);
    expect(await sayPrivately('跳过')).toMatch(/匿名（默认）/);
    expect(await sayPrivately('跳过')).toMatch(/联系您核实/);
    expect(await sayPrivately('否')).toContain('请核对');
    expect(await sayPrivately('提交')).toMatch(/NX-\d{4}-\d{6}/);
  });

  it('a reply past the budget goes once to the response_url on the API origin, then (and from another origin) to the 1:1 chat', async () => {
    const fake = t.app.fakeWecom!;
    const url = bot.newResponseUrl({ kind: 'group', id: 'demo-yn-teachers' });
    const code = new URL(url).searchParams.get('response_code')!;
    const fallback = { kind: 'user' as const, channel: 'wecom' as const, userId: 'demo-teacher' };
    const handle = (h: string) => ({ kind: 'handle' as const, channel: 'wecom-bot' as const, handle: h, expiresAt: Date.now() + 3_600_000, fallback });
    const before = fake.sent.length;
    const calls = fake.calls.length;
    const late = (id: string, h: string, text: string) => t.app.outbox.enqueue([{ id: `late-${id}-${code}`, destination: handle(h), reply: { kind: 'text', text } }], new Date());

    await late('1', url, '第一条');
    await until((s) => s.slice(before).some((m) => m.content === '第一条'));
    await late('2', url, '第二条');
    await late('3', 'https://qyapi.example.org/cgi-bin/aibot/response?response_code=x', '第三条');
    const sent = (await until((s) => ['第二条', '第三条'].every((c) => s.slice(before).some((m) => m.content === c)))).slice(before);
    expect(sent.map((m) => [m.kind, m.to, m.content])).toEqual(
      expect.arrayContaining([['aibot', code, '第一条'], ['app', 'demo-teacher', '第二条'], ['app', 'demo-teacher', '第三条']]),
    );
    expect(sent.filter((m) => m.kind === 'aibot')).toHaveLength(1);
    // One post to a response_url in all: the second use and the foreign one went to the 1:1 chat.
    expect(fake.calls.slice(calls).filter((c) => c.endpoint === 'aibot')).toHaveLength(1);
  });
});
