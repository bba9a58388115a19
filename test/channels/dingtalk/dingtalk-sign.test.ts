import { customRobotQuery, dingtalkSign, verifyCallbackSign } from '../../../src/channels/dingtalk/dingtalk-sign';

const NOW = new Date(1_700_000_000_000);

describe('DingTalk sign', () => {
  it('matches the vector of PROTOCOLS.md', () => {
    expect(dingtalkSign('this is secret', '1700000000000')).toBe('sSFWELbV2YwjdDQhWZwTcWlX5BWUx5J6TPpsZmuPii0=');
    expect(customRobotQuery('tok', 'this is secret', NOW)).toBe('access_token=tok&timestamp=1700000000000&sign=sSFWELbV2YwjdDQhWZwTcWlX5BWUx5J6TPpsZmuPii0%3D');
    expect(customRobotQuery('tok', undefined, NOW)).toBe('access_token=tok');
  });

  it('accepts a sign within the hour either way, refuses older, newer, altered or missing', () => {
    const sign = (t: number) => dingtalkSign('s3cret', String(t));
    const t = NOW.getTime();
    expect(verifyCallbackSign('s3cret', String(t - 3_599_000), sign(t - 3_599_000), NOW)).toEqual({ ok: true });
    expect(verifyCallbackSign('s3cret', String(t + 3_599_000), sign(t + 3_599_000), NOW)).toEqual({ ok: true });
    expect(verifyCallbackSign('s3cret', String(t - 3_601_000), sign(t - 3_601_000), NOW)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyCallbackSign('s3cret', String(t), sign(t + 1), NOW)).toEqual({ ok: false, reason: 'bad_sign' });
    expect(verifyCallbackSign('other', String(t), sign(t), NOW)).toEqual({ ok: false, reason: 'bad_sign' });
    expect(verifyCallbackSign('s3cret', String(t), 'short', NOW)).toEqual({ ok: false, reason: 'bad_sign' });
    expect(verifyCallbackSign('s3cret', undefined, sign(t), NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyCallbackSign('s3cret', '17e11', sign(t), NOW)).toEqual({ ok: false, reason: 'stale' });
  });
});
