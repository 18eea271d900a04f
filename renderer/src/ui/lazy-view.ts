// Heavy views (viewer, search, diagnostics) stay out of the initial bundle, yet must open offline and without a
// wait: each is React.lazy, and its chunk is fetched once the app is idle after start-up. In Electron the chunks
// come from app:// (local files) anyway; in the browser host this keeps them working when the network drops.
// Prefetching waits for the first paint (first-paint.ts).
import { type ComponentType, lazy, type LazyExoticComponent } from 'react';
import { afterFirstPaint } from './first-paint';

const idle: (fn: () => void) => void =
  typeof requestIdleCallback === 'function'
    ? (fn) => requestIdleCallback(fn, { timeout: 5_000 })
    : (fn) => setTimeout(fn, 2_000);

/**
 * `React.lazy(load)` that also starts `load` ahead of use: when the page is next idle after the first paint, or —
 * `prefetch: 'start'`, for a primary view a click away from the first screen (the inbox beside Home) — as soon as
 * the app has started, so a click right after opening never waits for the chunk.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same constraint React.lazy uses
export function lazyView<T extends ComponentType<any>>(
  load: () => Promise<{ default: T }>,
  options: { prefetch?: 'idle' | 'start' } = {},
): LazyExoticComponent<T> {
  let pending: Promise<{ default: T }> | null = null;
  const once = () => {
    // A failed fetch (e.g. the host restarting) is retried on the next use instead of being cached as a failure.
    pending ??= load().catch((e: unknown) => {
      pending = null;
      throw e;
    });
    return pending;
  };
  if (options.prefetch === 'start') setTimeout(() => void once().catch(() => {}), 0);
  // Otherwise fetched once the first screen has painted, so the chunk never competes with the first rows.
  else afterFirstPaint(() => idle(() => void once().catch(() => {})));
  return lazy(once);
}
