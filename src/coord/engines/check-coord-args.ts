/**
 * Argument checks shared by both Coord engines, so that a bad TTL or limit fails the same way in memory and in
 * Redis (Redis would otherwise answer "invalid expire time" only at run time, and memory would silently accept
 * it). These are programming errors, not outages, so they throw RangeError and never `coord_unavailable`.
 */

/** A duration in ms: positive and finite; fractions round up so that a TTL is never shortened to 0. */
export function checkMs(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of ms, got ${value}`);
  return Math.ceil(value);
}

/** A rate limit: a whole number of calls, at least 1 (a limit of 0 would refuse forever with no retry time). */
export function checkLimit(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`limit must be an integer >= 1, got ${value}`);
  return value;
}

/** A cache stamp: any finite number (Redis compares it as a Lua double, exact up to 2^53). */
export function checkStamp(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`stamp must be a finite number, got ${value}`);
  return value;
}
