// The row shapes of the insights tables (declared on DuetDb in db.ts; written and read only by repos/insights.ts).
import { type InsightsAnswer } from '../../../../shared/bridge/calls/insights';
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
