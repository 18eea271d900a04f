// The one rule for which instants Duet accepts from Meta (and from its own cache) as the time of a post, a medium,
// a story, a conversation or a message.

/**
 * No Graph object can be older than Facebook itself (launched 4 February 2004); the first of January 2004 leaves
 * a margin. Anything earlier is a unit mix-up (seconds read as ms, 0, negative numbers) or junk.
 */
export const EARLIEST_GRAPH_TIME_MS = Date.UTC(2004, 0, 1);

/**
 * How far in the future a Graph time may lie. Meta stamps posts, media and messages with its server clock when they
 * happen (scheduled posts are not on `/feed` until published), so a future time means only that this computer's
 * clock is behind — by at most a time-zone mistake (14 h) in practice. A day covers that; anything further would
 * pin junk to the top of every list for years.
 */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * True when `ms` is a time Duet can show and sort by: a finite number `new Date()` can format, no earlier than
 * Facebook and no more than a day ahead of `now`.
 */
export function isPlausibleTime(ms: unknown, now: number = Date.now()): ms is number {
  return (
    typeof ms === 'number' &&
    Number.isFinite(ms) &&
    ms >= EARLIEST_GRAPH_TIME_MS &&
    ms <= now + MAX_FUTURE_SKEW_MS
  );
}

/**
 * True when `new Date(ms)` is a valid date (|ms| ≤ 8.64e15, ECMA-262 §21.4.1.31) — what a formatter needs not to
 * throw. Weaker than `isPlausibleTime`: rows stored before the rule existed may carry any number.
 */
export function isFormattableTime(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

/** Meta time → epoch ms; accepts `2024-01-15T10:30:00+0000`, ISO strings and unix seconds. NaN when unreadable. */
export function toEpochMs(t: string | number): number {
  if (typeof t === 'number') return t < 1e12 ? t * 1000 : t;
  // Meta writes offsets as +0000, which not every Date parser accepts; make it +00:00.
  const iso = t.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  return Date.parse(iso);
}
