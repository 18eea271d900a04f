// Start-up order: the first screen's rows paint before anything else competes for the main thread or IndexedDB.
// A view calls `markFirstPaint()` once its first window is rendered (rows or an empty list); work that the first
// screen does not need (the sync engine, the outbox, unread totals, prefetching lazy views) waits in
// `afterFirstPaint` until the frame after that mark, or until FALLBACK_MS when no view ever marks it (a store that
// cannot open, a screen without a list).
import { useEffect, useState } from 'react';

/** Longest a deferred task waits for the first paint. */
export const FALLBACK_MS = 2_000;

let painted = false;
let flushing = false;
const waiting = new Set<() => void>();

const nextFrame: (fn: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? (fn) => requestAnimationFrame(() => fn())
    : (fn) => setTimeout(fn, 16);

function flush() {
  if (flushing) return;
  flushing = true;
  // rAF runs before the frame is painted; the timeout after it runs once the frame is on screen.
  nextFrame(() =>
    setTimeout(() => {
      flushing = false;
      painted = true;
      const fns = [...waiting];
      waiting.clear();
      for (const fn of fns) fn();
    }, 0),
  );
}

/** The current view's first window is rendered: deferred work may start after the frame that paints it. */
export function markFirstPaint(): void {
  if (!painted) flush();
}

/** Runs `fn` after the first paint (or after FALLBACK_MS without one); returns a cancel function. */
export function afterFirstPaint(fn: () => void): () => void {
  if (painted) {
    const t = setTimeout(fn, 0);
    return () => clearTimeout(t);
  }
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    waiting.delete(run);
    fn();
  };
  const fallback = setTimeout(run, FALLBACK_MS);
  waiting.add(run);
  return () => {
    done = true;
    clearTimeout(fallback);
    waiting.delete(run);
  };
}

/** `value` once the first paint is done (null before): for hooks whose work the first screen does not need. */
export function useAfterFirstPaint<T>(value: T): T | null {
  const [ready, setReady] = useState(painted);
  useEffect(() => (ready ? undefined : afterFirstPaint(() => setReady(true))), [ready]);
  return ready ? value : null;
}

/** Marks the first paint once `ready` (the view's first window is rendered). */
export function useMarkFirstPaint(ready: boolean): void {
  useEffect(() => {
    if (ready) markFirstPaint();
  }, [ready]);
}

/** For tests: back to "nothing painted yet". */
export function resetFirstPaint(): void {
  painted = false;
  flushing = false;
  waiting.clear();
}
