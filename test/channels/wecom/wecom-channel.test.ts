import type { RawRequest } from '../../../src/core/channel';
import { ChannelApiError } from '../../../src/core/errors';
import type { Reply } from '../../../src/core/message';
import { openEnvelope, sealMessage } from '../../../src/channels/wecom/envelope';
import { parseXml } from '../../../src/channels/wecom/parse-xml';
import { createWecomChannel, type ChannelLogger, type WecomChannelConfig } from '../../../src/channels/wecom/wecom-channel';
import { computeSignature } from '../../../src/channels/wecom/verify-signature';
import { loadWecomFixture, signAndSeal, signUrlCheck, TEST_ENVELOPE, TEST_NOW, TEST_WECOM } from '../../helpers/wecom-envelope-helper';

const CFG: WecomChannelConfig = { ...TEST_WECOM, apiBase: 'http://127.0.0.1:9' };

function setup(cfg: WecomChannelConfig = CFG) {
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  const logger: ChannelLogger = {
    debug: (obj, msg) => lines.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
  };
  const appSends: Array<[string, Reply]> = [];
  const robotSends: Array<[string, Reply]> = [];
  const channel = createWecomChannel(cfg, {
    appClient: { sendToUser: async (u, r) => void appSends.push([u, r]), sendToUsers: async (us, r) => (appSends.push([us.join('|'), r]), { undelivered: [] }), getAccessToken: async () => 'tok', downloadMedia: async () => ({ bytes: Buffer.alloc(0), contentType: 'image/png' }) },
    robotClient: { send: async (k, r) => void robotSends.push([k, r]) },
    logger,
  });
  return { channel, lines, appSends, robotSends };
}

describe('WeCom channel with the official vector', () => {
  const official: WecomChannelConfig = {
    corpId: 'wx5823bf96d3bd56c7',
    agentId: '218',
    token: 'QDG6eK',
    aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  };

  it('answers the URL check with the bare plaintext', async () => {
    const { channel } = setup(official);
    const req: RawRequest = {
      method: 'GET',
      query: {
        msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
        timestamp: '1409659589',
        nonce: '263014780',
        // As a form-style query decoder delivers it: every '+' became a space.
        echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp 4RPcs8TgAE7OaBO FZXvnaqQ==',
      },
      headers: {},
      body: Buffer.alloc(0),
    };
    const receipt = await channel.receive(req, new Date(1409659589 * 1000));
    expect(receipt.response).toEqual({ status: 200, body: '1616140317555161061', contentType: 'text/plain; charset=utf-8' });
    expect(receipt.inbound).toBeUndefined();
  });

  it('turns the message into a text Inbound', async () => {
    const { channel } = setup(official);
    const encrypt =
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
    const req: RawRequest = {
      method: 'POST',
      query: { msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' },
      headers: { 'content-type': 'text/xml' },
      body: Buffer.from(`<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`),
    };
    const receipt = await channel.receive(req, new Date(1409659813 * 1000 + 2000));
    expect(receipt.response.status).toBe(200);
    expect(receipt.inbound).toEqual({
      channel: 'wecom',
      chat: { kind: 'single', id: 'mycreate' },
      mentioned: true,
      kind: 'text',
      text: 'hello',
      userId: 'mycreate',
      dedupeKey: '4561255354251345929',
      sentAt: new Date(1409659813 * 1000),
    });
  });
});

describe('WeCom channel with fixtures', () => {
  it.each([
    ['text.basic', { kind: 'text', text: '我要反映一个问题', userId: 'zhangsan' }],
    ['text.cdata', { kind: 'text', text: 'a < b & "c" ]]> <tag/>' }],
    ['text.padded-number', { kind: 'text', text: ' 007 ', dedupeKey: '9223372036854775807' }],
    ['image.basic', { kind: 'image', mediaId: '1K9y0Y1ex3gLfAYX_LWYi3sMcXqiECgsKeEbvFXYHnNeK27Xl3sbhJlDw8dTxtlAw' }],
    ['event.enter_agent', { kind: 'event', event: 'enter_agent' }],
    ['event.click', { kind: 'event', event: 'click', eventKey: 'report_burden' }],
  ])('%s', async (name, expected) => {
    const { channel } = setup();
    const receipt = await channel.receive(signAndSeal(loadWecomFixture(name)), TEST_NOW);
    expect(receipt.response).toMatchObject({ status: 200, body: '' });
    expect(receipt.inbound).toMatchObject({ channel: 'wecom', ...expected });
  });

  it('acknowledges an unhandled type (voice) with an empty 200 and logs it at debug', async () => {
    const { channel, lines } = setup();
    const receipt = await channel.receive(signAndSeal(loadWecomFixture('voice.basic')), TEST_NOW);
    expect(receipt).toEqual({ response: { status: 200, body: '', contentType: 'text/plain; charset=utf-8' } });
    expect(lines).toEqual([expect.objectContaining({ level: 'debug', obj: expect.objectContaining({ msgType: 'voice' }) })]);
  });

  it('answers the URL check for the test app', async () => {
    const { channel } = setup();
    const receipt = await channel.receive(signUrlCheck('8142596734207019'), TEST_NOW);
    expect(receipt.response).toMatchObject({ status: 200, body: '8142596734207019' });
  });
});

describe('passive reply', () => {
  it.each([
    ['text', { kind: 'text', text: '已收到，回执码 7K3Q' }, '已收到，回执码 7K3Q'],
    ['markdown, sent as its text', { kind: 'markdown', title: 't', text: '**已收到**' }, '**已收到**'],
  ] as const)('%s', async (_label, reply, content) => {
    const { channel } = setup();
    const receipt = await channel.receive(signAndSeal(loadWecomFixture('text.basic')), TEST_NOW);
    const response = receipt.passive?.reply(reply);
    expect(response).toMatchObject({ status: 200, contentType: 'application/xml; charset=utf-8' });
    const outer = parseXml(response?.body ?? '');
    const query = { msg_signature: outer?.['MsgSignature'], timestamp: outer?.['TimeStamp'], nonce: outer?.['Nonce'] };
    const opened = openEnvelope(TEST_ENVELOPE, query, outer?.['Encrypt'], TEST_NOW);
    if (!opened.ok) throw new Error(opened.reason);
    expect(parseXml(opened.plaintext)).toEqual({
      ToUserName: 'zhangsan',
      FromUserName: TEST_WECOM.corpId,
      CreateTime: String(TEST_NOW.getTime() / 1000),
      MsgType: 'text',
      Content: content,
    });
  });

  it('shortens an over-long reply visibly, with the configured marker', async () => {
    const { channel } = setup({ ...CFG, truncatedMarker: '[略]' });
    const receipt = await channel.receive(signAndSeal(loadWecomFixture('text.basic')), TEST_NOW);
    const outer = parseXml(receipt.passive?.reply({ kind: 'text', text: '长'.repeat(1000) }).body ?? '');
    const opened = openEnvelope(TEST_ENVELOPE, { msg_signature: outer?.['MsgSignature'], timestamp: outer?.['TimeStamp'], nonce: outer?.['Nonce'] }, outer?.['Encrypt'], TEST_NOW);
    const content = opened.ok ? parseXml(opened.plaintext)?.['Content'] : undefined;
    expect(content?.endsWith('[略]')).toBe(true);
    expect(Buffer.byteLength(content ?? '')).toBeLessThanOrEqual(2048);
  });
});

describe('send', () => {
  it('routes users to the app client and robots to the robot client', async () => {
    const { channel, appSends, robotSends } = setup();
    const reply: Reply = { kind: 'text', text: 'hi' };
    await channel.send({ kind: 'user', channel: 'wecom', userId: 'zhangsan' }, reply, TEST_NOW);
    await channel.send({ kind: 'robot', channel: 'wecom', robotKey: 'key-1' }, reply, TEST_NOW);
    expect(appSends).toEqual([['zhangsan', reply]]);
    expect(robotSends).toEqual([['key-1', reply]]);
  });

  it('refuses another channel’s destination, not retryable', async () => {
    const { channel } = setup();
    const sent = channel.send({ kind: 'user', channel: 'dingtalk', userId: 'x' }, { kind: 'text', text: 'hi' }, TEST_NOW);
    await expect(sent).rejects.toBeInstanceOf(ChannelApiError);
    await expect(sent).rejects.toMatchObject({ retryable: false });
  });
});

describe('configuration', () => {
  it.each([
    ['a short aesKey', { aesKey: 'short' }],
    ['an empty token', { token: '' }],
    ['a non-numeric agentId', { agentId: 'app' }],
  ])('refuses %s with a message that names the field, not the value', (_label, patch) => {
    const make = () => setup({ ...CFG, ...patch });
    expect(make).toThrow(/WeCom channel: /);
    try {
      make();
    } catch (e) {
      expect((e as Error).message).not.toContain(TEST_WECOM.token);
    }
  });
});

/** Used by the negative table: a valid request built from the text fixture, then broken one way. */
function validPost(): RawRequest {
  return signAndSeal(loadWecomFixture('text.basic'));
}
function withBody(body: string, cfg = TEST_ENVELOPE, now = TEST_NOW): RawRequest {
  const ts = String(Math.floor(now.getTime() / 1000));
  const enc = parseXml(body)?.['Encrypt'] ?? '';
  return {
    method: 'POST',
    query: { msg_signature: computeSignature(cfg.token, ts, '1', enc), timestamp: ts, nonce: '1' },
    headers: { 'content-type': 'text/xml' },
    body: Buffer.from(body),
  };
}
const sealedAt = (offsetSec: number) => signAndSeal(loadWecomFixture('text.basic'), TEST_ENVELOPE, new Date(TEST_NOW.getTime() + offsetSec * 1000));
const garbage = Buffer.alloc(64, 7).toString('base64');

const NEGATIVE_CASES: Array<[string, () => RawRequest, number]> = [
  ['bad signature', () => ({ ...validPost(), query: { ...validPost().query, msg_signature: 'a'.repeat(40) } }), 401],
  ['signature from another token', () => signAndSeal(loadWecomFixture('text.basic'), { ...TEST_ENVELOPE, token: 'other' }), 401],
  ['missing msg_signature', () => ({ ...validPost(), query: { ...validPost().query, msg_signature: undefined } }), 400],
  ['missing timestamp and nonce', () => ({ ...validPost(), query: { msg_signature: validPost().query['msg_signature'] } }), 400],
  ['stale: 6 minutes old', () => sealedAt(-360), 408],
  ['stale: 6 minutes in the future', () => sealedAt(360), 408],
  ['fresh enough: 4 minutes old', () => sealedAt(-240), 200],
  ['wrong receive id', () => signAndSeal(loadWecomFixture('text.basic'), { ...TEST_ENVELOPE, receiveId: 'wwanothercorp' }), 400],
  ['wrong AES key', () => signAndSeal(loadWecomFixture('text.basic'), { ...TEST_ENVELOPE, aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' }), 400],
  ['garbage base64', () => withBody('<xml><Encrypt>@@not base64@@</Encrypt></xml>'), 400],
  ['valid signature over garbage ciphertext', () => withBody(`<xml><Encrypt>${garbage}</Encrypt></xml>`), 400],
  ['no Encrypt field', () => withBody('<xml><ToUserName>x</ToUserName></xml>'), 400],
  ['outer DOCTYPE/entity payload', () => withBody('<!DOCTYPE x [<!ENTITY e "boom">]><xml><Encrypt>&e;</Encrypt></xml>'), 400],
  ['inner DOCTYPE/entity payload', () => signAndSeal('<!DOCTYPE x [<!ENTITY e "boom">]><xml><MsgType>text</MsgType><Content>&e;</Content></xml>'), 400],
  ['inner plaintext not XML', () => signAndSeal('just words'), 400],
  ['inner plaintext for another corp', () => signAndSeal(loadWecomFixture('text.basic').replace(TEST_WECOM.corpId, 'wwanothercorp')), 400],
  ['inner plaintext for another app', () => signAndSeal(loadWecomFixture('text.basic').replace('1000002', '1000003')), 400],
  ['JSON body', () => ({ ...validPost(), headers: { 'content-type': 'application/json' }, body: Buffer.from('{"encrypt":"x"}') }), 415],
  ['form body', () => ({ ...validPost(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415],
  ['XML with a charset', () => ({ ...validPost(), headers: { 'content-type': 'application/xml; charset=UTF-8' } }), 200],
  ['no content type', () => ({ ...validPost(), headers: {} }), 200],
  ['empty body', () => ({ ...validPost(), body: Buffer.alloc(0) }), 400],
  ['binary body', () => ({ ...validPost(), body: Buffer.from([0xff, 0xfe, 0x00, 0x3c]) }), 400],
  ['unknown msg type', () => signAndSeal(loadWecomFixture('voice.basic')), 200],
  ['supported type missing fields', () => signAndSeal(`<xml><ToUserName>${TEST_WECOM.corpId}</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>`), 200],
  ['GET without echostr', () => ({ ...signUrlCheck('1'), query: { ...signUrlCheck('1').query, echostr: undefined } }), 400],
  ['GET with a bad signature', () => ({ ...signUrlCheck('1'), query: { ...signUrlCheck('1').query, msg_signature: 'b'.repeat(40) } }), 401],
  ['PUT', () => ({ ...validPost(), method: 'PUT' }), 405],
];

describe('negative cases', () => {
  it.each(NEGATIVE_CASES)('%s', async (_label, request, status) => {
    const { channel, lines } = setup();
    const receipt = await channel.receive(request(), TEST_NOW);
    expect(receipt.response.status).toBe(status);
    if (status !== 200) {
      expect(receipt.inbound).toBeUndefined();
      // The body says nothing about the reason.
      expect(receipt.response.body).not.toMatch(/signature|stale|base64|receive|decrypt|xml/i);
    }
    // Logs never carry secrets or message contents.
    const logged = JSON.stringify(lines);
    for (const secret of [TEST_WECOM.token, TEST_WECOM.aesKey, '我要反映一个问题']) expect(logged).not.toContain(secret);
  });

  it('never throws and answers 4xx or 200 for arbitrary requests', async () => {
    const { channel } = setup();
    const bodies = ['', '<xml/>', '<xml><Encrypt></Encrypt></xml>', '\u0000\u0001', '<xml><Encrypt>AAAA</Encrypt></xml>', 'x'.repeat(10_000)];
    for (const body of bodies) {
      for (const method of ['GET', 'POST', 'HEAD']) {
        const r = await channel.receive({ method, query: { msg_signature: '', timestamp: 'x', nonce: '' }, headers: {}, body: Buffer.from(body) }, TEST_NOW);
        expect(r.response.status === 200 || (r.response.status >= 400 && r.response.status < 500)).toBe(true);
      }
    }
  });
});

describe('sealMessage against the channel (what the chat client does)', () => {
  it('is accepted', async () => {
    const { channel } = setup();
    const { query, body } = sealMessage(TEST_ENVELOPE, loadWecomFixture('text.basic'), TEST_NOW);
    const r = await channel.receive({ method: 'POST', query, headers: { 'content-type': 'text/xml' }, body: Buffer.from(body) }, TEST_NOW);
    expect(r.inbound?.kind).toBe('text');
  });
});
