/**
 * The times a Date can hold. ECMAScript dates span ±100,000,000 days around 1970, ±8.64e15 ms
 * (ECMA-262 "Time Values and Time Range"); `new Date(1e20).toISOString()` throws "Invalid time
 * value". A finite timestamp outside that range (`end_time: 1e20`) is therefore not a time, and
 * is refused where it enters (the importers), so that nothing downstream has to guard every Date.
 */

/** The largest magnitude of epoch milliseconds a Date holds. */
export const MAX_DATE_MS = 8.64e15;

/** The same bound in epoch seconds, the unit of X-Ray's `start_time` and `end_time`. */
export const MAX_EPOCH_SECONDS = MAX_DATE_MS / 1000;

/** Epoch milliseconds a Date can hold. */
export function isDateMillis(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_DATE_MS;
}

/** Epoch seconds a Date can hold. */
export function isDateSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_EPOCH_SECONDS;
}

/** ISO-8601 of epoch milliseconds, or undefined when no Date holds them (instead of throwing). */
export function isoOrUndefined(ms: number): string | undefined {
  return isDateMillis(ms) ? new Date(ms).toISOString() : undefined;
}
