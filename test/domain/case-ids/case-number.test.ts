import fc from 'fast-check';
import { formatCaseNumber, parseCaseNumber } from '../../../src/domain/case-ids/case-number';

describe('formatCaseNumber', () => {
  it.each<[string, number, number, string]>([
    ['NX', 2026, 123, 'NX-2026-000123'],
    ['nx', 2026, 1, 'NX-2026-000001'],
    ['GZ', 2025, 999999, 'GZ-2025-999999'],
    ['BJHD', 2026, 1234567, 'BJHD-2026-1234567'],
  ])('%s %d %d → %s', (region, year, seq, expected) => {
    expect(formatCaseNumber(region, year, seq)).toBe(expected);
  });

  it.each<[string, number, number]>([
    ['N', 2026, 1],
    ['N1', 2026, 1],
    ['宁夏', 2026, 1],
    ['NX', 26, 1],
    ['NX', 1999, 1],
    ['NX', 2026, 0],
    ['NX', 2026, 1.5],
    ['NX', 2026, -1],
  ])('rejects %j %d %d', (region, year, seq) => {
    expect(() => formatCaseNumber(region, year, seq)).toThrow(RangeError);
  });
});

describe('parseCaseNumber', () => {
  const nx = { region: 'NX', year: 2026, seq: 123 };
  it.each<[string, ReturnType<typeof parseCaseNumber>]>([
    ['NX-2026-000123', nx],
    ['nx-2026-000123', nx],
    ['ＮＸ－２０２６－０００１２３', nx],
    [' NX - 2026 - 000123 ', nx],
    ['NX 2026 000123', nx],
    ['NX2026000123', nx],
    ['NX-2026-123', nx],
    ['NX—2026—000123', nx],
    ['案件号：nx－2026－000123，请查收', nx],
    ['BJHD-2026-1234567', { region: 'BJHD', year: 2026, seq: 1234567 }],
    ['NX-2026-000000', null],
    ['NX-2026', null],
    ['2026-000123', null],
    ['ANXX12345678X-2026-1', null],
    ['NX-1234-5678', null],
    ['NX-2026-123A', null],
    ['', null],
    ['[图片]', null],
    ['x'.repeat(5000), null],
  ])('%j', (text, expected) => {
    expect(parseCaseNumber(text)).toEqual(expected);
  });

  it('round-trips format → parse (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{2,8}$/),
        fc.integer({ min: 2000, max: 2999 }),
        fc.integer({ min: 1, max: 999_999_999_999 }),
        (region, year, seq) => {
          expect(parseCaseNumber(formatCaseNumber(region, year, seq))).toEqual({ region, year, seq });
          expect(parseCaseNumber(formatCaseNumber(region, year, seq).toLowerCase())).toEqual({ region, year, seq });
        },
      ),
    );
  });
});
