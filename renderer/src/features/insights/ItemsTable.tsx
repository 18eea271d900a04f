// The per-post and per-media table: thumbnails, the newest numbers, sortable by any column; a row opens the item.
import { useContext, useMemo, useState } from 'react';
import { type UnavailableReason } from '../../../../shared/insights/metrics';
import { AppContext } from '../../app/context';
import { SafeImage } from '../../ui/SafeImage';
import { downloadCsv } from './download';
import { firstNumber, VIEW_METRICS } from './headline';
import { isoDay, toCsv } from './model';
import { type ItemRow } from './use-insights';
import { formatNumber, formatSeconds, REASONS } from './words';

/** A table column: its heading and how to read its number from a row. */
interface Col {
  id: string;
  title: string;
  get(r: ItemRow): number | undefined;
  format?: (v: number) => string;
}

const first = (r: ItemRow, ...metrics: string[]) => firstNumber(r.numbers, metrics);

/** The numeric columns (Facebook and Instagram names of the same figure side by side). */
export const ITEM_COLUMNS: Col[] = [
  { id: 'views', title: 'Views', get: (r) => first(r, ...VIEW_METRICS) },
  { id: 'reach', title: 'Reach', get: (r) => first(r, 'reach', 'post_total_media_view_unique') },
  {
    id: 'interactions',
    title: 'Interactions',
    get: (r) => first(r, 'total_interactions', 'post_reactions_by_type_total'),
  },
  { id: 'saves', title: 'Saves', get: (r) => first(r, 'saved') },
  { id: 'shares', title: 'Shares', get: (r) => first(r, 'shares') },
  {
    id: 'watch',
    title: 'Avg watch time',
    get: (r) => first(r, 'ig_reels_avg_watch_time', 'total_video_avg_time_watched'),
    format: formatSeconds,
  },
  {
    id: 'skip',
    title: 'Skip rate',
    get: (r) => first(r, 'reels_skip_rate'),
    format: (v) => `${v.toFixed(1)}%`,
  },
  // Reels shared to Facebook: their views there (Meta's facebook_views on the Instagram reel).
  { id: 'fbviews', title: 'Views on Facebook', get: (r) => first(r, 'facebook_views') },
];

/** What an item is called in the table. */
export function itemTitle(r: ItemRow): string {
  const text = r.post?.message ?? r.post?.story ?? r.media?.caption ?? '';
  const kind = r.post
    ? 'Facebook post'
    : r.media?.productType === 'STORY'
      ? 'Story'
      : r.media?.productType === 'REELS'
        ? 'Reel'
        : 'Instagram post';
  return text ? `${kind}: ${text.length > 60 ? `${text.slice(0, 57)}…` : text}` : kind;
}

const postedAt = (r: ItemRow) => r.post?.createdTime ?? r.media?.timestamp;

/** The table. */
export function ItemsTable(props: {
  rows: ItemRow[];
  unavailable: Record<string, UnavailableReason>;
  onOpen: (r: ItemRow) => void;
}) {
  const app = useContext(AppContext);
  const [sort, setSort] = useState<{ id: string; desc: boolean }>({ id: 'posted', desc: true });
  const sorted = useMemo(() => {
    const col = ITEM_COLUMNS.find((c) => c.id === sort.id);
    const key = (r: ItemRow) => (col ? col.get(r) : postedAt(r));
    return [...props.rows].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      // Items without the number go last whichever way the column is sorted.
      if (ka === undefined || kb === undefined) return ka === kb ? 0 : ka === undefined ? 1 : -1;
      return sort.desc ? kb - ka : ka - kb;
    });
  }, [props.rows, sort]);
  const header = (id: string, title: string) => {
    const on = sort.id === id;
    return (
      <th scope="col" key={id} aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <button className="insights-sort" onClick={() => setSort({ id, desc: on ? !sort.desc : true })}>
          {title}
          <span aria-hidden="true">{on ? (sort.desc ? ' ↓' : ' ↑') : ''}</span>
        </button>
      </th>
    );
  };
  const exportTable = () => {
    const head = [
      'item',
      'network',
      'posted',
      ...ITEM_COLUMNS.map((c) => c.title),
      'as of',
      'not available because',
    ];
    const body = sorted.map((r) => [
      itemTitle(r),
      r.network,
      postedAt(r) ? isoDay(postedAt(r) as number) : null,
      ...ITEM_COLUMNS.map((c) => c.get(r) ?? null),
      r.asOf ? new Date(r.asOf).toISOString() : null,
      props.unavailable[r.objectId] ? REASONS[props.unavailable[r.objectId] as UnavailableReason] : null,
    ]);
    downloadCsv('duet-posts-and-media.csv', toCsv(head, body));
  };
  if (!props.rows.length)
    return <p className="insights-na">No post or media numbers yet. Duet fetches them a few times a day.</p>;
  return (
    <div className="insights-table-wrap">
      <button className="btn btn-sm" onClick={exportTable}>
        Export table as CSV
      </button>
      <table className="insights-table" data-testid="items-table">
        <caption className="visually-hidden">Posts and media items with their numbers</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            {header('posted', 'Posted')}
            {ITEM_COLUMNS.map((c) => header(c.id, c.title))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => {
            const why = props.unavailable[r.objectId];
            const media = r.post?.picture ?? r.media?.thumbnail ?? r.media?.media;
            return (
              <tr key={r.objectId} data-testid="item-row" data-id={r.objectId}>
                <th scope="row">
                  <button className="insights-item" onClick={() => props.onOpen(r)}>
                    {app && media && (
                      <SafeImage
                        media={media}
                        variant="thumb"
                        bridge={app.bridge}
                        className="insights-thumb"
                      />
                    )}
                    <span>{itemTitle(r)}</span>
                  </button>
                </th>
                <td>{postedAt(r) ? isoDay(postedAt(r) as number) : ''}</td>
                {ITEM_COLUMNS.map((c) => {
                  const v = c.get(r);
                  return (
                    <td key={c.id} title={v === undefined && why ? REASONS[why] : undefined}>
                      {v !== undefined ? (c.format ?? formatNumber)(v) : why ? 'Not available yet' : '—'}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
