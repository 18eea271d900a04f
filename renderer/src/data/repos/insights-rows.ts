// The row shapes of the insights tables (declared on DuetDb in db.ts; written and read only by repos/insights.ts),
// their key, and the one upgrade that rewrites stored rows (schema v8).
import { type Table } from 'dexie';
import { type InsightsAnswer } from '../../../../shared/bridge/calls/insights';
import { dayEndOf, DAY_MS } from '../../../../shared/insights/plan';
import { type InsightsNetwork, type UnavailableReason } from '../../../../shared/insights/metrics';

/** One snapshot value: an object's metric on one day (daily) or at one hour (lifetime snapshots). */
export interface InsightRow {
  /** account|object|metric|breakdown|period|bucket: re-fetching the same day or hour overwrites, never adds. */
  key: string;
  accountId: string;
  objectId: string;
  network: InsightsNetwork;
  metric: string;
  /** '' for the total (an index part cannot be missing). */
  breakdown: string;
  period: 'day' | 'lifetime';
  endTime: number;
  value: number;
  fetchedAt: number;
}

/** A snapshot row's key: its object, metric, breakdown, period and day (or hour). */
export function keyOf(
  r: Pick<InsightRow, 'accountId' | 'objectId' | 'metric' | 'breakdown' | 'period' | 'endTime'>,
): string {
  return [r.accountId, r.objectId, r.metric, r.breakdown, r.period, r.endTime].join('|');
}

/** The newest lifetime value of one item's metric (the per-post table reads these). */
export type InsightLatestRow = InsightRow;

/** What an account's last fetches said: metrics Meta dropped, items without numbers, when each kind was fetched. */
export interface InsightsStatusRow {
  accountId: string;
  dropped: InsightsAnswer['dropped'];
  unavailable: Record<string, UnavailableReason>;
  /** When each kind of fetch last succeeded (epoch ms). */
  fetchedAt: Partial<Record<InsightsFetchKind, number>>;
  /** The oldest day fetched per network (epoch ms): history further back is fetched a window at a time. */
  oldest: Partial<Record<InsightsNetwork, number>>;
  /** The permission Meta said is missing, per network. */
  missing: Partial<Record<InsightsNetwork, string>>;
  skipped: number;
}

/** The kinds of insights fetch (each on its own schedule). */
export type InsightsFetchKind = 'facebook' | 'instagram' | 'demographics' | 'items' | 'stories';

/**
 * Schema v8's upgrade (db.ts): daily rows stored before days were kept by the day they describe carry Meta's raw
 * end_time, the Pacific midnight after their day (07:00 or 08:00 UTC), and so read as the next day; beside a newer
 * fetch of the same day they would count it twice. Each moves to the UTC midnight that closes its day (dayEndOf,
 * as the normalizer stores days now); where the day is already stored, the later fetch is kept.
 */
export async function moveDailyRowsToTheirDay(table: Table<InsightRow, string>): Promise<number> {
  const old = await table.filter((r) => r.period === 'day' && r.endTime % DAY_MS !== 0).toArray();
  if (!old.length) return 0;
  const moved = new Map<string, InsightRow>();
  for (const r of old) {
    const row = { ...r, endTime: dayEndOf(r.endTime) };
    row.key = keyOf(row);
    const seen = moved.get(row.key);
    if (!seen || seen.fetchedAt < row.fetchedAt) moved.set(row.key, row);
  }
  const present = await table.bulkGet([...moved.keys()]);
  const keep = [...moved.values()].filter(
    (r, i) => !present[i] || (present[i] as InsightRow).fetchedAt < r.fetchedAt,
  );
  await table.bulkDelete(old.map((r) => r.key));
  await table.bulkPut(keep);
  return old.length;
}
