// The Insights view: the Page and the Instagram account side by side for a range of days (7 / 28 / 90 or custom,
// optionally against the period before), follower demographics, and every post's and media item's numbers. It reads
// only the local snapshots the insights stream stores, so it works offline ("as of" the last fetch).
import { useId, useState } from 'react';
import { type Account } from '../../../../shared/models';
import { type DuetDb } from '../../data/db';
import { type SyncStatus } from '../../data/sync/types';
import { useNow } from '../../ui/use-now';
import { Column } from './Column';
import { Demographics } from './Demographics';
import { ItemDialog } from './ItemDialog';
import { ItemsTable } from './ItemsTable';
import { MissingPermission } from '../privacy/MissingPermission';
import { metaToday } from '../../../../shared/insights/plan';
import { customRange, isoDay, lastDays, type DayRange } from './model';
import {
  COLUMN_METRICS,
  COLUMN_PARTS,
  useColumnParts,
  useColumnSeries,
  useDemographics,
  useInsightsStatus,
  useItems,
  type ItemRow,
} from './use-insights';
import { freshnessText, labelOf, REASONS } from './words';
import './insights.css';

const PRESETS = [7, 28, 90] as const;

/** The range picker: presets, a custom range, and "compare with the previous period". */
function RangePicker(props: {
  preset: number | 'custom';
  onPreset: (p: number | 'custom') => void;
  custom: { from: string; to: string };
  onCustom: (c: { from: string; to: string }) => void;
  compare: boolean;
  onCompare: (c: boolean) => void;
  invalid: boolean;
}) {
  const id = useId();
  return (
    <div className="insights-range" role="group" aria-label="Date range">
      {PRESETS.map((d) => (
        <button
          key={d}
          className="btn btn-sm"
          aria-pressed={props.preset === d}
          onClick={() => props.onPreset(d)}
        >
          Last {d} days
        </button>
      ))}
      <button
        className="btn btn-sm"
        aria-pressed={props.preset === 'custom'}
        onClick={() => props.onPreset('custom')}
      >
        Custom
      </button>
      {props.preset === 'custom' && (
        <span className="insights-custom">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={props.custom.from}
            onChange={(e) => props.onCustom({ ...props.custom, from: e.target.value })}
          />
          <label htmlFor={`${id}-to`}>to</label>
          <input
            id={`${id}-to`}
            type="date"
            value={props.custom.to}
            onChange={(e) => props.onCustom({ ...props.custom, to: e.target.value })}
          />
          {props.invalid && <span className="insights-na">Pick a start day before the end day.</span>}
        </span>
      )}
      <label className="insights-compare">
        <input type="checkbox" checked={props.compare} onChange={(e) => props.onCompare(e.target.checked)} />{' '}
        Compare with the previous period
      </label>
    </div>
  );
}

/** The view. */
export function InsightsView(props: { db: DuetDb; account: Account; status: SyncStatus | null | undefined }) {
  const { db, account } = props;
  const now = useNow(60_000);
  const [preset, setPreset] = useState<number | 'custom'>(28);
  const [compare, setCompare] = useState(true);
  const [custom, setCustom] = useState(() => ({
    from: isoDay(lastDays(28, now).from),
    to: isoDay(metaToday(now)),
  }));
  const [open, setOpen] = useState<ItemRow | null>(null);
  const picked = preset === 'custom' ? customRange(custom.from, custom.to) : null;
  const range: DayRange = preset === 'custom' ? (picked ?? lastDays(28, now)) : lastDays(preset, now);
  const igId = account.instagram?.id;
  const status = useInsightsStatus(db, account.id);
  const fb = useColumnSeries(db, account.id, 'facebook', range);
  const ig = useColumnSeries(db, igId, 'instagram', range);
  const fbParts = useColumnParts(db, account.id, 'facebook', range);
  const igParts = useColumnParts(db, igId, 'instagram', range);
  const demographics = useDemographics(db, igId);
  const unavailable = status?.unavailable ?? {};
  const items = useItems(db, account.id, account.id, igId, Object.keys(unavailable)) ?? [];
  const online = props.status?.online ?? true;
  const pageWhy = unavailable[account.id];
  const igWhy = igId ? unavailable[igId] : undefined;
  return (
    <div className="insights-view" data-testid="insights-view">
      <header className="insights-head">
        <RangePicker
          preset={preset}
          onPreset={setPreset}
          custom={custom}
          onCustom={setCustom}
          compare={compare}
          onCompare={setCompare}
          invalid={preset === 'custom' && !picked}
        />
      </header>
      {status && status.dropped.length > 0 && (
        <p className="insights-notice" role="status" data-testid="dropped-metrics">
          Meta no longer provides {status.dropped.map((d) => `${labelOf(d.name)} (${d.name})`).join(', ')}.
          Duet left {status.dropped.length === 1 ? 'it' : 'them'} out and shows everything else.
        </p>
      )}
      <div className="insights-columns">
        <Column
          network="facebook"
          title={`Facebook: ${account.name}`}
          object={COLUMN_METRICS.facebook.object}
          metrics={COLUMN_METRICS.facebook.metrics}
          series={fb}
          range={range}
          compare={compare}
          freshness={freshnessText(status?.fetchedAt.facebook, online)}
          parts={{ title: 'Views by source', ...COLUMN_PARTS.facebook, points: fbParts }}
          {...(pageWhy ? { unavailable: REASONS[pageWhy] } : {})}
        >
          <MissingPermission
            feature="facebook-insights"
            refused={status?.missing.facebook}
            accountId={account.id}
          />
        </Column>
        {igId ? (
          <Column
            network="instagram"
            title={`Instagram: @${account.instagram?.username ?? ''}`}
            object={COLUMN_METRICS.instagram.object}
            metrics={COLUMN_METRICS.instagram.metrics}
            series={ig}
            range={range}
            compare={compare}
            freshness={`${freshnessText(status?.fetchedAt.instagram, online)} Meta keeps about 90 days of account numbers; Duet keeps every day it fetched.`}
            {...(igWhy ? { unavailable: REASONS[igWhy] } : {})}
            parts={{ title: 'Interactions by kind', ...COLUMN_PARTS.instagram, points: igParts }}
          >
            <MissingPermission
              feature="instagram-insights"
              refused={status?.missing.instagram}
              accountId={account.id}
            />
            <Demographics data={demographics} />
          </Column>
        ) : (
          <section className="insights-column" aria-label="Instagram">
            <h2>Instagram</h2>
            <p>This Page has no linked Instagram professional account.</p>
          </section>
        )}
      </div>
      <section className="insights-items" aria-labelledby="insights-items-title">
        <h2 id="insights-items-title">Posts and media</h2>
        <p className="insights-fresh">
          Lifetime numbers of the newest posts and media items, fetched a few times a day (
          {freshnessText(status?.fetchedAt.items, online)}).
        </p>
        <ItemsTable rows={items} unavailable={unavailable} onOpen={setOpen} />
      </section>
      {open && (
        <ItemDialog
          db={db}
          row={open}
          now={now}
          onClose={() => setOpen(null)}
          {...(unavailable[open.objectId] ? { reason: unavailable[open.objectId] } : {})}
        />
      )}
    </div>
  );
}
