// The chart's arithmetic, pure (no uPlot, no DOM), so it is tested where there is no canvas: the value axis' range,
// which points stand alone between empty days, which day a pointer position means, and the x-axis' steps.

/** A round bound at or above `v` (1, 2, 2.5, 5 × a power of ten); `v` itself when no rounder finite one exists. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  if (!Number.isFinite(v)) return Number.MAX_VALUE;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = [1, 2, 2.5, 5, 10].map((k) => k * p).find((k) => k >= v);
  return m !== undefined && Number.isFinite(m) ? m : v;
}

/**
 * The value axis' range for the data's min and max (null or non-finite when there is no value): always includes 0
 * (a count read against 0, as before), rounded outwards, never empty.
 */
export function yRange(min: number | null, max: number | null): [number, number] {
  const lo = min !== null && Number.isFinite(min) ? Math.min(0, min) : 0;
  const hi = max !== null && Number.isFinite(max) ? Math.max(0, max) : 0;
  const top = hi > 0 ? niceMax(hi) : 0;
  const bottom = lo < 0 ? -niceMax(-lo) : 0;
  return top === bottom ? [0, 1] : [bottom, top];
}

/**
 * The indexes of values with an empty day (or the edge) on both sides: a line through them has no length, so they
 * are drawn as dots. Null when there is none (uPlot then draws no dots at all).
 */
export function loneIndexes(values: ArrayLike<number | null | undefined>): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] == null) continue;
    if ((i === 0 || values[i - 1] == null) && (i === values.length - 1 || values[i + 1] == null)) out.push(i);
  }
  return out.length ? out : null;
}

/** The day under a pointer `fraction` (0…1) of the way across a plot of `count` evenly spaced days. */
export function indexAtFraction(fraction: number, count: number): number | null {
  if (count <= 0 || !Number.isFinite(fraction)) return null;
  return Math.min(count - 1, Math.max(0, Math.round(fraction * (count - 1))));
}

/** The x axis' label steps, in days (or snapshots): a day, two, a week, two, four, then ~quarters and years. */
export const X_STEPS = [1, 2, 7, 14, 28, 56, 91, 182, 365, 730];
