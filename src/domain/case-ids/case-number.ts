/**
 * Case numbers for reports that become cases at the bureau: `NX-2026-000123` — region code, year, sequence.
 * Staff read these over the phone and paste them into chats, so parsing tolerates case, full-width characters,
 * spaces and missing or odd dashes, and finds the number inside a longer message ("案件号：nx－2026－123").
 */

export interface CaseNumber {
  /** Upper-case region code, 2-8 letters. */
  readonly region: string;
  readonly year: number;
  /** Sequence within region and year, from 1. */
  readonly seq: number;
}

const REGION = /^[A-Z]{2,8}$/;
/** Sequences are zero-padded to 6 digits so numbers sort and read alike; larger ones just use more digits. */
const SEQ_DIGITS = 6;
const MAX_SEQ = 999_999_999_999;
/** Years a case can belong to; narrower than "any 4 digits" so other numbers in a message are not mistaken for one. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2999;
const SEP = '[\\s\\-_\\u2010-\\u2015\\u2212]*';
const EMBEDDED = new RegExp(`(?<![A-Z0-9])([A-Z]{2,8})${SEP}(\\d{4})${SEP}(\\d{1,12})(?![0-9A-Z])`);

function assertCaseParts(region: string, year: number, seq: number): void {
  if (!REGION.test(region)) throw new RangeError(`case number region must be 2-8 letters, got ${JSON.stringify(region)}`);
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`case number year must be ${MIN_YEAR}..${MAX_YEAR}, got ${year}`);
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new RangeError(`case number seq must be 1..${MAX_SEQ}, got ${seq}`);
}

/** `NX-2026-000123`. The region is upper-cased; invalid parts are a programming error and throw RangeError. */
export function formatCaseNumber(region: string, year: number, seq: number): string {
  const r = region.toUpperCase();
  assertCaseParts(r, year, seq);
  return `${r}-${year}-${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

/** The first case number in the text, or null. `nx 2026 123`, `ＮＸ－２０２６－０００１２３` and `NX2026000123` all parse. */
export function parseCaseNumber(text: string): CaseNumber | null {
  if (typeof text !== 'string') return null;
  const s = text.slice(0, 1000).normalize('NFKC').toUpperCase();
  const m = EMBEDDED.exec(s);
  if (!m) return null;
  const region = m[1] as string;
  const year = Number(m[2]);
  const seq = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || seq < 1 || seq > MAX_SEQ) return null;
  return { region, year, seq };
}
