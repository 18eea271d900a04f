// The chart's arithmetic, pure (no uPlot, no DOM), so it is tested where there is no canvas: the value axis' lines,
// which points stand alone between empty days, which day a pointer position means, and the x-axis' steps.

/** The smallest round step (1, 2, 2.5 or 5 × a power of ten) at or above `v`; 1 for nothing to step over. */
function niceStep(v: number): number {
  if (!(v > 0)) return 1;
  if (!Number.isFinite(v)) return Number.MAX_VALUE;
  const p = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * p).find((k) => k >= v);
  return step !== undefined && Number.isFinite(step) ? step : v;
}

/**
 * The value axis' gridlines for the data's min and max (null or non-finite when there is no value), lowest first:
 * always through 0 (a count is read against 0), at most four round steps across, the first and last at the ends of
 * the axis so no empty band sits above the line; steps of whole numbers when the values are (no "0.5 follows").
 * Never a single line: no values, or only zeros, give 0 and 1.
 */
export function valueTicks(min: number | null, max: number | null, whole = false): number[] {
  const lo = min !== null && Number.isFinite(min) ? Math.min(0, min) : 0;
  const hi = max !== null && Number.isFinite(max) ? Math.max(0, max) : 0;
  if (lo === hi) return [0, 1];
  // Halved before subtracting, so a span from -MAX_VALUE to MAX_VALUE does not overflow to Infinity.
  const fine = niceStep((hi / 2 - lo / 2) / 2);
  const step = whole ? Math.max(1, fine) : fine;
  const bottom = lo < 0 ? -Math.ceil(-lo / step) : 0;
  const top = hi > 0 ? Math.ceil(hi / step) : 0;
  const ticks: number[] = [];
  for (let k = bottom; k <= top; k++) ticks.push(k * step);
  return ticks.map((t) => (Number.isFinite(t) ? t : Math.sign(t) * Number.MAX_VALUE));
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
