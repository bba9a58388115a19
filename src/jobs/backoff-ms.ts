/**
 * The wait before the next attempt of a row that has been failing for `failingMs`: as long again (so the
 * waits double: base, base, 2 base, 4 base, ...), at least `base`, never more than `max`, with ±20 % jitter
 * so that rows which failed together do not come back together.
 */
export function backoffMs(failingMs: number, base: number, max: number, random: () => number = Math.random): number {
  const raw = Math.min(max, Math.max(base, failingMs));
  return Math.min(max, Math.round(raw * (0.8 + 0.4 * random())));
}
