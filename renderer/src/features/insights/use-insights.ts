// The dashboard's live reads: each column's metrics over the range and the period before it, the account's fetch
// status, the follower demographics and the per-item table, all through repository functions over indexed ranges.
import { useLiveQuery } from 'dexie-react-hooks';
import {
  IG_FOLLOW_PARTS,
  type InsightsNetwork,
  type InsightsObject,
} from '../../../../shared/insights/metrics';
import { type DuetDb, type MediaRow, type PostRow, type StoryRow } from '../../data/db';
import { contentByNativeIds } from '../../data/repos/content';
import {
  readBreakdowns,
  readInsightsStatus,
  readLatest,
  readSeries,
  type InsightLatestRow,
  type InsightsStatusRow,
} from '../../data/repos/insights';
import { numbersOf } from './headline';
import { type DayRange, type Point, previousRange } from './model';

/** A card's stored series: a metric's own rows, or one breakdown of it (follows and unfollows apart). */
function seriesOf(card: string): { metric: string; breakdown: string } {
  return (
    (IG_FOLLOW_PARTS as Record<string, { metric: string; breakdown: string }>)[card] ?? {
      metric: card,
      breakdown: '',
    }
  );
}

/** The headline metrics of each column, in the order of their cards (a card named in IG_FOLLOW_PARTS is a part). */
export const COLUMN_METRICS: Record<InsightsNetwork, { object: InsightsObject; metrics: string[] }> = {
  facebook: {
    object: 'page',
    metrics: [
      'page_media_view',
      'page_total_media_view_unique',
      'page_daily_follows_unique',
      'page_daily_unfollows_unique',
      'page_post_engagements',
      'page_views_total',
      'page_video_views',
      'page_follows',
    ],
  },
  instagram: {
    object: 'ig_account',
    metrics: [
      'views',
      'reach',
      'accounts_engaged',
      'total_interactions',
      'follower_count',
      'ig_follows',
      'ig_unfollows',
      'profile_links_taps',
    ],
  },
};

/** The parts shown under a column's cards: Page views by source, Instagram interactions by kind. */
export const COLUMN_PARTS: Record<InsightsNetwork, { metric: string; parts: string[] }> = {
  facebook: {
    metric: 'page_media_view',
    parts: ['is_from_ads:true', 'is_from_ads:false', 'is_from_followers:true', 'is_from_followers:false'],
  },
  instagram: { metric: 'total_interactions', parts: ['likes', 'comments', 'shares', 'saves', 'reposts'] },
};

/** Every headline metric of a column over the range and the period before it (by metric). */
export function useColumnSeries(
  db: DuetDb,
  objectId: string | undefined,
  network: InsightsNetwork,
  range: DayRange,
) {
  return useLiveQuery(async () => {
    const out: Record<string, Point[]> = {};
    if (!objectId) return out;
    const prev = previousRange(range);
    await Promise.all(
      COLUMN_METRICS[network].metrics.map(async (m) => {
        // Daily rows are dated by the end of their day: the range's last day ends at `to`.
        const { metric, breakdown } = seriesOf(m);
        out[m] = await readSeries(db, objectId, metric, prev.from + 1, range.to, breakdown);
      }),
    );
    return out;
  }, [db, objectId, network, range.from, range.to]);
}

/**
 * A column's parts over the range, by part: the Page's views split (breakdown rows of page_media_view) or the
 * Instagram interactions by kind (their own daily totals).
 */
export function useColumnParts(
  db: DuetDb,
  objectId: string | undefined,
  network: InsightsNetwork,
  range: DayRange,
) {
  return useLiveQuery(async () => {
    const out: Record<string, Point[]> = {};
    if (!objectId) return out;
    const { metric, parts } = COLUMN_PARTS[network];
    if (network === 'facebook') {
      for (const r of await readBreakdowns(db, objectId, metric, range.from + 1, range.to))
        (out[r.breakdown] ??= []).push(r);
    } else
      await Promise.all(
        parts.map(async (m) => (out[m] = await readSeries(db, objectId, m, range.from + 1, range.to))),
      );
    return out;
  }, [db, objectId, network, range.from, range.to]);
}

/** The account's insights status (dropped metrics, unavailable items, fetch times, missing permissions). */
export function useInsightsStatus(db: DuetDb, accountId: string): InsightsStatusRow | undefined {
  return useLiveQuery(() => readInsightsStatus(db, accountId), [db, accountId]);
}

/** The newest follower demographics: per breakdown (age, gender, …) its keys and values, and when they are from. */
export function useDemographics(db: DuetDb, igId: string | undefined) {
  return useLiveQuery(async () => {
    if (!igId) return null;
    const rows = await readBreakdowns(db, igId, 'follower_demographics', 0, Number.MAX_SAFE_INTEGER);
    const newest = Math.max(0, ...rows.map((r) => r.endTime));
    const out: Record<string, Array<{ key: string; value: number }>> = {};
    // Snapshots are hourly: the newest hour's rows are the current demographics.
    for (const r of rows.filter((x) => x.endTime === newest)) {
      const [dim, key] = [
        r.breakdown.slice(0, r.breakdown.indexOf(':')),
        r.breakdown.slice(r.breakdown.indexOf(':') + 1),
      ];
      (out[dim] ??= []).push({ key, value: r.value });
    }
    return { byDimension: out, asOf: newest || undefined };
  }, [db, igId]);
}

/** One row of the per-item table: the item and its newest numbers by metric. */
export interface ItemRow {
  objectId: string;
  network: InsightsNetwork;
  post?: PostRow;
  media?: MediaRow | StoryRow;
  numbers: Record<string, number>;
  asOf: number;
}

/** Every item with numbers, joined with its stored post or media item. */
export function useItems(
  db: DuetDb,
  accountId: string,
  pageId: string,
  igId: string | undefined,
  unavailableIds: readonly string[],
) {
  const extra = unavailableIds.join(',');
  return useLiveQuery(async () => {
    const latest = await readLatest(db, accountId);
    const byObject = new Map<string, InsightLatestRow[]>();
    // Items Meta had no numbers for still get a row ("Not available yet" with the reason).
    for (const id of extra ? extra.split(',') : []) if (id !== pageId && id !== igId) byObject.set(id, []);
    for (const r of latest) {
      if (r.objectId === pageId || r.objectId === igId) continue;
      byObject.set(r.objectId, [...(byObject.get(r.objectId) ?? []), r]);
    }
    const ids = [...byObject.keys()];
    const content = await contentByNativeIds(db, {
      posts: ids.filter((id) => id.includes('_')),
      media: ids.filter((id) => !id.includes('_')),
    });
    const posts = new Map(content.posts.map((p) => [p.nativeId, p]));
    const media = new Map(content.media.map((m) => [m.nativeId, m]));
    return ids.map((id): ItemRow => {
      const rows = byObject.get(id) as InsightLatestRow[];
      const numbers = numbersOf(rows);
      const row: ItemRow = {
        objectId: id,
        network: rows[0]?.network ?? (id.includes('_') ? 'facebook' : 'instagram'),
        numbers,
        asOf: Math.max(0, ...rows.map((r) => r.fetchedAt)),
      };
      const p = posts.get(id);
      const m = media.get(id);
      if (p) row.post = p;
      if (m) row.media = m;
      return row;
    });
  }, [db, accountId, pageId, igId, extra]);
}

/** One item's snapshots of a metric (its history chart). */
export function useItemHistory(db: DuetDb, objectId: string, metric: string) {
  return useLiveQuery(
    () => readSeries(db, objectId, metric, 0, Number.MAX_SAFE_INTEGER),
    [db, objectId, metric],
  );
}
