import { msOfDayInZone, ymdInZone } from '../domain/calendar/time-zone';

/**
 * An instant as ISO 8601 with the zone's offset, e.g. "2026-11-25T09:00:03+08:00": what operators in that zone
 * read at a glance, and what they can paste back into ?at= unchanged (no milliseconds).
 */
export function formatIsoInZone(date: Date, tz: string): string {
  const ymd = ymdInZone(date, tz);
  const ms = msOfDayInZone(date, tz);
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const offsetMin = Math.round((Date.UTC(y, m - 1, d) + ms - date.getTime()) / 60_000);
  const secs = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${ymd}T${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}:${two(secs % 60)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}
