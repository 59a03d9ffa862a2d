/** Largest distance from 1970 a JavaScript date can hold (±100,000,000 days), in ms. */
const MAX_DATE_MS = 8.64e15;

/**
 * An ISO time from epoch milliseconds, or null when there is none or it is no time at all (NaN, or a number
 * like 1e308 that a damaged or hand-edited export carries): `new Date(x).toISOString()` throws a bare
 * "Invalid time value" for those, which would fail the whole call with a message naming nothing.
 */
export function isoFromEpochMs(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS ? null : new Date(ms).toISOString();
}
