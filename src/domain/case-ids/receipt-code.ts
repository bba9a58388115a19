import { randomBytes } from 'node:crypto';

/**
 * Receipt codes handed to a teacher after a report, e.g. `7KQ2-MX9D-4HTP-3C`, to look the report up later
 * without an account.
 *
 * - Alphabet: Crockford base32 (no I, L, O, U), so a code read aloud or copied by hand has no 1/I/L or 0/O
 *   confusion; when someone types those letters anyway they are read as the digits they resemble.
 * - 13 random characters = 65 bits: unguessable at any rate the bot would allow (RECEIPT_CODE_SPACE ≥ 2^60).
 * - 1 check character, computed over GF(32): c = α·s, where s folds the data with s ← α·s ⊕ d and α is the
 *   field element x (modulus x^5 + x^2 + 1). This is Damm's check-digit construction with the totally
 *   anti-symmetric quasigroup a∘b = α·a ⊕ b. A valid code satisfies Σ α^(13-i)·c_i = 0, so
 *     · a single substitution changes the sum by α^k·e ≠ 0, and
 *     · swapping neighbours x, y changes it by α^k·(x ⊕ y)·(α ⊕ 1) ≠ 0 —
 *   every single-character typo and every adjacent transposition, the check character included, is caught
 *   (the tests check this exhaustively). Crockford's own mod-37 check was not used: it needs the extra symbols
 *   * ~ $ = U, which are awkward to type on a phone and would bring back the U the alphabet leaves out.
 * - Grouping 4-4-4-2 with dashes: fours are what people chunk naturally (like phone numbers and licence keys);
 *   the short last group, which ends with the check character, makes a code's shape easy to recognise.
 */

export const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_DATA_LENGTH = 13;
export const RECEIPT_CODE_LENGTH = RECEIPT_DATA_LENGTH + 1;
export const RECEIPT_GROUPS: readonly number[] = [4, 4, 4, 2];
/** Number of distinct codes: 32^13 = 2^65. */
export const RECEIPT_CODE_SPACE = BigInt(RECEIPT_ALPHABET.length) ** BigInt(RECEIPT_DATA_LENGTH);

/** Anything that returns `size` random bytes, like crypto.randomBytes; injectable for tests. */
export type RandomSource = (size: number) => Uint8Array;

const VALUE = new Map<string, number>([...RECEIPT_ALPHABET].map((c, i) => [c, i]));
const CANONICAL = new RegExp(`^[${RECEIPT_ALPHABET}]{${RECEIPT_CODE_LENGTH}}$`);
/** Spaces, dashes of every width, underscores, dots and middle dots people put between groups. */
const SEPARATORS = /[\s\-_.\u00B7\u2010-\u2015\u2212\u30FB\u30FC]+/g;
/** Modulus x^5 + x^2 + 1, whose bit 5 is cleared by the XOR. */
const GF32_MODULUS = 0b100101;

/** Multiplication by α (= x) in GF(32). */
function timesAlpha(a: number): number {
  const shifted = a << 1;
  return shifted & 0b100000 ? shifted ^ GF32_MODULUS : shifted;
}

/** The quasigroup operation a∘b = α·a ⊕ b the check is built on (exported so tests can verify its properties). */
export function checkStep(state: number, symbol: number): number {
  return timesAlpha(state) ^ symbol;
}

function fold(chars: string): number {
  let state = 0;
  for (const c of chars) state = checkStep(state, VALUE.get(c) as number);
  return state;
}

/** The check character for 13 data characters (already canonical). */
export function receiptCheckCharacter(data: string): string {
  return RECEIPT_ALPHABET[timesAlpha(fold(data))] as string;
}

function group(compact: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of RECEIPT_GROUPS) {
    parts.push(compact.slice(at, at + size));
    at += size;
  }
  return parts.join('-');
}

/** A fresh, canonical receipt code. Each byte's low 5 bits pick a character: 256 is a multiple of 32, so no bias. */
export function newReceiptCode(random: RandomSource = randomBytes): string {
  const bytes = random(RECEIPT_DATA_LENGTH);
  if (bytes.length < RECEIPT_DATA_LENGTH) throw new Error('newReceiptCode: random source returned too few bytes');
  let data = '';
  for (let i = 0; i < RECEIPT_DATA_LENGTH; i++) data += RECEIPT_ALPHABET[(bytes[i] as number) & 31];
  return group(data + receiptCheckCharacter(data));
}

function compactForm(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(SEPARATORS, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/**
 * The canonical code for what someone typed or pasted (any case, full-width, with or without dashes or spaces,
 * O for 0, I or L for 1), or null when it is not a code or its check character does not match.
 */
export function normalizeReceiptCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const compact = compactForm(input);
  if (!CANONICAL.test(compact) || fold(compact) !== 0) return null;
  return group(compact);
}

/**
 * Whether a whole message looks like someone sent a receipt code, valid or not — so the bot can answer
 * "this code does not check out, please compare it again" instead of treating it as an ordinary answer.
 * True for every valid code; otherwise 12-16 letters and digits (a character dropped or added), with at least one
 * of each, and nothing but separators around them.
 */
export function isReceiptCodeLike(text: string): boolean {
  if (typeof text !== 'string' || text.length > 64) return false;
  if (normalizeReceiptCode(text) !== null) return true;
  const s = text.normalize('NFKC').toUpperCase().trim();
  if (!/^[0-9A-Z\s\-_.\u00B7\u2010-\u2015\u2212\u30FB\u30FC]+$/.test(s)) return false;
  // Written in the code's own groups (4-4-4-2): a code, whatever its characters (about 1 in 130 codes has no
  // digit at all, and a typo in one is still a typo).
  if (/^[0-9A-Z]{4}[-\s]?[0-9A-Z]{4}[-\s]?[0-9A-Z]{4}[-\s]?[0-9A-Z]{2}$/.test(s)) return true;
  const compact = s.replace(SEPARATORS, '');
  return compact.length >= 12 && compact.length <= 16 && /[0-9]/.test(compact) && /[A-Z]/.test(compact);
}

const EMBEDDED = /(?<![0-9A-Z])[0-9A-Z]{4}[-\s]?[0-9A-Z]{4}[-\s]?[0-9A-Z]{4}[-\s]?[0-9A-Z]{2}(?![0-9A-Z])/g;

/** The first valid receipt code inside a longer message ("查询 7kq2-mx9d-4htp-3c"), canonical, or null. */
export function findReceiptCode(text: string): string | null {
  if (typeof text !== 'string') return null;
  const s = text.slice(0, 2000).normalize('NFKC').toUpperCase();
  for (const m of s.matchAll(EMBEDDED)) {
    const code = normalizeReceiptCode(m[0]);
    if (code) return code;
  }
  return null;
}
