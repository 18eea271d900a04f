// The canvas half of Chart.tsx: a uPlot line chart of a chart's rows. Its own chunk (Chart imports it with import()),
// so uPlot and its CSS load only where a chart is drawn — never in the initial bundle, never where there is no 2D
// canvas. It draws only: what the user reads with the keyboard or a screen reader (the active day, the tip, the
// table) is Chart's DOM, and the cursor here just shows Chart's active day. Colours are the theme's, read from
// insights.css at draw time and read again when the theme changes.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type ChartRow } from './model';
import { loneIndexes, valueTicks, X_STEPS } from './chart-scale';

/** The plot's height in CSS pixels (the width follows its box). */
const HEIGHT = 180;

/** What a chart tells its plot; functions, so axis labels use the chart's newest props at each draw. */
export interface PlotSpec {
  /** Whether the previous period is drawn (dashed) under the range. */
  compare: boolean;
  /** A value as the axis says it. */
  format: (v: number) => string;
  /** A row's time as the x axis says it. */
  tick: (ms: number) => string;
  /** Least room in CSS pixels between two x labels. */
  tickSpace: number;
  /** After each draw: how many values were drawn (a test and the bench wait for a chart that shows something). */
  onDraw: (values: number) => void;
}

/** A drawn chart: the rows it shows, the day its cursor marks, and the day under a pointer. */
export interface Plot {
  setRows(rows: readonly ChartRow[]): void;
  setActive(index: number | null): void;
  /** The row under a pointer at `clientX`, or null when there are no rows. */
  indexAt(clientX: number): number | null;
  destroy(): void;
}

/** The chart colours of the theme in force, as canvas colours. */
interface Ink {
  line: string;
  previous: string;
  grid: string;
  axis: string;
  surface: string;
  font: string;
}

/**
 * Reads the chart's colour tokens (insights.css: `--chart-*` on `.chart-canvas`) through a probe's `color`: a
 * custom property holds `light-dark(…)` unresolved, and only a real colour property resolves it for the scheme.
 */
function inkOf(el: HTMLElement): Ink {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  el.appendChild(probe);
  const read = (token: string) => {
    probe.style.color = `var(${token})`;
    return getComputedStyle(probe).color;
  };
  const ink = {
    line: read('--chart-line'),
    previous: read('--chart-previous'),
    grid: read('--chart-grid'),
    axis: read('--chart-axis'),
    surface: read('--chart-surface'),
    font: `11px ${getComputedStyle(el).fontFamily}`,
  };
  probe.remove();
  return ink;
}

/** Mouse events uPlot would bind itself: none — Chart moves the cursor, so pointer and keys share one active day. */
const UNBOUND: uPlot.Cursor.Bind = {
  mousedown: () => null,
  mouseup: () => null,
  click: () => null,
  dblclick: () => null,
  mousemove: () => null,
  mouseleave: () => null,
  mouseenter: () => null,
};

/** Draws `rows` into `el` and follows `el`'s width and the theme until destroyed. */
export function createPlot(el: HTMLElement, spec: PlotSpec): Plot {
  let rows: readonly ChartRow[] = [];
  let active: number | null = null;
  // The previous period first, so the range's line is drawn over it.
  const valueSeries = spec.compare ? 2 : 1;
  const measure = document.createElement('canvas').getContext('2d');
  // The value axis' gridlines, worked out with its range at each draw.
  let ticks = [0, 1];

  const data = (): uPlot.AlignedData => {
    const xs = rows.map((_, i) => i);
    const values = rows.map((r) => r.value);
    return spec.compare ? [xs, rows.map((r) => r.previous ?? null), values] : [xs, values];
  };

  const options = (ink: Ink): uPlot.Options => {
    const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({
      label,
      stroke,
      width: dash ? 1.5 : 2,
      ...(dash ? { dash } : {}),
      // An empty day breaks the line (uPlot's default, said here because it is the rule: never 0, never bridged).
      spanGaps: false,
      // A value with empty days on both sides has no line to be part of: a dot shows it.
      points: {
        show: false,
        filter: (self, si) => loneIndexes(self.data[si] ?? []),
        size: 6,
        fill: stroke,
        stroke,
      },
    });
    // The value axis as wide as its longest label (1e15 views must not be cut off), in CSS pixels.
    const valueAxisSize = (_: uPlot, values: string[] | null) => {
      if (measure) measure.font = ink.font;
      const widest = Math.max(0, ...(values ?? []).map((v) => measure?.measureText(v).width ?? v.length * 7));
      return Math.ceil(widest) + 14;
    };
    return {
      width: Math.max(1, el.clientWidth),
      height: HEIGHT,
      padding: [10, 12, 0, 0],
      legend: { show: false },
      cursor: {
        y: false,
        bind: UNBOUND,
        drag: { x: false, y: false, setScale: false },
        points: {
          size: 9,
          width: 2,
          fill: (_, si) => (si === valueSeries ? ink.line : ink.previous),
          stroke: ink.surface,
        },
      },
      scales: {
        // One step per row: days are evenly spaced, and so were the old chart's snapshots.
        x: { time: false, range: () => (rows.length > 1 ? [0, rows.length - 1] : [-1, 1]) },
        // The value axis ends on its outer gridlines (valueTicks), which the axis then draws.
        y: {
          range: (_, min, max) => {
            const whole = rows.every(
              (r) => Number.isInteger(r.value ?? 0) && Number.isInteger(r.previous ?? 0),
            );
            ticks = valueTicks(min, max, whole);
            return [ticks[0] as number, ticks[ticks.length - 1] as number];
          },
        },
      },
      axes: [
        {
          stroke: ink.axis,
          font: ink.font,
          size: 28,
          grid: { show: false },
          ticks: { stroke: ink.grid, size: 4 },
          incrs: X_STEPS,
          space: spec.tickSpace,
          values: (_, splits) =>
            splits.map((i) => {
              const row = rows[i];
              return row && Number.isInteger(i) ? spec.tick(row.day) : '';
            }),
        },
        {
          stroke: ink.axis,
          font: ink.font,
          size: valueAxisSize,
          gap: 6,
          grid: { stroke: ink.grid, width: 1 },
          ticks: { show: false },
          splits: () => ticks,
          values: (_, splits) => splits.map((v) => spec.format(v)),
        },
      ],
      series: [
        {},
        ...(spec.compare ? [line('Previous period', ink.previous, [4, 4])] : []),
        line('Value', ink.line),
      ],
      hooks: {
        draw: [() => spec.onDraw(rows.reduce((n, r) => n + (r.value != null ? 1 : 0), 0))],
      },
    };
  };

  let u = new uPlot(options(inkOf(el)), data(), el);

  const showActive = () => {
    const row = active === null ? undefined : rows[active];
    if (active === null || !row) return u.setCursor({ left: -10, top: -10 }, false);
    const top = row.value === null ? 0 : u.valToPos(row.value, 'y');
    u.setCursor({ left: u.valToPos(active, 'x'), top: Math.max(0, top) }, false);
  };

  // The theme: Settings sets <html data-theme>; "system" follows the OS. Either way the colours are read again.
  const retheme = () => {
    u.destroy();
    u = new uPlot(options(inkOf(el)), data(), el);
    showActive();
  };
  const themeWatch = new MutationObserver(retheme);
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', retheme);
  const resize =
    typeof ResizeObserver === 'function'
      ? new ResizeObserver(() => {
          const width = Math.max(1, el.clientWidth);
          if (width === u.width) return;
          u.setSize({ width, height: HEIGHT });
          showActive();
        })
      : null;
  resize?.observe(el);

  return {
    setRows(next) {
      rows = next;
      u.setData(data());
      showActive();
    },
    setActive(index) {
      active = index;
      showActive();
    },
    indexAt(clientX) {
      if (!rows.length) return null;
      const i = u.posToIdx(clientX - u.over.getBoundingClientRect().left);
      return Math.min(rows.length - 1, Math.max(0, i));
    },
    destroy() {
      themeWatch.disconnect();
      scheme.removeEventListener('change', retheme);
      resize?.disconnect();
      u.destroy();
    },
  };
}
