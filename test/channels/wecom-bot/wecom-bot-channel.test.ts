import { createCipheriv } from 'node:crypto';
import { createMemoryCoord } from '../../../src/coord/engines/memory-coord';
import { startFakeWecomApi, type FakeWecomApi } from '../../../src/channels/wecom/fake-wecom-api';
import { decryptBotMedia } from '../../../src/channels/wecom-bot/decrypt-bot-media';
import { createBotStreams } from '../../../src/channels/wecom-bot/bot-streams';
import { createResponseUrlClient } from '../../../src/channels/wecom-bot/response-url-client';
import { createWecomBotChannel } from '../../../src/channels/wecom-bot/wecom-bot-channel';
import type { ChannelAdapter, RawRequest } from '../../../src/core/channel';
import type { HandleDestination, InboundText } from '../../../src/core/message';
import { openBotAnswer, sealBotCallback } from '../../../src/tools/wecom-bot-peer';

const CFG = { token: 'bottoken', aesKey: 'ZGVtb2JvdGRlbW9ib3RkZW1vYm90ZGVtb2JvdGRlbW8' };
const NOW = new Date('2026-03-02T08:00:00Z');
const reply = { kind: 'text' as const, text: '收到' };
const PENDING = 'pending…';

let fake: FakeWecomApi;
let channel: ChannelAdapter;
beforeAll(async () => {
  fake = await startFakeWecomApi({ corpId: 'wwcorp', secret: 's' });
  const coord = createMemoryCoord();
  channel = createWecomBotChannel(CFG, { responseUrl: createResponseUrlClient({ apiBase: fake.url, coord }), streams: createBotStreams(coord), pendingText: PENDING });
});
afterAll(() => fake.close());

function request(plaintext: object | string, now = NOW): RawRequest {
  const s = sealBotCallback(CFG, typeof plaintext === 'string' ? plaintext : JSON.stringify(plaintext), now);
  return { method: 'POST', query: s.query, headers: { 'content-type': 'application/json' }, body: Buffer.from(s.body) };
}

const groupText = (content: string, extra: object = {}) => ({
  msgid: 'm1', aibotid: 'aib1', chatid: 'chat9', chattype: 'group', from: { userid: 'zhangsan' },
  response_url: `${fake.url}/cgi-bin/aibot/response?response_code=abc`, msgtype: 'text', text: { content }, ...extra,
});

describe('WeCom AI bot callbacks', () => {
  it('refuses to start without a token or with a malformed key', () => {
    const coord = createMemoryCoord();
    const deps = { responseUrl: createResponseUrlClient({ apiBase: 'https://qyapi.weixin.qq.com', coord }), streams: createBotStreams(coord), pendingText: PENDING };
    expect(() => createWecomBotChannel({ ...CFG, token: '' }, deps)).toThrow(/EncodingAESKey/);
    expect(() => createWecomBotChannel({ ...CFG, aesKey: 'short' }, deps)).toThrow(/EncodingAESKey/);
  });

  it('turns a group text into a mentioned Inbound without the @name, deduped by msgid, replying to its response_url', async () => {
    const r = await channel.receive(request(groupText('@减负助手  举报')), NOW);
    const inbound = r.inbound as InboundText;
    expect(inbound).toMatchObject({ kind: 'text', text: '举报', channel: 'wecom', via: 'wecom-bot', chat: { kind: 'group', id: 'chat9' }, mentioned: true, dedupeKey: 'bot:m1', userId: 'zhangsan' });
    expect(inbound.replyTo).toMatchObject({ kind: 'handle', channel: 'wecom-bot', expiresAt: NOW.getTime() + 3_600_000, fallback: { kind: 'user', channel: 'wecom', userId: 'zhangsan' } });
  });

  it('reads the text parts of a mixed message and the new text of a quote', async () => {
    const mixed = { ...groupText(''), msgtype: 'mixed', text: undefined, mixed: { msg_item: [{ msgtype: 'text', text: { content: '@减负助手 反映' } }, { msgtype: 'image', image: { url: 'x' } }] } };
    expect(((await channel.receive(request(mixed), NOW)).inbound as InboundText).text).toBe('反映');
    const quote = groupText('@减负助手 查询', { quote: { msgtype: 'text', text: { content: '旧消息' } } });
    expect(((await channel.receive(request(quote), NOW)).inbound as InboundText).text).toBe('查询');
  });

  it('takes an image in 1:1 only', async () => {
    const image = { msgid: 'm2', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'image', image: { url: `${fake.url}/img` } };
    expect((await channel.receive(request(image), NOW)).inbound).toMatchObject({ kind: 'image', mediaId: `${fake.url}/img`, chat: { kind: 'single', id: 'lisi' } });
    expect((await channel.receive(request({ ...image, chattype: 'group', chatid: 'c' }), NOW)).inbound).toBeUndefined();
  });

  it('answers unknown types with an empty 200, and bad input with the app 4xx table', async () => {
    const voice = await channel.receive(request({ msgid: 'm3', chattype: 'single', from: { userid: 'a' }, msgtype: 'voice', voice: { content: 'x' } }), NOW);
    expect([voice.response.status, voice.response.body, voice.inbound]).toEqual([200, '', undefined]);
    expect((await channel.receive(request(groupText('x')), new Date(NOW.getTime() + 600_000))).response.status).toBe(408);
    expect((await channel.receive({ ...request(groupText('x')), headers: { 'content-type': 'text/xml' } }, NOW)).response.status).toBe(415);
    expect((await channel.receive({ ...request(groupText('x')), body: Buffer.from('{"encrypt":1}') }, NOW)).response.status).toBe(400);
    expect((await channel.receive(request('not json'), NOW)).response.status).toBe(400);
    const tampered = request(groupText('x'));
    expect((await channel.receive({ ...tampered, query: { ...tampered.query, nonce: '1' } }, NOW)).response.status).toBe(401);
    expect((await channel.receive({ ...tampered, method: 'PUT' }, NOW)).response.status).toBe(405);
  });

  it('answers passively with a finished stream, sealed for receive id ""', async () => {
    const r = await channel.receive(request(groupText('@减负助手 帮助')), NOW);
    const res = r.passive!.reply({ kind: 'text', text: '菜单' });
    expect(JSON.parse(res.body)).toMatchObject({ timestamp: String(NOW.getTime() / 1000) });
    expect(openBotAnswer(CFG, res.body)).toEqual({ text: '菜单', finished: true });
  });
});

describe('WeCom AI bot streams past the budget', () => {
  const refresh = async (id: string, at: Date) => openBotAnswer(CFG, (await channel.receive(request({ msgid: `r${at.getTime()}`, chattype: 'group', chatid: 'chat9', from: { userid: 'zhangsan' }, msgtype: 'stream', stream: { id } }, at), at)).response.body);

  it('opens an unfinished stream, fills it with the first late reply and finishes it on the next refresh; the next reply takes the response_url', async () => {
    const code = `stream${NOW.getTime()}`;
    const r = await channel.receive(request(groupText('@减负助手 举报', { msgid: 'ms1', response_url: `${fake.url}/cgi-bin/aibot/response?response_code=${code}` })), NOW);
    const opened = openBotAnswer(CFG, (await r.passive!.late!()).body);
    expect(opened).toMatchObject({ text: PENDING, finished: false });
    const id = opened.streamId!;
    const later = new Date(NOW.getTime() + 2000);
    expect(await refresh(id, later)).toEqual({ text: PENDING, finished: false, streamId: id });
    expect(await channel.send(r.inbound!.replyTo as HandleDestination, { kind: 'text', text: '答复' }, later)).toBe('sent');
    expect(await refresh(id, later)).toEqual({ text: '答复', finished: true });
    expect(fake.sent.filter((m) => m.to === code)).toEqual([]);
    expect(await channel.send(r.inbound!.replyTo as HandleDestination, { kind: 'text', text: '第二条' }, later)).toBe('sent');
    expect(fake.sent.filter((m) => m.to === code).map((m) => m.content)).toEqual(['第二条']);
  });

  it('finishes a stream nobody filled within the platform\'s six minutes, and an unknown one at once, empty', async () => {
    const r = await channel.receive(request(groupText('@减负助手 举报', { msgid: 'ms2', response_url: `${fake.url}/cgi-bin/aibot/response?response_code=late2` })), NOW);
    const id = openBotAnswer(CFG, (await r.passive!.late!()).body).streamId!;
    expect(await refresh(id, new Date(NOW.getTime() + 6 * 60_000))).toEqual({ text: '', finished: true });
    expect(await refresh('abcdef', NOW)).toEqual({ text: '', finished: true });
  });
});

describe('WeCom AI bot replies through response_url', () => {
  const handle = (code: string, over: Partial<HandleDestination> = {}): HandleDestination => ({
    kind: 'handle', channel: 'wecom-bot', handle: `${fake.url}/cgi-bin/aibot/response?response_code=${code}`, expiresAt: NOW.getTime() + 3_600_000, ...over,
  });

  it('posts once, as markdown; a second reply goes to the fallback', async () => {
    expect(await channel.send(handle('once'), reply, NOW)).toBe('sent');
    expect(fake.sent.filter((m) => m.kind === 'aibot' && m.to === 'once')).toMatchObject([{ msgtype: 'markdown', content: '收到' }]);
    expect(await channel.send(handle('once'), reply, NOW)).toBe('fallback');
    expect(fake.sent.filter((m) => m.to === 'once')).toHaveLength(1);
  });

  it('never posts to another origin, nor past the hour', async () => {
    const calls = fake.calls.length;
    expect(await channel.send(handle('x', { handle: 'https://evil.example/cgi-bin/aibot/response?response_code=x' }), reply, NOW)).toBe('fallback');
    expect(await channel.send(handle('late', { expiresAt: NOW.getTime() }), reply, NOW)).toBe('fallback');
    expect(fake.calls.length).toBe(calls);
  });

  it('sends nothing but a reply handle', async () => {
    await expect(channel.send({ kind: 'chat', channel: 'wecom-bot', chatId: 'c' }, reply, NOW)).rejects.toThrow(/only to a response_url/);
  });
});

describe('AI bot images', () => {
  const key = Buffer.from(`${CFG.aesKey}=`, 'base64');
  const sealedImage = (plain: Buffer): Buffer => {
    const pad = 32 - (plain.length % 32);
    const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([c.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), c.final()]);
  };
  const fetched: string[] = [];
  const media = (mediaOrigins: string[]) =>
    createWecomBotChannel(
      { ...CFG, mediaOrigins },
      {
        responseUrl: createResponseUrlClient({ apiBase: 'https://qyapi.weixin.qq.com', coord: createMemoryCoord() }),
        streams: createBotStreams(createMemoryCoord()),
        pendingText: PENDING,
        fetch: (async (url: string, init?: RequestInit) => {
          fetched.push(`${url} redirect=${init?.redirect}`);
          return new Response(sealedImage(Buffer.from('jpeg bytes')));
        }) as typeof fetch,
      },
    );

  it('fetches an image only from the API origin or a listed media origin, never following a redirect', async () => {
    fetched.length = 0;
    const bot = media(['https://img.wecom.example']);
    expect((await bot.downloadMedia!('https://img.wecom.example/a?x=1')).bytes.toString()).toBe('jpeg bytes');
    expect((await bot.downloadMedia!('https://qyapi.weixin.qq.com/b')).bytes.toString()).toBe('jpeg bytes');
    await expect(bot.downloadMedia!('https://attacker.example/img.wecom.example')).rejects.toThrow(/foreign origin/);
    await expect(media([]).downloadMedia!('https://img.wecom.example/a')).rejects.toThrow(/foreign origin/);
    await expect(bot.downloadMedia!('not a url')).rejects.toThrow(/foreign origin/);
    expect(fetched).toEqual(['https://img.wecom.example/a?x=1 redirect=error', 'https://qyapi.weixin.qq.com/b redirect=error']);
  });
});

describe('decryptBotMedia', () => {
  it('opens an image encrypted with the EncodingAESKey', () => {
    const key = Buffer.from(`${CFG.aesKey}=`, 'base64');
    const plain = Buffer.from('png bytes');
    const pad = 32 - (plain.length % 32);
    const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const data = Buffer.concat([c.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), c.final()]);
    expect(decryptBotMedia(CFG.aesKey, data).toString()).toBe('png bytes');
    expect(() => decryptBotMedia(CFG.aesKey, Buffer.alloc(5))).toThrow();
  });
});
