import { createMemoryCoord } from '../../../src/coord/engines/memory-coord';
import type { Coord } from '../../../src/coord/coord';
import { startFakeWecomApi, type FakeWecomApi } from '../../../src/channels/wecom/fake-wecom-api';
import { createWecomAppClient, type WecomAppClientOptions } from '../../../src/channels/wecom/wecom-app-client';
import { utf8Bytes } from '../../../src/channels/wecom/split-by-bytes';
import { TEST_WECOM } from '../../helpers/wecom-envelope-helper';
import { channelApiFailure } from '../../helpers/channel-api-failure';

let api: FakeWecomApi;
let coord: Coord;

beforeEach(async () => {
  api = await startFakeWecomApi({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret, agentId: TEST_WECOM.agentId });
  coord = createMemoryCoord();
});
afterEach(async () => {
  await api.close();
  await coord.close();
});

const client = (extra: Partial<WecomAppClientOptions> = {}) =>
  createWecomAppClient({ apiBase: api.url, corpId: TEST_WECOM.corpId, agentId: TEST_WECOM.agentId, secret: TEST_WECOM.secret, coord, ...extra });

const failure = channelApiFailure;

describe('WeCom app client', () => {
  it('sends text and markdown to a member', async () => {
    const c = client();
    await c.sendToUser('zhangsan', { kind: 'text', text: '你好' });
    await c.sendToUser('zhangsan', { kind: 'markdown', title: 'ignored', text: '**提醒**' });
    expect(api.sent.map(({ kind, to, msgtype, content }) => ({ kind, to, msgtype, content }))).toEqual([
      { kind: 'app', to: 'zhangsan', msgtype: 'text', content: '你好' },
      { kind: 'app', to: 'zhangsan', msgtype: 'markdown', content: '**提醒**' },
    ]);
  });

  it('caches the token: one gettoken for many sends, shared by instances on one coord', async () => {
    const a = client();
    for (let i = 0; i < 5; i++) await a.sendToUser('u', { kind: 'text', text: `m${i}` });
    await client().sendToUser('u', { kind: 'text', text: 'from another instance' });
    expect(api.tokenRequests).toBe(1);
    expect(api.sent).toHaveLength(6);
  });

  it('refreshes single-flight: 10 concurrent sends fetch one token', async () => {
    const c = client();
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.sendToUser('u', { kind: 'text', text: `m${i}` })));
    expect(api.tokenRequests).toBe(1);
    expect(api.sent).toHaveLength(10);
  });

  it('refreshes single-flight across instances: waiters poll the shared cache', async () => {
    const clients = Array.from({ length: 5 }, () => client({ pollMs: 5 }));
    await Promise.all(clients.map((c, i) => c.sendToUser('u', { kind: 'text', text: `m${i}` })));
    expect(api.tokenRequests).toBe(1);
  });

  it('retries once with a fresh token on 42001', async () => {
    const c = client();
    await c.sendToUser('u', { kind: 'text', text: 'before' });
    api.invalidateTokens();
    await c.sendToUser('u', { kind: 'text', text: 'after' });
    expect(api.tokenRequests).toBe(2);
    expect(api.sent.map((m) => m.content)).toEqual(['before', 'after']);
  });

  it('retries only once: a second 42001 is an error', async () => {
    const c = client();
    api.failNext(42001, 2, 'app');
    const e = await failure(c.sendToUser('u', { kind: 'text', text: 'x' }));
    expect(e.platformCode).toBe(42001);
    expect(api.tokenRequests).toBe(2);
    expect(api.sent).toHaveLength(0);
  });

  it.each([
    [45009, true],
    [45033, true],
    [-1, true],
    [81013, false],
    [60020, false],
    [40003, false],
    [48002, false],
  ])('errcode %i -> retryable %s', async (errcode, retryable) => {
    api.failNext(errcode, 1, 'app');
    const e = await failure(client().sendToUser('u', { kind: 'text', text: 'x' }));
    expect(e).toMatchObject({ retryable, platformCode: errcode });
  });

  it('wrong secret -> not retryable, and the secret is nowhere in the error', async () => {
    const e = await failure(client({ secret: 'wrong-secret-value' }).sendToUser('u', { kind: 'text', text: 'x' }));
    expect(e).toMatchObject({ retryable: false, platformCode: 40001 });
    expect(`${e.message} ${String(e.stack)}`).not.toContain('wrong-secret-value');
  });

  it('5xx and network failures are retryable and never show the URL', async () => {
    api.failNextHttp(502);
    const e1 = await failure(client().sendToUser('u', { kind: 'text', text: 'x' }));
    expect(e1).toMatchObject({ retryable: true, platformCode: 502 });

    const dead = await failure(client({ apiBase: 'http://127.0.0.1:1' }).sendToUser('u', { kind: 'text', text: 'x' }));
    expect(dead.retryable).toBe(true);
    expect(dead.message).not.toContain(TEST_WECOM.secret);
    expect(dead.message).not.toContain('corpsecret');
  });

  it('times out slow calls as retryable', async () => {
    const slowFetch: typeof fetch = (input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const e = await failure(client({ fetch: slowFetch, timeoutMs: 50 }).sendToUser('u', { kind: 'text', text: 'x' }));
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/timeout/);
  });

  it('splits a 5000-byte text into numbered parts within 2048 bytes, at line breaks', async () => {
    const line = '课后服务反映：周末补课安排过多，请核实。'; // 60 bytes
    const text = Array.from({ length: 84 }, (_, i) => `${i} ${line}`).join('\n');
    expect(utf8Bytes(text)).toBeGreaterThan(5000);
    await client().sendToUser('u', { kind: 'text', text });
    const parts = api.sent.map((m) => m.content);
    expect(parts).toHaveLength(3);
    parts.forEach((p, i) => {
      expect(p.startsWith(`(${i + 1}/3)\n`)).toBe(true);
      expect(utf8Bytes(p)).toBeLessThanOrEqual(2048);
    });
    // Cut at line breaks: every part ends with a whole line.
    for (const p of parts) expect(p.endsWith('请核实。')).toBe(true);
    expect(parts.map((p) => p.replace(/^\(\d\/3\)\n/, '')).join('\n')).toBe(text);
  });

  it('splits long markdown the same way', async () => {
    await client().sendToUser('u', { kind: 'markdown', title: 't', text: '> 提醒\n'.repeat(600) });
    expect(api.sent.length).toBeGreaterThan(1);
    for (const m of api.sent) expect(utf8Bytes(m.content)).toBeLessThanOrEqual(2048);
  });

  it('reports a coord outage as retryable', async () => {
    await coord.close();
    const e = await failure(client().sendToUser('u', { kind: 'text', text: 'x' }));
    expect(e.retryable).toBe(true);
  });
});

describe('WeCom app client: one text to many members (touser)', () => {
  const members = new Set(['zhangsan', 'lisi', 'wangwu']);
  let strict: FakeWecomApi;
  beforeEach(async () => {
    strict = await startFakeWecomApi({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret, agentId: TEST_WECOM.agentId, isMember: (id) => members.has(id) || id === 'nolicense', isUnlicensed: (id) => id === 'nolicense' });
  });
  afterEach(() => strict.close());
  const bodies: Array<Record<string, unknown>> = [];
  const strictClient = () =>
    createWecomAppClient({
      apiBase: strict.url, corpId: TEST_WECOM.corpId, agentId: TEST_WECOM.agentId, secret: TEST_WECOM.secret, coord,
      fetch: async (url, init) => {
        if (typeof init?.body === 'string') bodies.push(JSON.parse(init.body) as Record<string, unknown>);
        return fetch(url, init);
      },
    });

  it('names everyone in one message/send, with WeCom dropping what a member already got (duplicate check)', async () => {
    bodies.length = 0;
    expect(await strictClient().sendToUsers(['zhangsan', 'lisi', 'wangwu'], { kind: 'text', text: '请填写月报' })).toEqual({ undelivered: [] });
    expect(strict.sent.map(({ to, content }) => ({ to, content }))).toEqual([{ to: 'zhangsan|lisi|wangwu', content: '请填写月报' }]);
    expect(bodies).toEqual([expect.objectContaining({ touser: 'zhangsan|lisi|wangwu', msgtype: 'text', enable_duplicate_check: 1, duplicate_check_interval: 1800 })]);
  });

  it('gives back the members WeCom did not deliver to (invaliduser, unlicenseduser), each with the reason; the rest got it', async () => {
    const out = await strictClient().sendToUsers(['zhangsan', 'left-the-corp', 'lisi', 'nolicense'], { kind: 'text', text: '请填写月报' });
    expect(out.undelivered).toEqual([
      { userId: 'left-the-corp', reason: expect.stringMatching(/not a valid member of the app \(invaliduser\)/) },
      { userId: 'nolicense', reason: expect.stringMatching(/no license .*\(unlicenseduser\)/) },
    ]);
    expect(strict.sent.map((m) => m.to)).toEqual(['zhangsan|lisi']);
  });

  it('names a member not delivered to once, however many parts a long text takes', async () => {
    const text = Array.from({ length: 120 }, (_, i) => `第${i + 1}条：请核实。`).join('\n');
    const out = await strictClient().sendToUsers(['zhangsan', 'ghost'], { kind: 'text', text });
    expect(strict.sent.length).toBeGreaterThan(1);
    expect(out.undelivered.map((u) => u.userId)).toEqual(['ghost']);
  });

  it('fails with 81013 (not retryable) when not one recipient is a member', async () => {
    const e = await failure(strictClient().sendToUsers(['ghost-1', 'ghost-2'], { kind: 'text', text: 'x' }));
    expect(e).toMatchObject({ retryable: false, platformCode: 81013 });
    expect(e.message).not.toContain('ghost');
    expect(strict.sent).toHaveLength(0);
  });

  it('refuses more than 1000 ids, or an id that would split touser, before calling WeCom', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`);
    expect(await failure(strictClient().sendToUsers(many, { kind: 'text', text: 'x' }))).toMatchObject({ retryable: false });
    expect(await failure(strictClient().sendToUsers(['a|b'], { kind: 'text', text: 'x' }))).toMatchObject({ retryable: false });
    expect(strict.calls).toHaveLength(0);
  });

  it('a single member WeCom does not know still fails the send (sendToUser)', async () => {
    const e = await failure(strictClient().sendToUser('ghost', { kind: 'text', text: 'x' }));
    expect(e).toMatchObject({ retryable: false, platformCode: 81013 });
  });
});
