// Summaries and the results table of `npm run bench`.

/** Median, min and max of a figure's samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** One row of the results table. */
export interface Figure {
  /** Short id, stable across runs (for comparing latest.json files). */
  id: string;
  label: string;
  unit: string;
  /** The measured value (median of `samples`, or a single derived value). */
  value: Summary;
  /** What it is compared with in the same run (e.g. the empty shell, raw IndexedDB), when there is one. */
  baseline?: { label: string; value: Summary };
  /** value / baseline (or the ratio defined by the figure), median over paired runs when available. */
  ratio?: Summary;
  /** The target, as text, and whether it is met. */
  target?: string;
  pass?: boolean;
  note?: string;
}

/** Median/min/max of samples (NaN for none). */
export function summarize(samples: number[]): Summary {
  const s = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s.at(-1)!, n: s.length };
}

/** Whether every sample of `s` is within `spread` of its median (the per-pair ratios' min and max, ± around it). */
export function withinSpread(s: Summary, spread: number): boolean {
  return s.n > 0 && s.max - s.median <= spread + 1e-9 && s.median - s.min <= spread + 1e-9;
}

/** What a plateau test found in a series sampled once per cycle. */
export interface Plateau {
  /** Growth over the last third of the series (last sample minus the first of that third), in the series' unit. */
  lastThirdGrowth: number;
  /** Whether that growth is below `tolerance`. */
  plateaued: boolean;
  /** The level it settles at: median of the last third. */
  level: number;
  /** First sample index from which every later sample stays within `tolerance` of `level`. */
  from: number;
}

/**
 * Plateau test: a series plateaus when it grows by less than `tolerance` over its last third (at least 3 samples),
 * e.g. compiled code growing by less than 1 % of the heap. `from` says after how many samples it settled.
 */
export function plateau(series: number[], tolerance: number): Plateau {
  const n = series.length;
  if (n < 3) return { lastThirdGrowth: NaN, plateaued: false, level: NaN, from: NaN };
  const start = Math.min(n - 3, Math.floor((2 * n) / 3));
  const third = series.slice(start);
  const lastThirdGrowth = third.at(-1)! - third[0]!;
  const level = summarize(third).median;
  let from = n;
  while (from > 0 && Math.abs(series[from - 1]! - level) <= tolerance) from--;
  return { lastThirdGrowth, plateaued: lastThirdGrowth < tolerance, level, from };
}

/** The q-quantile (0..1) of samples, nearest rank. */
export function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** `median (min–max)` or just the value when there is one sample. */
export function fmtSummary(s: Summary, unit = ''): string {
  const u = unit ? ` ${unit}` : '';
  if (s.n <= 1 || s.min === s.max) return `${fmt(s.median)}${u}`;
  return `${fmt(s.median)}${u} (${fmt(s.min)}–${fmt(s.max)})`;
}

/** The Markdown table of all figures. */
export function markdownTable(figures: Figure[]): string {
  const rows = [
    '| Figure | Value, median (min–max) | Baseline in the same run | Ratio | Target | Result |',
    '|---|---|---|---|---|---|',
  ];
  for (const f of figures) {
    const base = f.baseline ? `${f.baseline.label}: ${fmtSummary(f.baseline.value, f.unit)}` : '';
    const ratio = f.ratio ? `${fmtSummary(f.ratio)}×` : '';
    const result = f.pass === undefined ? 'info' : f.pass ? 'PASS' : 'MISS';
    const label = f.note ? `${f.label} — ${f.note}` : f.label;
    rows.push(
      `| ${label} | ${fmtSummary(f.value, f.unit)} | ${base} | ${ratio} | ${f.target ?? ''} | ${result} |`,
    );
  }
  return rows.join('\n');
}

/** A compact plain-text table for the terminal. */
export function textTable(figures: Figure[]): string {
  const lines = figures.map((f) => {
    const result = f.pass === undefined ? 'info' : f.pass ? 'PASS' : 'MISS';
    const ratio = f.ratio ? `  ratio ${fmtSummary(f.ratio)}×` : '';
    const base = f.baseline ? `  [${f.baseline.label} ${fmtSummary(f.baseline.value, f.unit)}]` : '';
    const target = f.target ? `  target ${f.target}` : '';
    return `${result.padEnd(4)}  ${f.label}: ${fmtSummary(f.value, f.unit)}${base}${ratio}${target}`;
  });
  return lines.join('\n');
}
