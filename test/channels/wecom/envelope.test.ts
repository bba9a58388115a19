import fc from 'fast-check';
import { encrypt } from '@wecom/crypto';
import { openEnvelope, seal, sealMessage, sealReply, type EnvelopeConfig } from '../../../src/channels/wecom/envelope';
import { computeSignature } from '../../../src/channels/wecom/verify-signature';
import { parseXml } from '../../../src/channels/wecom/parse-xml';
import { TEST_ENVELOPE, TEST_NOW } from '../../helpers/wecom-envelope-helper';

/** The official vector of PROTOCOLS.md. */
const OFFICIAL: EnvelopeConfig = { token: 'QDG6eK', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'wx5823bf96d3bd56c7' };
const URL_CHECK = {
  query: { msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780' },
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
};
const MESSAGE = {
  query: { msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' },
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
};
const at = (sec: string) => new Date(Number(sec) * 1000 + 1500);

describe('openEnvelope with the official vector', () => {
  it('opens the URL check', () => {
    expect(openEnvelope(OFFICIAL, URL_CHECK.query, URL_CHECK.echostr, at(URL_CHECK.query.timestamp))).toEqual({
      ok: true,
      plaintext: '1616140317555161061',
    });
  });

  it('opens the message', () => {
    const r = openEnvelope(OFFICIAL, MESSAGE.query, MESSAGE.encrypt, at(MESSAGE.query.timestamp));
    if (!r.ok) throw new Error(r.reason);
    expect(parseXml(r.plaintext)).toMatchObject({ FromUserName: 'mycreate', Content: 'hello', MsgId: '4561255354251345929' });
  });

  it('says stale with the real clock', () => {
    expect(openEnvelope(OFFICIAL, URL_CHECK.query, URL_CHECK.echostr, new Date())).toEqual({ ok: false, status: 408, reason: 'stale' });
  });
});

describe('openEnvelope failures, in order', () => {
  const now = at(URL_CHECK.query.timestamp);
  /** Signs `enc` correctly, so that the checks after the signature are reached. */
  const signed = (enc: string, cfg = OFFICIAL) => ({
    query: { ...URL_CHECK.query, msg_signature: computeSignature(cfg.token, URL_CHECK.query.timestamp, URL_CHECK.query.nonce, enc) },
    enc,
  });

  it.each([
    ['no signature', { ...URL_CHECK.query, msg_signature: undefined }, URL_CHECK.echostr, 400, 'missing_params'],
    ['no timestamp', { ...URL_CHECK.query, timestamp: undefined }, URL_CHECK.echostr, 400, 'missing_params'],
    ['no nonce', { ...URL_CHECK.query, nonce: '' }, URL_CHECK.echostr, 400, 'missing_params'],
    ['no ciphertext', URL_CHECK.query, undefined, 400, 'missing_params'],
    ['a wrong signature', { ...URL_CHECK.query, msg_signature: '0'.repeat(40) }, URL_CHECK.echostr, 401, 'bad_signature'],
    ['a tampered ciphertext', URL_CHECK.query, `A${URL_CHECK.echostr.slice(1)}`, 401, 'bad_signature'],
    ['a tampered nonce', { ...URL_CHECK.query, nonce: '263014781' }, URL_CHECK.echostr, 401, 'bad_signature'],
  ] as const)('%s', (_label, query, enc, status, reason) => {
    expect(openEnvelope(OFFICIAL, query, enc, now)).toEqual({ ok: false, status, reason });
  });

  it('checks the signature before freshness (a forger learns nothing about the clock)', () => {
    expect(openEnvelope(OFFICIAL, { ...URL_CHECK.query, msg_signature: 'f'.repeat(40) }, URL_CHECK.echostr, new Date())).toMatchObject({ status: 401 });
  });

  it.each([
    ['not base64', '!!!not-base64!!!', 'bad_base64'],
    ['too short', 'AAAA', 'bad_base64'],
    ['not whole AES blocks', Buffer.alloc(40).toString('base64'), 'bad_base64'],
    ['base64 with a space', URL_CHECK.echostr.replace('+', ' '), 'bad_base64'],
  ])('rejects %s after a valid signature', (_label, enc, reason) => {
    const s = signed(enc);
    expect(openEnvelope(OFFICIAL, s.query, s.enc, now)).toEqual({ ok: false, status: 400, reason });
  });

  it('rejects ciphertext that decrypts to garbage (another key)', () => {
    const foreign = encrypt(TEST_ENVELOPE.aesKey, '1616140317555161061', OFFICIAL.receiveId);
    const s = signed(foreign);
    const r = openEnvelope(OFFICIAL, s.query, s.enc, now);
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ status: 400 });
  });

  it('rejects random ciphertext under a valid signature without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 20 }).map((b) => Buffer.alloc(b.length * 16, Buffer.from(b))), (bytes) => {
        const s = signed(bytes.toString('base64'));
        const r = openEnvelope(OFFICIAL, s.query, s.enc, now);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a message encrypted for another receive id', () => {
    const s = signed(encrypt(OFFICIAL.aesKey, 'hello', 'wwsomeothercorp'));
    expect(openEnvelope(OFFICIAL, s.query, s.enc, now)).toEqual({ ok: false, status: 400, reason: 'wrong_receive_id' });
  });
});

describe('seal', () => {
  it('round-trips any unicode message, for an app and for the AI bot (empty receive id)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 500 }), fc.constantFrom(TEST_ENVELOPE.receiveId, ''), (message, receiveId) => {
        const cfg = { ...TEST_ENVELOPE, receiveId };
        const s = seal(cfg, message, TEST_NOW);
        const query = { msg_signature: s.signature, timestamp: s.timestamp, nonce: s.nonce };
        expect(openEnvelope(cfg, query, s.encrypt, TEST_NOW)).toEqual({ ok: true, plaintext: message });
      }),
      { numRuns: 200 },
    );
  });

  it('sealMessage builds the outer XML and the query WeCom sends', () => {
    const { query, body } = sealMessage(TEST_ENVELOPE, '<xml><A>1</A></xml>', TEST_NOW, { agentId: '1000002', nonce: '42' });
    expect(query).toMatchObject({ timestamp: String(TEST_NOW.getTime() / 1000), nonce: '42' });
    const outer = parseXml(body);
    expect(outer).toMatchObject({ ToUserName: TEST_ENVELOPE.receiveId, AgentID: '1000002' });
    expect(openEnvelope(TEST_ENVELOPE, query, outer?.['Encrypt'], TEST_NOW)).toEqual({ ok: true, plaintext: '<xml><A>1</A></xml>' });
  });

  it('sealReply produces the passive reply WeCom can verify and decrypt', () => {
    const reply = parseXml(sealReply(TEST_ENVELOPE, '<xml><Content>hi</Content></xml>', TEST_NOW, '7'));
    expect(reply).toMatchObject({ TimeStamp: String(TEST_NOW.getTime() / 1000), Nonce: '7' });
    const query = { msg_signature: reply?.['MsgSignature'], timestamp: reply?.['TimeStamp'], nonce: reply?.['Nonce'] };
    expect(openEnvelope(TEST_ENVELOPE, query, reply?.['Encrypt'], TEST_NOW)).toEqual({ ok: true, plaintext: '<xml><Content>hi</Content></xml>' });
  });
});
