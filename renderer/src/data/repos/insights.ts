// Insights repository: the dated snapshots (`insights`), each item's newest lifetime value (`insightsLatest`) and
// each account's fetch status (`insightsStatus`). Merging is idempotent: a row's key is its object, metric,
// breakdown and day (or hour, for lifetime snapshots), so re-fetching overlapping ranges overwrites and never adds.
// Story numbers captured while a story was live stay here after Meta deletes them.
import { type InsightsAnswer } from '../../../../shared/bridge/calls/insights';
import { type InsightsNetwork } from '../../../../shared/insights/metrics';
import { type InsightPoint } from '../../../../shared/insights/points';
import { type DuetDb, relaxedTransaction } from '../db';
import {
  keyOf,
  type InsightLatestRow,
  type InsightRow,
  type InsightsFetchKind,
  type InsightsStatusRow,
} from './insights-rows';

export type { InsightLatestRow, InsightRow, InsightsFetchKind, InsightsStatusRow } from './insights-rows';

const HOUR = 3_600_000;

/** The snapshot row of a point. Lifetime values are kept one per hour (the last fetch within an hour wins). */
export function rowOf(accountId: string, p: InsightPoint, fetchedAt: number): InsightRow {
  const endTime = p.period === 'lifetime' ? Math.floor(p.endTime / HOUR) * HOUR : p.endTime;
  const breakdown = p.breakdown ?? '';
  return {
    key: keyOf({ accountId, objectId: p.objectId, metric: p.metric, breakdown, period: p.period, endTime }),
    accountId,
    objectId: p.objectId,
    network: p.network,
    metric: p.metric,
    breakdown,
    period: p.period,
    endTime,
    value: p.value,
    fetchedAt,
  };
}

function emptyStatus(accountId: string): InsightsStatusRow {
  return { accountId, dropped: [], unavailable: {}, fetchedAt: {}, oldest: {}, missing: {}, skipped: 0 };
}

/** The account's insights status (an empty one before the first fetch). */
export async function readInsightsStatus(db: DuetDb, accountId: string): Promise<InsightsStatusRow> {
  return (await db.insightsStatus.get(accountId)) ?? emptyStatus(accountId);
}

/** What a fetch adds to the status besides its points. */
export interface FetchNote {
  kind: InsightsFetchKind;
  /** The oldest day this fetch covered, per network (history backfill). */
  oldest?: { network: InsightsNetwork; day: number };
}

/**
 * Stores one answer in one transaction: its points as snapshots, newer lifetime values as each item's latest, and
 * what it said about dropped metrics and unavailable items. Storing the same answer twice changes nothing.
 */
export async function storeInsights(
  db: DuetDb,
  accountId: string,
  answer: InsightsAnswer,
  note: FetchNote,
): Promise<void> {
  const rows = answer.points.map((p) => rowOf(accountId, p, answer.fetchedAt));
  const lifetime = rows.filter((r) => r.period === 'lifetime');
  await relaxedTransaction(db, [db.insights, db.insightsLatest, db.insightsStatus], async () => {
    await db.insights.bulkPut(rows);
    const latestKeys = lifetime.map((r) => latestKey(r));
    const prev = await db.insightsLatest.bulkGet(latestKeys);
    const newer = lifetime
      .filter((r, i) => !prev[i] || (prev[i] as InsightLatestRow).endTime <= r.endTime)
      .map((r) => ({ ...r, key: latestKey(r) }));
    await db.insightsLatest.bulkPut(newer);
    const st = await readInsightsStatus(db, accountId);
    const dropped = [...st.dropped];
    for (const d of answer.dropped)
      if (!dropped.some((x) => x.name === d.name && x.object === d.object)) dropped.push(d);
    const unavailable = { ...st.unavailable };
    // An item that answered now is available again.
    for (const p of answer.points) delete unavailable[p.objectId];
    for (const u of answer.unavailable) unavailable[u.objectId] = u.reason;
    const oldest = { ...st.oldest };
    if (note.oldest) {
      const o = oldest[note.oldest.network];
      oldest[note.oldest.network] = o === undefined ? note.oldest.day : Math.min(o, note.oldest.day);
    }
    await db.insightsStatus.put({
      ...st,
      dropped,
      unavailable,
      oldest,
      fetchedAt: { ...st.fetchedAt, [note.kind]: answer.fetchedAt },
      skipped: st.skipped + answer.skipped,
    });
  });
}

/** Records that Meta refused a network's insights for a missing permission (or clears it with undefined). */
export async function setMissingPermission(
  db: DuetDb,
  accountId: string,
  network: InsightsNetwork,
  permission: string | undefined,
): Promise<void> {
  await relaxedTransaction(db, [db.insightsStatus], async () => {
    const st = await readInsightsStatus(db, accountId);
    const missing = { ...st.missing };
    if (permission) missing[network] = permission;
    else delete missing[network];
    await db.insightsStatus.put({ ...st, missing });
  });
}

const latestKey = (r: Pick<InsightRow, 'accountId' | 'objectId' | 'metric' | 'breakdown'>) =>
  [r.accountId, r.objectId, r.metric, r.breakdown].join('|');

/** One object's metric (total, or one breakdown key) with endTime in [from, to], oldest first. */
export function readSeries(
  db: DuetDb,
  objectId: string,
  metric: string,
  from: number,
  to: number,
  breakdown = '',
): Promise<InsightRow[]> {
  return db.insights
    .where('[objectId+metric+breakdown+endTime]')
    .between([objectId, metric, breakdown, from], [objectId, metric, breakdown, to], true, true)
    .toArray();
}

/** Every breakdown row of one object's metric with endTime in [from, to] (demographics, the ads split). */
export function readBreakdowns(
  db: DuetDb,
  objectId: string,
  metric: string,
  from: number,
  to: number,
): Promise<InsightRow[]> {
  // Breakdown keys sort after '' and before '\uffff': one range over the index, then the time filter.
  return db.insights
    .where('[objectId+metric+breakdown+endTime]')
    .between([objectId, metric, '\u0000', from], [objectId, metric, '\uffff', to], true, true)
    .filter((r) => r.endTime >= from && r.endTime <= to)
    .toArray();
}

/** Every item's newest lifetime values of an account (the per-post and per-media table). */
export function readLatest(db: DuetDb, accountId: string): Promise<InsightLatestRow[]> {
  return db.insightsLatest.where('accountId').equals(accountId).toArray();
}

/** One item's newest lifetime values (a key range: the key starts with the account and the item). */
export function readLatestOf(db: DuetDb, accountId: string, objectId: string): Promise<InsightLatestRow[]> {
  return db.insightsLatest.where('key').startsWith(`${accountId}|${objectId}|`).toArray();
}
