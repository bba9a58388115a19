import { startFakeWecomApi, type FakeSentMessage, type FakeWecomApi } from '../../../src/channels/wecom/fake-wecom-api';
import { TEST_WECOM } from '../../helpers/wecom-envelope-helper';

let api: FakeWecomApi;
beforeEach(async () => {
  api = await startFakeWecomApi({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret, agentId: TEST_WECOM.agentId });
});
afterEach(() => api.close());

async function get(path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(api.url + path)).json()) as Record<string, unknown>;
}
async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(api.url + path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}
async function token(): Promise<string> {
  const r = await get(`/cgi-bin/gettoken?corpid=${TEST_WECOM.corpId}&corpsecret=${TEST_WECOM.secret}`);
  return r['access_token'] as string;
}
const text = (content: string) => ({ touser: 'u', agentid: Number(TEST_WECOM.agentId), msgtype: 'text', text: { content } });

describe('fake WeCom API (it must be as strict as the real one)', () => {
  it('issues tokens only for the right corp and secret', async () => {
    expect(await get(`/cgi-bin/gettoken?corpid=${TEST_WECOM.corpId}&corpsecret=nope`)).toMatchObject({ errcode: 40001 });
    expect(await get(`/cgi-bin/gettoken?corpid=other&corpsecret=${TEST_WECOM.secret}`)).toMatchObject({ errcode: 40013 });
    expect(await get(`/cgi-bin/gettoken?corpid=${TEST_WECOM.corpId}&corpsecret=${TEST_WECOM.secret}`)).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(api.tokenRequests).toBe(3);
  });

  it('checks the access token', async () => {
    expect(await post('/cgi-bin/message/send', text('x'))).toMatchObject({ errcode: 41001 });
    expect(await post('/cgi-bin/message/send?access_token=forged', text('x'))).toMatchObject({ errcode: 40014 });
    const t = await token();
    api.invalidateTokens();
    expect(await post(`/cgi-bin/message/send?access_token=${t}`, text('x'))).toMatchObject({ errcode: 42001 });
    expect(api.sent).toHaveLength(0);
  });

  it('enforces UTF-8 byte limits, not character counts', async () => {
    const t = await token();
    expect(await post(`/cgi-bin/message/send?access_token=${t}`, text('减'.repeat(682)))).toMatchObject({ errcode: 0 }); // 2046 bytes
    expect(await post(`/cgi-bin/message/send?access_token=${t}`, text('减'.repeat(683)))).toMatchObject({ errcode: 45002 }); // 2049 bytes
    expect(await post('/cgi-bin/webhook/send?key=k', { msgtype: 'markdown', markdown: { content: '减'.repeat(1366) } })).toMatchObject({ errcode: 45002 });
    expect(await post('/cgi-bin/webhook/send?key=k', { msgtype: 'markdown', markdown: { content: '减'.repeat(1365) } })).toMatchObject({ errcode: 0 });
  });

  it('rejects malformed messages', async () => {
    const t = await token();
    expect(await post(`/cgi-bin/message/send?access_token=${t}`, 'not json')).toMatchObject({ errcode: 47001 });
    expect(await post(`/cgi-bin/message/send?access_token=${t}`, text(''))).toMatchObject({ errcode: 44004 });
    expect(await post(`/cgi-bin/message/send?access_token=${t}`, { ...text('x'), agentid: 1 })).toMatchObject({ errcode: 40056 });
    expect(await post(`/cgi-bin/message/send?access_token=${t}`, { ...text('x'), msgtype: 'video' })).toMatchObject({ errcode: 40008 });
  });

  it('tells listeners about every accepted message, and stops when unsubscribed', async () => {
    const seen: FakeSentMessage[] = [];
    const off = api.onMessage((m) => seen.push(m));
    await post('/cgi-bin/webhook/send?key=k', { msgtype: 'text', text: { content: 'one' } });
    off();
    await post('/cgi-bin/webhook/send?key=k', { msgtype: 'text', text: { content: 'two' } });
    expect(seen.map((m) => m.content)).toEqual(['one']);
    expect(api.sent.map((m) => m.content)).toEqual(['one', 'two']);
  });

  it('injects failures on the send endpoints only, by default', async () => {
    api.failNext(45009, 1);
    expect(await token()).toMatch(/\w+/);
    expect(await post('/cgi-bin/webhook/send?key=k', { msgtype: 'text', text: { content: 'x' } })).toMatchObject({ errcode: 45009 });
    expect(await post('/cgi-bin/webhook/send?key=k', { msgtype: 'text', text: { content: 'x' } })).toMatchObject({ errcode: 0 });
  });

  it('takes touser lists of up to 1000 ids, delivers to its members and names the others in invaliduser (81013 when none is one)', async () => {
    await api.close();
    api = await startFakeWecomApi({ corpId: TEST_WECOM.corpId, secret: TEST_WECOM.secret, agentId: TEST_WECOM.agentId, isMember: (id) => id.startsWith('m') });
    const t = await token();
    const send = (touser: string) => post(`/cgi-bin/message/send?access_token=${t}`, { ...text('x'), touser });
    expect(await send('m1|x1|m2|x2')).toEqual({ errcode: 0, errmsg: 'ok', invaliduser: 'x1|x2' });
    expect(await send('x1|x2')).toMatchObject({ errcode: 81013 });
    expect(await send(Array.from({ length: 1001 }, (_, i) => `m${i}`).join('|'))).toMatchObject({ errcode: 40031 });
    expect(api.sent.map((m) => m.to)).toEqual(['m1|m2']);
  });
});

describe('fake WeCom API: duplicate check', () => {
  it('does not deliver the same request again within duplicate_check_interval', async () => {
    const t = await token();
    const body = { ...text('x'), touser: 'a|b', enable_duplicate_check: 1, duplicate_check_interval: 1800 };
    await post(`/cgi-bin/message/send?access_token=${t}`, body);
    await post(`/cgi-bin/message/send?access_token=${t}`, body);
    await post(`/cgi-bin/message/send?access_token=${t}`, { ...body, touser: 'a' });
    expect(api.sent.map((m) => m.to)).toEqual(['a|b', 'a']);
  });
});
