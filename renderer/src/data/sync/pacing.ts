// How often the sync engine polls: by focus and visibility, slower near Meta's rate limit, exponential backoff after
// errors, never before a throttle ends. Pure functions; the engine feeds them its state.
import { SLOWDOWN_PCT } from '../../../../shared/graph/rate-limit';

/** Poll intervals in ms (tests and the e2e host may shorten `focused`). */
export interface PollIntervals {
  focused: number;
  unfocused: number;
  hidden: number;
  /** How often we probe while the network seems down but the OS did not say so. */
  offlineProbe: number;
  /** Longest wait after repeated errors. */
  maxBackoff: number;
}

/** Default intervals: 15 s focused, 60 s visible but unfocused, 5 min hidden. */
export const DEFAULT_INTERVALS: PollIntervals = {
  focused: 15_000,
  unfocused: 60_000,
  hidden: 300_000,
  offlineProbe: 30_000,
  maxBackoff: 600_000,
};

/** Above this share of the rate-limit budget (percent) polling slows down (Meta throttles at 100). */
export const BUDGET_SLOWDOWN_PCT = SLOWDOWN_PCT;

/** The intervals after overrides: a shortened focused interval (tests, demos) shortens the offline probe too. */
export function resolveIntervals(overrides: Partial<PollIntervals> = {}): PollIntervals {
  const focused = overrides.focused ?? DEFAULT_INTERVALS.focused;
  return {
    ...DEFAULT_INTERVALS,
    offlineProbe: Math.min(DEFAULT_INTERVALS.offlineProbe, 2 * focused),
    ...overrides,
  };
}

/** What the interval depends on. */
export interface PacingState {
  visible: boolean;
  focused: boolean;
  /** Highest share of the rate-limit budget in use (percent). */
  budgetPct: number;
}

/** The adaptive interval: focus/visibility, slower above BUDGET_SLOWDOWN_PCT of the budget. */
export function baseInterval(intervals: PollIntervals, s: PacingState): number {
  let ms = !s.visible ? intervals.hidden : s.focused ? intervals.focused : intervals.unfocused;
  if (s.budgetPct >= BUDGET_SLOWDOWN_PCT) ms *= s.budgetPct >= 95 ? 8 : 4;
  return ms;
}

/** The wait before the next poll: the base interval, backed off after `errors` failures, and past a throttle. */
export function pollDelay(
  intervals: PollIntervals,
  s: PacingState & { online: boolean; errors: number; throttledUntil: number; now: number },
): number {
  if (!s.online) return intervals.offlineProbe;
  let ms = baseInterval(intervals, s);
  if (s.errors > 0) ms = Math.min(ms * 2 ** s.errors, Math.max(intervals.maxBackoff, ms));
  if (s.throttledUntil > s.now) ms = Math.max(ms, s.throttledUntil - s.now);
  return ms;
}

/** The wait before a failed backfill page is tried again. */
export function backfillRetryDelay(intervals: PollIntervals, failures: number, network: boolean): number {
  return network ? intervals.offlineProbe : Math.min(intervals.focused * 2 ** failures, intervals.maxBackoff);
}
