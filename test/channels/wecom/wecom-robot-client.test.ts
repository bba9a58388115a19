import { startFakeWecomApi, type FakeWecomApi } from '../../../src/channels/wecom/fake-wecom-api';
import { createWecomRobotClient, type WecomRobotClientOptions } from '../../../src/channels/wecom/wecom-robot-client';
import { utf8Bytes } from '../../../src/channels/wecom/split-by-bytes';
import { TEST_WECOM } from '../../helpers/wecom-envelope-helper';
import { channelApiFailure } from '../../helpers/channel-api-failure';

const KEY = 'robot-key-0001';
let api: FakeWecomApi;
let clock: number;

beforeEach(async () => {
  clock = 1_735_700_000_000;
  api = await startFakeWecomApi({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret, robotKeys: [KEY], now: () => clock });
});
afterEach(() => api.close());

const robot = (extra: Partial<WecomRobotClientOptions> = {}) => createWecomRobotClient({ apiBase: api.url, ...extra });

const failure = channelApiFailure;

describe('WeCom robot client', () => {
  it('sends text and markdown', async () => {
    await robot().send(KEY, { kind: 'text', text: '告警' });
    await robot().send(KEY, { kind: 'markdown', title: 'x', text: '**告警**' });
    expect(api.sent.map(({ kind, to, msgtype, content }) => ({ kind, to, msgtype, content }))).toEqual([
      { kind: 'robot', to: KEY, msgtype: 'text', content: '告警' },
      { kind: 'robot', to: KEY, msgtype: 'markdown', content: '**告警**' },
    ]);
  });

  it('measures in UTF-8 bytes: 700 CJK characters (2100 bytes) of text become two parts', async () => {
    const text = '减'.repeat(700);
    expect(text.length).toBeLessThan(2048);
    await robot().send(KEY, { kind: 'text', text });
    expect(api.sent).toHaveLength(2);
    expect(api.sent.map((m) => m.content.slice(0, 6))).toEqual(['(1/2)\n', '(2/2)\n']);
    for (const m of api.sent) expect(utf8Bytes(m.content)).toBeLessThanOrEqual(2048);
  });

  it('keeps CJK markdown up to 4096 bytes in one message', async () => {
    const text = '减'.repeat(1365); // 4095 bytes
    await robot().send(KEY, { kind: 'markdown', title: 'x', text });
    expect(api.sent.map((m) => m.content)).toEqual([text]);
  });

  it('shortens longer markdown to one message ending with the marker', async () => {
    await robot({ truncatedMarker: '…(内容过长，已截断)' }).send(KEY, { kind: 'markdown', title: 'x', text: '## 告警\n' + '内容'.repeat(1000) });
    expect(api.sent).toHaveLength(1);
    const content = api.sent[0]?.content ?? '';
    expect(content.startsWith('## 告警\n')).toBe(true);
    expect(content.endsWith('…(内容过长，已截断)')).toBe(true);
    expect(utf8Bytes(content)).toBeLessThanOrEqual(4096);
  });

  it('splits longer markdown when asked to', async () => {
    await robot({ markdownOverflow: 'split' }).send(KEY, { kind: 'markdown', title: 'x', text: '内容'.repeat(1000) });
    expect(api.sent).toHaveLength(2);
  });

  it('a bad key (93000) is not retryable, and the key is not in the error', async () => {
    const e = await failure(robot().send('revoked-key-9999', { kind: 'text', text: 'x' }));
    expect(e).toMatchObject({ retryable: false, platformCode: 93000 });
    expect(e.message).not.toContain('revoked-key-9999');
  });

  it('more than 20 messages a minute -> 45009, retryable; the window rolls', async () => {
    for (let i = 0; i < 20; i++) await robot().send(KEY, { kind: 'text', text: `${i}` });
    const e = await failure(robot().send(KEY, { kind: 'text', text: 'one too many' }));
    expect(e).toMatchObject({ retryable: true, platformCode: 45009 });
    clock += 61_000;
    await robot().send(KEY, { kind: 'text', text: 'next minute' });
    expect(api.sent).toHaveLength(21);
  });

  it('an injected 45009 is retryable', async () => {
    api.failNext(45009);
    expect(await failure(robot().send(KEY, { kind: 'text', text: 'x' }))).toMatchObject({ retryable: true });
  });
});
