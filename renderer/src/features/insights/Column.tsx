// One network's column: headline cards (figure of the range, change against the previous period, how it was made)
// and the chart of the chosen card's metric, with where the numbers come from and how fresh they are.
import { useState } from 'react';
import { type InsightsNetwork, type InsightsObject } from '../../../../shared/insights/metrics';
import { Chart } from './Chart';
import { downloadCsv } from './download';
import {
  changePct,
  chartRows,
  figureOf,
  inRange,
  isoDay,
  previousRange,
  sameDaysBefore,
  toCsv,
  type DayRange,
  type Point,
} from './model';
import { FIGURE_NOTE, formatNumber, labelOf, REASONS } from './words';

/** One headline card. */
function Card(props: {
  object: InsightsObject;
  metric: string;
  points: Point[];
  range: DayRange;
  compare: boolean;
  selected: boolean;
  onSelect: () => void;
  unavailable?: string;
}) {
  const { object, metric, points, range, compare } = props;
  const current = inRange(points, range);
  const now = figureOf(object, metric, current);
  // The same days of the period before (this one may lack its last days yet: Meta's delay); only when Duet holds
  // every one of them is the change fair.
  const before = figureOf(object, metric, sameDaysBefore(points, range, current));
  const comparable = !!now && !!before && before.days === now.days;
  const change = compare && comparable ? changePct(now, before) : null;
  return (
    <button
      className="insights-card"
      aria-pressed={props.selected}
      onClick={props.onSelect}
      data-testid={`card-${metric}`}
    >
      <span className="insights-card-label">{labelOf(metric)}</span>
      {now ? (
        <>
          <span className="insights-card-value" data-testid="card-value">
            {formatNumber(now.value)}
          </span>
          <span className="insights-card-note">{FIGURE_NOTE[now.kind]}</span>
          {change !== null && (
            <span className={`insights-change ${change >= 0 ? 'up' : 'down'}`}>
              {change >= 0 ? '▲' : '▼'} {Math.abs(change).toFixed(0)}% vs previous period
            </span>
          )}
          {compare && change === null && (
            <span className="insights-card-note">
              {before && !comparable
                ? `Duet holds ${before.days} of the previous ${now.days} days: no comparison`
                : 'No previous period to compare'}
            </span>
          )}
        </>
      ) : (
        <>
          <span className="insights-card-value insights-na">Not available yet</span>
          <span className="insights-card-note">{props.unavailable ?? REASONS['no-days']}</span>
        </>
      )}
    </button>
  );
}

/** The parts of one figure over the range (views by source, interactions by kind): sums of their days. */
function Parts(props: {
  title: string;
  object: InsightsObject;
  metric: string;
  parts: readonly string[];
  points: Record<string, Point[]> | undefined;
  range: DayRange;
  testId: string;
}) {
  return (
    <div className="insights-parts" data-testid={props.testId}>
      <h3 className="insights-chart-title">{props.title}</h3>
      <dl className="insights-numbers">
        {props.parts.map((k) => {
          // A breakdown row counts like its metric; a part that is a metric of its own counts as itself.
          const f = figureOf(
            props.object,
            k.includes(':') ? props.metric : k,
            inRange(props.points?.[k] ?? [], props.range),
          );
          return (
            <div key={k}>
              <dt>{labelOf(k)}</dt>
              <dd data-testid={`part-${k}`}>
                {f ? formatNumber(f.value) : <span className="insights-na">Not available yet</span>}
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

/** A network's headline cards and chart. */
export function Column(props: {
  network: InsightsNetwork;
  title: string;
  object: InsightsObject;
  metrics: string[];
  series: Record<string, Point[]> | undefined;
  range: DayRange;
  compare: boolean;
  freshness: string;
  unavailable?: string;
  /** The parts shown under the cards, with their title. */
  parts?: {
    title: string;
    metric: string;
    parts: readonly string[];
    points: Record<string, Point[]> | undefined;
  };
  children?: React.ReactNode;
}) {
  const { network, object, metrics, series, range, compare } = props;
  const [chosen, setChosen] = useState(metrics[0] as string);
  const points = series?.[chosen] ?? [];
  const rows = chartRows(
    inRange(points, range),
    range,
    compare ? inRange(points, previousRange(range)) : undefined,
  );
  const exportChart = () => {
    const header = ['day', chosen, ...(compare ? [`${chosen} previous period`] : [])];
    const body = rows.map((r) => [isoDay(r.day), r.value, ...(compare ? [r.previous ?? null] : [])]);
    downloadCsv(
      `duet-${network}-${chosen}-${isoDay(range.from)}-${isoDay(range.to - 1)}.csv`,
      toCsv(header, body),
    );
  };
  return (
    <section
      className="insights-column"
      aria-labelledby={`insights-${network}`}
      data-testid={`insights-${network}`}
    >
      <h2 id={`insights-${network}`}>{props.title}</h2>
      <p className="insights-fresh" data-testid={`fresh-${network}`}>
        {props.freshness}
      </p>
      <div className="insights-cards">
        {metrics.map((m) => (
          <Card
            key={m}
            object={object}
            metric={m}
            points={series?.[m] ?? []}
            range={range}
            compare={compare}
            selected={m === chosen}
            onSelect={() => setChosen(m)}
            {...(props.unavailable ? { unavailable: props.unavailable } : {})}
          />
        ))}
      </div>
      {props.parts && <Parts {...props.parts} object={object} range={range} testId={`parts-${network}`} />}
      <h3 className="insights-chart-title">{labelOf(chosen)} per day</h3>
      <Chart
        title={labelOf(chosen)}
        rows={rows}
        format={formatNumber}
        compare={compare}
        onExport={exportChart}
      />
      {props.children}
    </section>
  );
}
