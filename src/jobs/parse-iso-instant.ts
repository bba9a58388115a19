import { daysInMonth } from '../domain/calendar/time-zone';

/** What a caller must write, for error messages. */
export const ISO_INSTANT_HINT = 'an ISO 8601 time with an offset, e.g. 2026-11-25T09:00:00+08:00 (or ...T01:00:00Z)';

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/i;

/**
 * Parses an ISO 8601 instant that names its offset, or returns null. Strict on purpose: Date.parse reads a
 * time without an offset as local time of the server and rolls 2026-02-30 over into March, and a run "as of"
 * the wrong day claims the wrong period for good.
 */
export function parseIsoInstant(text: string): Date | null {
  const p = ISO.exec(text.trim());
  if (!p) return null;
  const [y, mo, d, h, mi] = [p[1], p[2], p[3], p[4], p[5]].map(Number) as [number, number, number, number, number];
  const s = p[6] === undefined ? 0 : Number(p[6]);
  const ms = p[7] === undefined ? 0 : Number(p[7].padEnd(3, '0'));
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  let offsetMin = 0;
  if (!p[8]) {
    const oh = Number(p[10]);
    const om = Number(p[11]);
    if (oh > 14 || om > 59) return null;
    offsetMin = (p[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000);
}
