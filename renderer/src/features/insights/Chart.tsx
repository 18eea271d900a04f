// A small SVG time-series chart: axes, the previous period dashed when comparing, a tooltip that follows the pointer
// and the arrow keys, and the same numbers as a table behind it. Colours are theme tokens (insights.css), so it
// reads in light and dark. Hand-rolled rather than a library: see docs/architecture.md ("Insights").
import { type KeyboardEvent, useId, useState } from 'react';
import { type ChartRow, isoDay } from './model';

const W = 600;
const H = 180;
const PAD = { l: 48, r: 12, t: 12, b: 26 };

/** A round upper bound for the axis. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v) ?? v;
}

/** The SVG path through the non-empty values; an empty day breaks the line. */
function pathOf(
  values: Array<number | null | undefined>,
  x: (i: number) => number,
  y: (v: number) => number,
) {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || v === undefined) return void (pen = false);
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}

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
  const { title, rows, format, compare } = props;
  const when = props.timeText ?? isoDay;
  const [active, setActive] = useState<number | null>(null);
  const tipId = useId();
  const values = rows
    .flatMap((r) => [r.value, compare ? r.previous : null])
    .filter((v): v is number => v != null);
  const max = niceMax(Math.max(0, ...values));
  const n = Math.max(1, rows.length - 1);
  const x = (i: number) => PAD.l + (i / n) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const xLabels = rows.length > 1 ? [0, Math.floor((rows.length - 1) / 2), rows.length - 1] : [0];
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
    <figure className="chart" data-testid="insights-chart">
      <div
        className="chart-plot"
        tabIndex={0}
        role="group"
        aria-label={`${title} chart. Use the left and right arrow keys to read each day.`}
        aria-describedby={tipId}
        onKeyDown={onKey}
        onBlur={() => setActive(null)}
        onPointerLeave={() => setActive(null)}
        onPointerMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const fx = ((e.clientX - box.left) / box.width) * W;
          setActive(
            Math.min(rows.length - 1, Math.max(0, Math.round(((fx - PAD.l) / (W - PAD.l - PAD.r)) * n))),
          );
        }}
      >
        <svg viewBox={`0 0 ${W} ${H}`} aria-hidden="true" preserveAspectRatio="none">
          {ticks.map((t) => (
            <g key={t}>
              <line className="chart-grid" x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} />
              <text className="chart-axis" x={PAD.l - 6} y={y(t) + 4} textAnchor="end">
                {format(t)}
              </text>
            </g>
          ))}
          {xLabels.map((i) => (
            <text
              key={i}
              className="chart-axis"
              x={x(i)}
              y={H - 8}
              textAnchor={i === 0 ? 'start' : i === rows.length - 1 ? 'end' : 'middle'}
            >
              {rows[i] ? (props.timeText ? when(rows[i].day) : isoDay(rows[i].day).slice(5)) : ''}
            </text>
          ))}
          {compare && (
            <path
              className="chart-line-previous"
              d={pathOf(
                rows.map((r) => r.previous),
                x,
                y,
              )}
            />
          )}
          <path
            className="chart-line"
            d={pathOf(
              rows.map((r) => r.value),
              x,
              y,
            )}
          />
          {/* A lone value (or one between empty days) has no line to be part of: a dot shows it. */}
          {rows.map((r, i) =>
            r.value !== null && rows[i - 1]?.value == null && rows[i + 1]?.value == null ? (
              <circle key={r.day} className="chart-dot" cx={x(i)} cy={y(r.value)} r={3} />
            ) : null,
          )}
          {row && active !== null && (
            <g>
              <line className="chart-cursor" x1={x(active)} x2={x(active)} y1={PAD.t} y2={H - PAD.b} />
              {row.value !== null && <circle className="chart-dot" cx={x(active)} cy={y(row.value)} r={4} />}
            </g>
          )}
        </svg>
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
                <th scope="col">{props.timeText ? 'Time' : 'Day'}</th>
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
