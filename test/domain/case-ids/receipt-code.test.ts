import fc from 'fast-check';
import {
  checkStep,
  findReceiptCode,
  isReceiptCodeLike,
  newReceiptCode,
  normalizeReceiptCode,
  receiptCheckCharacter,
  RECEIPT_ALPHABET,
  RECEIPT_CODE_LENGTH,
  RECEIPT_CODE_SPACE,
  RECEIPT_DATA_LENGTH,
} from '../../../src/domain/case-ids/receipt-code';

const SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/;
const compact = (code: string): string => code.replace(/-/g, '');
const regroup = (c: string): string => `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8, 12)}-${c.slice(12)}`;
/** A deterministic random source for reproducible codes. */
const seeded = (seed: number) => (size: number) => {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
};

describe('receipt code format', () => {
  it('is Crockford base32 without I, L, O, U, grouped 4-4-4-2', () => {
    expect(RECEIPT_ALPHABET).toHaveLength(32);
    expect(RECEIPT_ALPHABET).not.toMatch(/[ILOU]/);
    for (let i = 0; i < 200; i++) expect(newReceiptCode()).toMatch(SHAPE);
  });

  it('has at least 2^60 possible codes (computed from alphabet and length)', () => {
    expect(RECEIPT_CODE_SPACE).toBe(BigInt(RECEIPT_ALPHABET.length) ** BigInt(RECEIPT_DATA_LENGTH));
    expect(RECEIPT_CODE_SPACE >= 2n ** 60n).toBe(true);
    expect(Math.log2(RECEIPT_ALPHABET.length) * RECEIPT_DATA_LENGTH).toBe(65);
    expect(RECEIPT_CODE_LENGTH).toBe(14);
  });

  it('uses every random byte without bias: each byte value picks alphabet[byte % 32]', () => {
    const bytes = Uint8Array.from({ length: RECEIPT_DATA_LENGTH }, (_, i) => 255 - i * 7);
    const code = newReceiptCode(() => bytes);
    expect(compact(code).slice(0, RECEIPT_DATA_LENGTH)).toBe([...bytes].map((b) => RECEIPT_ALPHABET[b % 32]).join(''));
  });

  it('is deterministic for an injected source and fails loudly on a short one', () => {
    expect(newReceiptCode(seeded(42))).toBe(newReceiptCode(seeded(42)));
    expect(() => newReceiptCode(() => new Uint8Array(5))).toThrow();
  });

  it('fresh codes differ', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newReceiptCode()));
    expect(codes.size).toBe(2000);
  });
});

describe('check character: proof over the whole operation table', () => {
  const N = RECEIPT_ALPHABET.length;

  it('every row and column of a∘b = α·a ⊕ b is a permutation (so any single substitution changes the result)', () => {
    for (let a = 0; a < N; a++) {
      expect(new Set(Array.from({ length: N }, (_, b) => checkStep(a, b))).size).toBe(N);
      expect(new Set(Array.from({ length: N }, (_, b) => checkStep(b, a))).size).toBe(N);
    }
  });

  it('is totally anti-symmetric: (c∘x)∘y ≠ (c∘y)∘x for all c and x ≠ y (so any adjacent swap is caught)', () => {
    for (let c = 0; c < N; c++)
      for (let x = 0; x < N; x++)
        for (let y = 0; y < N; y++) {
          if (x !== y) expect(checkStep(checkStep(c, x), y) === checkStep(checkStep(c, y), x)).toBe(false);
        }
  });
});

describe('check character: exhaustive over real codes', () => {
  const codes = [
    ...Array.from({ length: 6 }, (_, i) => newReceiptCode(seeded(i + 1))),
    regroup('0'.repeat(13) + receiptCheckCharacter('0'.repeat(13))),
    regroup('Z'.repeat(13) + receiptCheckCharacter('Z'.repeat(13))),
  ];

  it.each(codes)('%s: every single substitution at every position is rejected', (code) => {
    const c = compact(code);
    expect(normalizeReceiptCode(code)).toBe(code);
    let tried = 0;
    for (let pos = 0; pos < c.length; pos++) {
      for (const sym of RECEIPT_ALPHABET) {
        if (sym === c[pos]) continue;
        const typo = c.slice(0, pos) + sym + c.slice(pos + 1);
        expect([typo, normalizeReceiptCode(typo)]).toEqual([typo, null]);
        tried++;
      }
    }
    expect(tried).toBe(RECEIPT_CODE_LENGTH * 31);
  });

  it.each(codes)('%s: every adjacent transposition (check character included) is rejected', (code) => {
    const c = compact(code);
    for (let pos = 0; pos + 1 < c.length; pos++) {
      if (c[pos] === c[pos + 1]) continue;
      const swapped = c.slice(0, pos) + c[pos + 1] + c[pos] + c.slice(pos + 2);
      expect([swapped, normalizeReceiptCode(swapped)]).toEqual([swapped, null]);
    }
  });

  it('every adjacent transposition is rejected for random codes (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: RECEIPT_DATA_LENGTH, maxLength: RECEIPT_DATA_LENGTH }),
        fc.nat(RECEIPT_CODE_LENGTH - 2),
        (bytes, pos) => {
          const c = compact(newReceiptCode(() => bytes));
          fc.pre(c[pos] !== c[pos + 1]);
          const swapped = c.slice(0, pos) + c[pos + 1] + c[pos] + c.slice(pos + 2);
          return normalizeReceiptCode(swapped) === null;
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('normalizeReceiptCode', () => {
  const code = newReceiptCode(seeded(7));
  const c = compact(code);

  it('round-trips every fresh code (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: RECEIPT_DATA_LENGTH, maxLength: RECEIPT_DATA_LENGTH }), (bytes) => {
        const fresh = newReceiptCode(() => bytes);
        return normalizeReceiptCode(fresh) === fresh && normalizeReceiptCode(fresh.toLowerCase()) === fresh;
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string, (s: string) => string]>([
    ['lowercase', (s) => s.toLowerCase()],
    ['no dashes', (s) => compact(s)],
    ['spaces instead of dashes', (s) => s.replace(/-/g, ' ')],
    ['extra dashes and spaces', (s) => ` ${[...compact(s)].join('-')} `],
    ['full-width', (s) => [...s].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('')],
    ['em dashes', (s) => s.replace(/-/g, '—')],
    ['underscores', (s) => s.replace(/-/g, '_')],
  ])('accepts %s', (_name, mangle) => {
    expect(normalizeReceiptCode(mangle(code))).toBe(code);
  });

  it('reads O as 0 and I or L as 1', () => {
    const withZeroOne = regroup('0I1L0O1234567' + receiptCheckCharacter('0111001234567'));
    expect(normalizeReceiptCode(withZeroOne)).toBe(regroup('0111001234567' + receiptCheckCharacter('0111001234567')));
    expect(normalizeReceiptCode(withZeroOne.toLowerCase())).not.toBeNull();
  });

  it.each(['', '   ', c.slice(0, 13), c + '0', c.slice(0, 13) + 'U', '[图片]', '测试'.repeat(7), 'x'.repeat(5000)])(
    'rejects %j',
    (input) => {
      expect(normalizeReceiptCode(input)).toBeNull();
    },
  );
});

describe('isReceiptCodeLike and findReceiptCode', () => {
  const code = newReceiptCode(seeded(9));
  const broken = compact(code).slice(0, 13) + (compact(code)[13] === '0' ? '1' : '0');

  it.each<[string, boolean]>([
    [code, true],
    [code.toLowerCase(), true],
    [broken, true], // wrong check character still looks like a code
    [compact(code).slice(0, 12), true],
    ['0'.repeat(13) + receiptCheckCharacter('0'.repeat(13)), true],
    ['ABCD-EFGH-JKMN-PQ', true], // a code with no digit, mistyped (about 1 code in 130 has none)
    ['ABCDEFGHJKMNPQ', true], // the same pasted without its dashes
    ['13800138000', false], // a phone number
    ['6222021234567890123', false], // a bank card
    ['5次', false],
    ['我的回执码是' + code, false],
    ['', false],
    ['[图片]', false],
    ['x'.repeat(5000), false],
  ])('isReceiptCodeLike(%j) = %s', (text, expected) => {
    expect(isReceiptCodeLike(text)).toBe(expected);
  });

  it('finds a valid code inside a message', () => {
    expect(findReceiptCode(`查询 ${code.toLowerCase()} 谢谢`)).toBe(code);
    expect(findReceiptCode(`回执码：${compact(code)}`)).toBe(code);
    expect(findReceiptCode(`回执码：${broken}`)).toBeNull();
    expect(findReceiptCode('没有回执码')).toBeNull();
  });
});
