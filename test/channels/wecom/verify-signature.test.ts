import { computeSignature, isFresh, verifySignature } from '../../../src/channels/wecom/verify-signature';

const ECHOSTR = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';

describe('verifySignature', () => {
  it('accepts the official URL-check vector', () => {
    expect(verifySignature('QDG6eK', '1409659589', '263014780', ECHOSTR, '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3')).toBe(true);
  });

  it('rejects a signature that differs in one character, in length, or is empty', () => {
    const good = computeSignature('QDG6eK', '1409659589', '263014780', ECHOSTR);
    const flipped = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    expect(verifySignature('QDG6eK', '1409659589', '263014780', ECHOSTR, flipped)).toBe(false);
    expect(verifySignature('QDG6eK', '1409659589', '263014780', ECHOSTR, good.slice(1))).toBe(false);
    expect(verifySignature('QDG6eK', '1409659589', '263014780', ECHOSTR, '')).toBe(false);
    expect(verifySignature('QDG6eK', '1409659589', '263014780', ECHOSTR, `${good}00`)).toBe(false);
  });

  it('rejects the right signature under another token or over another ciphertext', () => {
    const good = computeSignature('QDG6eK', '1409659589', '263014780', ECHOSTR);
    expect(verifySignature('other', '1409659589', '263014780', ECHOSTR, good)).toBe(false);
    expect(verifySignature('QDG6eK', '1409659589', '263014780', `${ECHOSTR}x`, good)).toBe(false);
  });

  it('does not throw on multi-byte input (byte lengths differ from string lengths)', () => {
    expect(verifySignature('t', '1', 'n', 'e', 'é'.repeat(40))).toBe(false);
  });
});

describe('isFresh', () => {
  const now = new Date(1_700_000_000_000);
  it.each([
    ['exactly now', '1700000000', true],
    ['5 minutes ago', '1699999700', true],
    ['5 minutes ahead', '1700000300', true],
    ['5 minutes and 1 second ago', '1699999699', false],
    ['5 minutes and 1 second ahead', '1700000301', false],
    ['not a number', 'abc', false],
    ['empty', '', false],
    ['negative', '-1700000000', false],
    ['fractional', '1700000000.5', false],
    ['milliseconds by mistake', '1700000000000', false],
  ])('%s', (_label, ts, fresh) => {
    expect(isFresh(ts, now)).toBe(fresh);
  });

  it('honours a custom window', () => {
    expect(isFresh('1699999000', now, 3600)).toBe(true);
  });
});
