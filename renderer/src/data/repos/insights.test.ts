import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InsightsAnswer } from '../../../../shared/bridge/calls/insights';
import { type InsightPoint } from '../../../../shared/insights/points';
import { DuetDb } from '../db';
import {
  readBreakdowns,
  readInsightsStatus,
  readLatest,
  readLatestOf,
  readSeries,
  storeInsights,
} from './insights';

const A = 'page1';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
let db: DuetDb;
let n = 0;

beforeEach(async () => {
  db = new DuetDb(`insights-repo-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const day = (i: number, value: number, extra: Partial<InsightPoint> = {}): InsightPoint => ({
  objectId: A,
  network: 'facebook',
  metric: 'page_media_view',
  period: 'day',
  endTime: T0 + i * DAY,
  value,
  ...extra,
});
const answer = (points: InsightPoint[], extra: Partial<InsightsAnswer> = {}): InsightsAnswer => ({
  points,
  dropped: [],
  unavailable: [],
  skipped: 0,
  fetchedAt: T0 + 40 * DAY,
  ...extra,
});
const sum = async (from: number, to: number) =>
  (await readSeries(db, A, 'page_media_view', from, to)).reduce((s, r) => s + r.value, 0);

describe('insights snapshots', () => {
  it('never double counts when overlapping ranges are fetched again', async () => {
    await storeInsights(db, A, answer([0, 1, 2, 3, 4].map((i) => day(i, 10 + i))), { kind: 'facebook' });
    const once = await sum(T0, T0 + 10 * DAY);
    await storeInsights(db, A, answer([2, 3, 4, 5, 6].map((i) => day(i, 10 + i))), { kind: 'facebook' });
    await storeInsights(db, A, answer([0, 1, 2, 3, 4].map((i) => day(i, 10 + i))), { kind: 'facebook' });
    expect(once).toBe(10 + 11 + 12 + 13 + 14);
    expect(await sum(T0, T0 + 10 * DAY)).toBe(once + 15 + 16);
    expect(await db.insights.count()).toBe(7);
  });

  it('takes a corrected value for a day Meta answers again, and keeps breakdowns apart from the total', async () => {
    await storeInsights(db, A, answer([day(0, 10), day(0, 3, { breakdown: 'is_from_ads:true' })]), {
      kind: 'facebook',
    });
    await storeInsights(db, A, answer([day(0, 12)]), { kind: 'facebook' });
    expect((await readSeries(db, A, 'page_media_view', T0, T0)).map((r) => r.value)).toEqual([12]);
    expect(
      (await readBreakdowns(db, A, 'page_media_view', T0, T0)).map((r) => [r.breakdown, r.value]),
    ).toEqual([['is_from_ads:true', 3]]);
  });

  it("keeps one lifetime snapshot per hour, the item's newest as latest, and old story numbers forever", async () => {
    const story = (at: number, value: number): InsightPoint => ({
      objectId: '178',
      network: 'instagram',
      metric: 'reach',
      period: 'lifetime',
      endTime: at,
      value,
    });
    const h = 3_600_000;
    await storeInsights(db, A, answer([story(T0 + 10 * 60_000, 5)]), { kind: 'stories' });
    await storeInsights(db, A, answer([story(T0 + 50 * 60_000, 7)]), { kind: 'stories' });
    await storeInsights(db, A, answer([story(T0 + 5 * h, 40)]), { kind: 'stories' });
    // An older answer arriving late does not replace the newest value.
    await storeInsights(db, A, answer([story(T0 + 2 * h, 20)]), { kind: 'stories' });
    expect((await readSeries(db, '178', 'reach', 0, T0 + 100 * DAY)).map((r) => r.value)).toEqual([
      7, 20, 40,
    ]);
    expect((await readLatest(db, A)).map((r) => r.value)).toEqual([40]);
  });

  it('remembers dropped metrics and unavailable items until they answer again', async () => {
    const dropped = [{ name: 'page_video_views', object: 'page' as const, reason: 'invalid' }];
    await storeInsights(
      db,
      A,
      answer([], { dropped, unavailable: [{ objectId: '9', reason: 'delay-48h' }] }),
      { kind: 'items' },
    );
    await storeInsights(db, A, answer([], { dropped }), { kind: 'facebook' });
    let st = await readInsightsStatus(db, A);
    expect(st.dropped).toEqual(dropped);
    expect(st.unavailable).toEqual({ '9': 'delay-48h' });
    expect(st.fetchedAt.items).toBe(T0 + 40 * DAY);
    await storeInsights(db, A, answer([{ ...day(0, 1), objectId: '9', period: 'lifetime' }]), {
      kind: 'items',
    });
    st = await readInsightsStatus(db, A);
    expect(st.unavailable).toEqual({});
  });
});

describe('one item’s latest values', () => {
  it('reads only that item of that account, not an item whose id starts the same', async () => {
    const life = (objectId: string, value: number): InsightPoint => ({
      objectId,
      network: 'instagram',
      metric: 'views',
      period: 'lifetime',
      endTime: T0,
      value,
    });
    await storeInsights(db, A, answer([life('9', 1), life('99', 2), life('9_1', 3)]), { kind: 'items' });
    await storeInsights(db, 'page2', answer([life('9', 4)]), { kind: 'items' });
    expect((await readLatestOf(db, A, '9')).map((r) => r.value)).toEqual([1]);
    expect((await readLatestOf(db, 'page2', '9')).map((r) => r.value)).toEqual([4]);
    expect(await readLatestOf(db, A, '8')).toEqual([]);
  });
});
