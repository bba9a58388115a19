import { formatIsoInZone } from '../../src/jobs/format-iso-in-zone';
import { parseIsoInstant } from '../../src/jobs/parse-iso-instant';

describe('parseIsoInstant', () => {
  it.each([
    ['2026-11-25T09:00:00+08:00', '2026-11-25T01:00:00.000Z'],
    ['2026-11-25T09:00+08:00', '2026-11-25T01:00:00.000Z'],
    ['2026-11-25T01:00:00Z', '2026-11-25T01:00:00.000Z'],
    ['2026-11-25T01:00:00.5z', '2026-11-25T01:00:00.500Z'],
    ['2026-11-24T20:00:00-05:00', '2026-11-25T01:00:00.000Z'],
    ['2026-11-25T09:00:00+0800', '2026-11-25T01:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseIsoInstant(text)?.toISOString()).toBe(iso);
  });

  it.each(['2026-11-25', '2026-11-25T09:00:00', '2026-02-29T09:00:00Z', '2026-11-31T09:00:00Z', '2026-13-01T00:00:00Z', '2026-11-25T24:00:00Z', '2026-11-25T09:60:00Z', '2026-11-25T09:00:00+15:00', 'now', ''])(
    'refuses %j',
    (text) => {
      expect(parseIsoInstant(text)).toBeNull();
    },
  );
});

describe('formatIsoInZone', () => {
  it('writes the zone offset and round-trips through parseIsoInstant', () => {
    const d = new Date('2026-11-25T01:00:03.999Z');
    expect(formatIsoInZone(d, 'Asia/Shanghai')).toBe('2026-11-25T09:00:03+08:00');
    expect(formatIsoInZone(d, 'UTC')).toBe('2026-11-25T01:00:03+00:00');
    expect(formatIsoInZone(d, 'America/New_York')).toBe('2026-11-24T20:00:03-05:00');
    expect(parseIsoInstant(formatIsoInZone(d, 'Asia/Shanghai'))!.getTime()).toBe(d.getTime() - 999);
  });
});
