import { channelApiFailure as failure } from '../../helpers/channel-api-failure';
import { createMemoryCoord } from '../../../src/coord/engines/memory-coord';
import { createDingtalkApiClient } from '../../../src/channels/dingtalk/dingtalk-api-client';
import { createDingtalkRobotClient } from '../../../src/channels/dingtalk/dingtalk-robot-client';
import { startFakeDingtalkApi, type FakeDingtalkApi } from '../../../src/channels/dingtalk/fake-dingtalk-api';

const APP = { clientId: 'dingclient01', clientSecret: 'client-secret-0123456789' };
let api: FakeDingtalkApi;
let clock: number;
let coord: ReturnType<typeof createMemoryCoord>;

beforeEach(async () => {
  clock = 1_735_700_000_000;
  api = await startFakeDingtalkApi({ ...APP, robots: { robottoken1: 'SECrobot1' }, now: () => clock });
  coord = createMemoryCoord();
});
afterEach(async () => {
  await api.close();
  await coord.close();
});

const client = () => createDingtalkApiClient({ apiBase: api.url, oapiBase: api.url, ...APP, robotCode: APP.clientId, coord, now: () => clock });
const robots = () => createDingtalkRobotClient({ oapiBase: api.url, now: () => new Date(clock) });

describe('DingTalk OpenAPI client', () => {
  it('sends 1:1 and to a group with msgParam a JSON string, one token for concurrent sends', async () => {
    const c = client();
    await Promise.all([
      c.sendToUser('demo-teacher', { kind: 'text', text: '您好' }),
      c.sendToGroup('cidGroup', { kind: 'markdown', title: '告警', text: '**告警**' }),
    ]);
    expect(api.tokenRequests).toBe(1);
    expect(api.sent.map(({ kind, to, msgtype, content }) => ({ kind, to, msgtype, content })).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'group', to: 'cidGroup', msgtype: 'markdown', content: '**告警**' },
      { kind: 'user', to: 'demo-teacher', msgtype: 'text', content: '您好' },
    ]);
  });

  it('sends one text to up to 20 people in one call, naming who is not on staff and who was held back; 21 are refused unsent', async () => {
    const strict = await startFakeDingtalkApi({ ...APP, now: () => clock, isStaff: (id) => id !== 'ghost', holdBack: (id) => id === 'busy' });
    try {
      const c = createDingtalkApiClient({ apiBase: strict.url, oapiBase: strict.url, ...APP, robotCode: APP.clientId, coord, now: () => clock });
      const outcome = await c.sendToUsers(['a', 'ghost', 'busy', 'b'], { kind: 'text', text: '请填写月报' });
      expect(outcome).toEqual({ undelivered: [{ userId: 'ghost', reason: expect.stringMatching(/not a valid staff id/) }], heldBack: ['busy'] });
      expect(strict.sent.map((m) => m.to)).toEqual(['a', 'b']);
      const err = await failure(c.sendToUsers(Array.from({ length: 21 }, (_, i) => `u${i}`), { kind: 'text', text: 'x' }));
      expect(err).toMatchObject({ retryable: false, message: expect.stringMatching(/at most 20/) });
      expect(strict.sent).toHaveLength(2);
    } finally {
      await strict.close();
    }
  });

  it('fetches a new token once the cached one has expired', async () => {
    const c = client();
    await c.sendToUser('u', { kind: 'text', text: '1' });
    clock += 7200 * 1000;
    await c.sendToUser('u', { kind: 'text', text: '2' });
    expect(api.tokenRequests).toBe(2);
  });

  it('posts to a valid sessionWebhook on the oapi origin, and refuses one elsewhere without calling it', async () => {
    const c = client();
    const hook = api.sessionWebhook('cidGroup');
    await c.sendToSessionWebhook(hook.url, { kind: 'text', text: '为保护隐私', mentions: ['demo-teacher'] });
    expect(api.sent[0]).toMatchObject({ kind: 'session', to: 'cidGroup', atUserIds: ['demo-teacher'] });
    expect(c.isTrustedWebhook('https://evil.example/robot/sendBySession?session=x')).toBe(false);
    const err = await failure(c.sendToSessionWebhook('https://evil.example/x', { kind: 'text', text: 'x' }));
    expect(err.retryable).toBe(false);
    clock += 91 * 60_000;
    expect((await failure(c.sendToSessionWebhook(hook.url, { kind: 'text', text: 'late' }))).platformCode).toBe(300001);
  });

  it('a wrong secret fails permanently without quoting it', async () => {
    const c = createDingtalkApiClient({ apiBase: api.url, oapiBase: api.url, clientId: APP.clientId, clientSecret: 'wrong-secret-xyz', robotCode: APP.clientId, coord });
    const err = await failure(c.sendToUser('u', { kind: 'text', text: 'x' }));
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain('wrong-secret-xyz');
  });
});

describe('DingTalk custom robot client', () => {
  it('signs each send afresh, sends markdown with at.atUserIds and names them in the text', async () => {
    await robots().send('robottoken1', 'SECrobot1', { kind: 'markdown', title: '告警', text: '**新案件**', mentions: ['liaison-1'] });
    clock += 2 * 3600 * 1000; // a URL signed two hours ago would be refused: this one is signed now
    await robots().send('robottoken1', 'SECrobot1', { kind: 'text', text: '提醒' });
    expect(api.sent.map(({ msgtype, content, atUserIds }) => ({ msgtype, content, atUserIds }))).toEqual([
      { msgtype: 'markdown', content: '**新案件**\n\n@liaison-1', atUserIds: ['liaison-1'] },
      { msgtype: 'text', content: '提醒', atUserIds: [] },
    ]);
  });

  it('130101 (over 20 a minute) is retryable; 310000 (security check) fails with its reason; secrets never quoted', async () => {
    for (let i = 0; i < 20; i++) await robots().send('robottoken1', 'SECrobot1', { kind: 'text', text: String(i) });
    const fast = await failure(robots().send('robottoken1', 'SECrobot1', { kind: 'text', text: '21' }));
    expect([fast.retryable, fast.platformCode]).toEqual([true, 130101]);
    const bad = await failure(robots().send('robottoken1', 'WRONGsecret', { kind: 'text', text: 'x' }));
    expect([bad.retryable, bad.platformCode]).toEqual([false, 310000]);
    expect(bad.message).toContain('sign not match');
    expect(bad.message).not.toMatch(/robottoken1|SECrobot1|WRONGsecret/);
  });
});
