// When a target goes out and who publishes it: Facebook's native schedule (feed posts and reels) when the time is
// inside Meta's window, otherwise Duet's own durable schedule (Instagram has no documented native schedule). The
// window is the one rule in shared/publish/rules.ts.
import { FB_SCHEDULE_MAX_MS, FB_SCHEDULE_MIN_MS, scheduleOwner } from '../../../../shared/publish/rules';
import { type PublishPostRow, type PublishTargetRow } from '../db';

/** A local schedule that fires more than this after its time says it was late. */
export const LATE_AFTER_MS = 60_000;
/** Facebook must receive a native schedule at least this long before the window's lower edge closes. */
const NATIVE_MARGIN_MS = 60_000;

/** Start now (Facebook may schedule it natively), or wait until `at` (Duet publishes then). */
export type Timing =
  { kind: 'now'; mode?: 'native' | 'local'; lateByMs?: number } | { kind: 'wait'; at: number };

/** True when Facebook still accepts `scheduleAt` as a native schedule at `now`. */
export function nativeScheduleOk(scheduleAt: number, now: number): boolean {
  const lead = scheduleAt - now;
  return lead >= FB_SCHEDULE_MIN_MS + NATIVE_MARGIN_MS && lead <= FB_SCHEDULE_MAX_MS;
}

/** Decides a target's timing at `now`. */
export function publishTiming(
  t: Pick<PublishTargetRow, 'network' | 'scheduleMode'>,
  post: Pick<PublishPostRow, 'scheduleAt' | 'kind'> | undefined,
  now: number,
): Timing {
  const at = post?.scheduleAt;
  if (at === undefined) return { kind: 'now' };
  const native = post && scheduleOwner(t.network, post.kind, at - now) === 'network';
  if (native && t.scheduleMode !== 'local' && nativeScheduleOk(at, now))
    return { kind: 'now', mode: 'native' };
  if (at > now) return { kind: 'wait', at };
  const late = now - at;
  return { kind: 'now', mode: 'local', ...(late > LATE_AFTER_MS ? { lateByMs: late } : {}) };
}

/**
 * Why a target is still unconfirmed after reconciliation, after the view's own "Sent, outcome unknown — checking
 * before anything is retried."
 */
export const UNCONFIRMED_REASON = {
  window:
    'More posts appeared since, so Duet can’t find it among the newest. Check the account on Facebook or Instagram before publishing again.',
  clock: 'Duet couldn’t compare times with Meta to look it up.',
  unseen:
    'Facebook doesn’t show it where Duet can look (its list of stories can lag, and a video still processing is not listed). Check the Page on Facebook before publishing again.',
} as const;
