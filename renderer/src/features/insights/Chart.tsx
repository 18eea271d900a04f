// A time-series chart: axes, the previous period dashed when comparing, a tip that follows the pointer and the
// arrow keys, and the same numbers as a table behind it. The plot is uPlot on a canvas (plot.ts, a chunk of its own
// loaded on first use); everything a keyboard or a screen reader uses — the focusable group, the keys, the live tip,
// the table, the CSV — is plain DOM here, so it all works where nothing can be drawn. Why uPlot:
// docs/architecture.md ("Insights").
import { type KeyboardEvent, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { indexAtFraction } from './chart-scale';
import { type ChartRow, isoDay } from './model';
import type * as PlotChunk from './plot';
import { type Plot } from './plot';

let plotChunk: Promise<typeof PlotChunk> | null = null;
let drawable: boolean | undefined;

/**
 * The plot's chunk, loaded once; null where it cannot draw: no 2D canvas, or no matchMedia (uPlot reads it as it
 * loads) — as in jsdom. A failed load is tried again by the next chart.
 */
function loadPlot(): Promise<typeof PlotChunk> | null {
  drawable ??= typeof matchMedia === 'function' && document.createElement('canvas').getContext('2d') !== null;
  if (!drawable) return null;
  plotChunk ??= import('./plot').catch((e: unknown) => {
    plotChunk = null;
    throw e;
  });
  return plotChunk;
}

// Fetched as soon as this (idle-prefetched, lazy-view.ts) chunk is, so a chart opened later, or offline in the
// browser host, draws without waiting for the network.
void loadPlot()?.catch(() => undefined);

/** A day on the x axis ("Nov 3"), in UTC like the rows' days. */
const dayTick = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A time-series chart with its data table. */
export function Chart(props: {
  title: string;
  rows: ChartRow[];
  format: (v: number) => string;
  compare: boolean;
  onExport: () => void;
  /** How a row's time is said (default: its day). */
  timeText?: (ms: number) => string;
}) {
  const { title, rows, format, compare, timeText } = props;
  const when = timeText ?? isoDay;
  const [active, setActive] = useState<number | null>(null);
  const tipId = useId();
  const figureRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<Plot | null>(null);
  // The newest props, for the plot's draws (its axis labels) and for a plot that finishes loading after a change.
  const live = useRef({ rows, format, timeText, active });
  useLayoutEffect(() => {
    live.current = { rows, format, timeText, active };
  });

  const timed = timeText !== undefined;
  useEffect(() => {
    const chunk = loadPlot();
    const el = canvasRef.current;
    if (!chunk || !el) return;
    let plot: Plot | null = null;
    let gone = false;
    chunk
      .then(({ createPlot }) => {
        if (gone) return;
        plot = createPlot(el, {
          compare,
          format: (v) => live.current.format(v),
          tick: (ms) => live.current.timeText?.(ms) ?? dayTick.format(ms),
          tickSpace: timed ? 120 : 56,
          onDraw: (n) => figureRef.current?.setAttribute('data-drawn-values', String(n)),
        });
        plotRef.current = plot;
        plot.setRows(live.current.rows);
        plot.setActive(live.current.active);
      })
      // No plot (the chunk did not load): the tip, the keys and the table still say every number.
      .catch(() => undefined);
    return () => {
      gone = true;
      plot?.destroy();
      plotRef.current = null;
    };
  }, [compare, timed]);

  // The rows are rebuilt on every render of the column: redraw only when what they say changes.
  const shown = rows.map((r) => `${r.day}:${r.value}:${r.previous}`).join();
  useEffect(() => plotRef.current?.setRows(live.current.rows), [shown]);
  useEffect(() => plotRef.current?.setActive(active), [active]);

  const row = active !== null ? rows[active] : undefined;
  const onKey = (e: KeyboardEvent) => {
    if (!rows.length) return;
    const last = rows.length - 1;
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1 };
    if (e.key in moves)
      setActive((a) =>
        Math.min(last, Math.max(0, (a ?? (moves[e.key] === 1 ? -1 : last + 1)) + (moves[e.key] as number))),
      );
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(last);
    else if (e.key === 'Escape') setActive(null);
    else return;
    e.preventDefault();
  };
  const describe = (r: ChartRow) =>
    `${when(r.day)}: ${r.value === null ? 'no value' : format(r.value)}${compare ? `; previous period: ${r.previous == null ? 'no value' : format(r.previous)}` : ''}`;
  return (
    <figure className="chart" data-testid="insights-chart" ref={figureRef}>
      <div
        className="chart-plot"
        tabIndex={0}
        role="group"
        aria-label={`${title} chart. Use the left and right arrow keys to read each day.`}
        aria-describedby={tipId}
        onKeyDown={onKey}
        onBlur={() => setActive(null)}
      >
        <div
          className="chart-canvas"
          ref={canvasRef}
          aria-hidden="true"
          onPointerLeave={() => setActive(null)}
          onPointerMove={(e) => {
            const plot = plotRef.current;
            if (plot) return setActive(plot.indexAt(e.clientX));
            // Nothing drawn: the same evenly spaced days across the box.
            const box = e.currentTarget.getBoundingClientRect();
            setActive(indexAtFraction((e.clientX - box.left) / box.width, rows.length));
          }}
        />
        <p id={tipId} className={`chart-tip${row ? '' : ' chart-tip-idle'}`} aria-live="polite">
          {row ? describe(row) : 'Point at the chart or focus it for each day’s number.'}
        </p>
      </div>
      <figcaption className="chart-actions">
        <details className="chart-table">
          <summary>Show the numbers as a table</summary>
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{timeText ? 'Time' : 'Day'}</th>
                <th scope="col">{title}</th>
                {compare && <th scope="col">Previous period</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.day}>
                  <th scope="row">{when(r.day)}</th>
                  <td>{r.value === null ? 'Not available yet' : format(r.value)}</td>
                  {compare && <td>{r.previous == null ? 'Not available' : format(r.previous)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        <button className="btn btn-small" onClick={props.onExport}>
          Export chart as CSV
        </button>
      </figcaption>
    </figure>
  );
}
