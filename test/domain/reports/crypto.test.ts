import { createHmac } from 'node:crypto';
import { openNotifyAddress, sealNotifyAddress } from '../../../src/domain/reports/notify-cipher';
import { draftKey, receiptHash, reporterHash } from '../../../src/domain/reports/reporter-hash';
import { SECRET } from './report-fixtures';

describe('reporter and receipt hashes', () => {
  it('are hex HMAC-SHA256 under the secret, one label per purpose', () => {
    const h = reporterHash(SECRET, 'wecom', 'u1');
    expect(h).toBe(createHmac('sha256', SECRET).update('reporter:v1\u0000wecom\u0000u1').digest('hex'));
    expect(receiptHash(SECRET, '7KQ2-MX9D-4HTP-3C')).toMatch(/^[0-9a-f]{64}$/);
    expect(reporterHash(SECRET, 'wecom', 'u1')).toBe(h);
    expect(reporterHash(SECRET, 'dingtalk', 'u1')).not.toBe(h);
    expect(reporterHash(`${SECRET}x`, 'wecom', 'u1')).not.toBe(h);
    expect(draftKey(SECRET, 'wecom', 'u1', 'd')).not.toBe(draftKey(SECRET, 'wecom', 'u2', 'd'));
    // Parts are separated unambiguously.
    expect(draftKey(SECRET, 'wecom', 'a:b', 'c')).not.toBe(draftKey(SECRET, 'wecom', 'a', 'b:c'));
  });

  it('refuse a secret shorter than 32 characters', () => {
    expect(() => reporterHash('short', 'wecom', 'u1')).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});

describe('notify cipher', () => {
  it('opens only with the same secret and case number', () => {
    const sealed = sealNotifyAddress(SECRET, 'wecom', 'zhang:wei', 'NX-2026-000001');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('zhang');
    expect(sealNotifyAddress(SECRET, 'wecom', 'zhang:wei', 'NX-2026-000001')).not.toBe(sealed); // random IV
    expect(openNotifyAddress(SECRET, sealed, 'NX-2026-000001')).toEqual({ channel: 'wecom', userId: 'zhang:wei' });
    expect(() => openNotifyAddress(SECRET, sealed, 'NX-2026-000002')).toThrow(expect.objectContaining({ code: 'internal' }));
    expect(() => openNotifyAddress(`${SECRET}!`, sealed, 'NX-2026-000001')).toThrow(expect.objectContaining({ code: 'internal' }));
    const parts = sealed.split('.');
    const truncated = [...parts.slice(0, 3), parts[3]!.slice(0, 4)].join('.');
    expect(() => openNotifyAddress(SECRET, truncated, 'NX-2026-000001')).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});
