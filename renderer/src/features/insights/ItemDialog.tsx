// One post's or media item's numbers, with their freshness, and a history chart from the stored snapshots (a story's
// numbers stay here after Meta deletes them).
import { useState } from 'react';
import { type UnavailableReason } from '../../../../shared/insights/metrics';
import { type DuetDb } from '../../data/db';
import { Dialog } from '../../ui/Dialog';
import { Chart } from './Chart';
import { downloadCsv } from './download';
import { toCsv } from './model';
import { itemTitle } from './ItemsTable';
import { useItemHistory, type ItemRow } from './use-insights';
import { formatNumber, formatSeconds, labelOf, REASONS } from './words';

const timeText = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const format = (metric: string, v: number) =>
  /watch_time|avg_time/.test(metric)
    ? formatSeconds(v)
    : metric === 'reels_skip_rate'
      ? `${v.toFixed(1)}%`
      : formatNumber(v);

/** The item dialog. */
export function ItemDialog(props: {
  db: DuetDb;
  row: ItemRow;
  reason?: UnavailableReason;
  now: number;
  onClose: () => void;
}) {
  const { row } = props;
  const metrics = Object.keys(row.numbers);
  const [metric, setMetric] = useState(
    metrics.find((m) => /^(views|post_media_view|total_video_views)$/.test(m)) ?? metrics[0] ?? 'views',
  );
  const history = useItemHistory(props.db, row.objectId, metric) ?? [];
  const rows = history.map((h) => ({ day: h.endTime, value: h.value }));
  const isStory = row.media?.productType === 'STORY';
  return (
    <Dialog title={itemTitle(row)} onClose={props.onClose} wide>
      <div className="insights-item-dialog" data-testid="item-dialog">
        {props.reason && <p className="insights-na">Not available yet. {REASONS[props.reason]}</p>}
        {isStory && metrics.length > 0 && (
          <p className="insights-fresh">
            Captured while the story was live
            {props.now - (row.media?.timestamp ?? 0) >= 86_400_000
              ? '; Meta has deleted its numbers since, Duet kept them'
              : ''}
            .
          </p>
        )}
        {row.asOf > 0 && (
          <p className="insights-fresh">
            Meta’s running totals; last fetched {new Date(row.asOf).toLocaleString()}.
          </p>
        )}
        <dl className="insights-numbers">
          {metrics.map((m) => (
            <div key={m}>
              <dt>
                <button className="insights-link" aria-pressed={m === metric} onClick={() => setMetric(m)}>
                  {labelOf(m)}
                </button>
              </dt>
              <dd data-testid={`item-${m}`}>{format(m, row.numbers[m] as number)}</dd>
            </div>
          ))}
        </dl>
        {rows.length > 0 && (
          <>
            <h3 className="insights-chart-title">{labelOf(metric)} over time</h3>
            <Chart
              title={labelOf(metric)}
              rows={rows}
              format={(v) => format(metric, v)}
              compare={false}
              timeText={timeText}
              onExport={() =>
                downloadCsv(
                  `duet-${row.objectId}-${metric}.csv`,
                  toCsv(
                    ['time', metric],
                    rows.map((r) => [new Date(r.day).toISOString(), r.value]),
                  ),
                )
              }
            />
          </>
        )}
      </div>
    </Dialog>
  );
}
