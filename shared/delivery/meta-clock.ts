// Meta's clock, as seen from this computer. Meta stamps `created_time` with its own clock, so "was this reply
// delivered after the attempt?" must be asked in Meta's time, never in the local clock (which can be minutes off).
// Every Graph response carries an HTTP `Date` header (RFC 9110 §6.6.1: the origin server's clock, second
// resolution), which is all this needs.

/** The offset of Meta's clock from the local one, with how far off the estimate may be. */
export interface MetaClock {
  /** Meta's time minus local time (ms), best estimate. */
  offsetMs: number;
  /** The estimate is within ± this (ms): half the second-resolution window plus half the round trip. */
  uncertaintyMs: number;
  /** Local time of the measurement (ms). */
  measuredAt: number;
}

/** A reading older than this is replaced by any newer one (clocks drift; the local clock may be set). */
export const CLOCK_READING_MAX_AGE_MS = 10 * 60_000;

/**
 * Reads Meta's clock from a response's `Date` header. `sentAt`/`receivedAt` are local times around the request:
 * Meta wrote the header somewhere in between, at a true time in [Date, Date + 1 s) (the header drops the
 * milliseconds). So offset ∈ (Date − receivedAt, Date + 1000 − sentAt]; the midpoint and half-width are returned.
 */
export function readMetaClock(
  dateHeader: string | null | undefined,
  sentAt: number,
  receivedAt: number,
): MetaClock | undefined {
  if (!dateHeader) return undefined;
  const date = Date.parse(dateHeader);
  if (!Number.isFinite(date) || receivedAt < sentAt) return undefined;
  const lo = date - receivedAt;
  const hi = date + 1000 - sentAt;
  return {
    offsetMs: Math.round((lo + hi) / 2),
    uncertaintyMs: Math.ceil((hi - lo) / 2),
    measuredAt: receivedAt,
  };
}

/**
 * Keeps the better of two readings: the more precise one, unless it is stale or the two disagree (their intervals
 * do not overlap: a clock was set), in which case the newer one wins.
 */
export function betterClock(prev: MetaClock | undefined, next: MetaClock | undefined): MetaClock | undefined {
  if (!next) return prev;
  if (!prev) return next;
  const stale = next.measuredAt - prev.measuredAt > CLOCK_READING_MAX_AGE_MS;
  const disagree = Math.abs(next.offsetMs - prev.offsetMs) > next.uncertaintyMs + prev.uncertaintyMs;
  if (stale || disagree || next.uncertaintyMs <= prev.uncertaintyMs) return next;
  return prev;
}
