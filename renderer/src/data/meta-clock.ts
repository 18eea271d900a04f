// Meta's clock as this window last heard it from the host. Meta stamps created_time and enforces its time windows
// (a comment's 7-day private reply, a conversation's 24 h / 7-day reply window) in its own clock; the local clock can
// be hours or years off (a dead clock battery, a hand-set time). The host measures Meta's clock from the Date
// headers of its answers (shared/delivery/meta-clock.ts) and sends the offset with message pages (ClockHint); every
// reader that receives one notes it here, and the views that show a Meta window compute "now" in Meta's time.
import { type ClockHint } from '../../../shared/delivery/match';

/** An offset beyond this is not a clock but junk (Meta's clock is the real date; a local clock off by more than a
 *  century is not a clock either): it is ignored, and the local clock is used. */
const MAX_OFFSET_MS = 100 * 365 * 24 * 60 * 60_000;

/** A new reading moves the clock only when it differs from the last by this much. */
const MIN_CHANGE_MS = 1000;

let offsetMs = 0;
const listeners = new Set<() => void>();

/** Records the host's latest reading of Meta's clock (a hint without a usable offset changes nothing). */
export function noteMetaClock(hint: ClockHint | undefined): void {
  if (!hint || !Number.isFinite(hint.offsetMs) || Math.abs(hint.offsetMs) > MAX_OFFSET_MS) return;
  const next = Math.round(hint.offsetMs);
  // Each reading differs by a few ms (second-resolution headers, round trips); the windows shown are hours and days,
  // so a change under a second re-renders nothing (the views listening would otherwise re-render on every sync).
  if (Math.abs(next - offsetMs) < MIN_CHANGE_MS) return;
  offsetMs = next;
  for (const l of listeners) l();
}

/** Meta's time now, as well as this window knows it (the local clock until the host has measured Meta's). */
export function metaNow(localNow: number = Date.now()): number {
  return localNow + offsetMs;
}

/** The local time of a Meta time (for the few local records kept beside Meta's, such as "marked done at"). */
export function localFromMeta(meta: number): number {
  return meta - offsetMs;
}

/** Calls `listener` whenever the offset changes; returns the unsubscribe. */
export function onMetaClock(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
