import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuetDb } from '../db';
import { freesAt, pruneUsage, recordUsage, usageCount, usageTimes } from './publish-usage';

const H = 3_600_000;
const DAY = 24 * H;
const T = 1_800_000_000_000;
let db: DuetDb;
let n = 0;

beforeEach(async () => {
  db = new DuetDb(`usage-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const spend = (accountId: string, kind: 'ig-container' | 'fb-reel', at: number, now = at) =>
  recordUsage(db, { accountId, kind, at, targetId: `p|${kind}` }, now);

describe('publish usage ledger', () => {
  it('counts per account and per kind, within the rolling 24 h only', async () => {
    await spend('ig1', 'ig-container', T - 2 * H);
    await spend('ig1', 'ig-container', T - H);
    await spend('ig2', 'ig-container', T - H);
    await spend('page1', 'fb-reel', T - H);
    expect(await usageCount(db, 'ig1', 'ig-container', T)).toBe(2);
    expect(await usageCount(db, 'ig2', 'ig-container', T)).toBe(1);
    expect(await usageCount(db, 'page1', 'fb-reel', T)).toBe(1);
    expect(await usageCount(db, 'page1', 'ig-container', T)).toBe(0);
  });

  it('frees a container exactly 24 h after it was made, and prunes it from the store then', async () => {
    await spend('ig1', 'ig-container', T);
    expect(await usageCount(db, 'ig1', 'ig-container', T + DAY - 1)).toBe(1);
    expect(await usageCount(db, 'ig1', 'ig-container', T + DAY)).toBe(0);
    await pruneUsage(db, T + DAY - 1);
    expect(await db.publishUsage.count()).toBe(1);
    await pruneUsage(db, T + DAY);
    expect(await db.publishUsage.count()).toBe(0);
  });

  it('counts a row from a clock that went back as made now, so it frees up one window later, not days later', async () => {
    // Written while the clock ran two days ahead; the clock is now back at T.
    await spend('ig1', 'ig-container', T + 2 * DAY, T + 2 * DAY);
    expect(await usageTimes(db, 'ig1', 'ig-container', T)).toEqual([T]);
    await pruneUsage(db, T);
    expect((await db.publishUsage.toArray()).map((r) => r.at)).toEqual([T]);
    expect(await usageCount(db, 'ig1', 'ig-container', T + DAY - 1)).toBe(1);
    expect(await usageCount(db, 'ig1', 'ig-container', T + DAY)).toBe(0);
    // A clock that jumped forward prunes on its own reading: the row is gone (Meta's own count is the authority).
    await spend('ig1', 'ig-container', T);
    await pruneUsage(db, T + 3 * DAY);
    expect(await db.publishUsage.count()).toBe(0);
  });

  it('says when enough of the oldest leave the window for a post to fit', () => {
    const times = [T, T + H, T + 2 * H];
    expect(freesAt(times, 1, 4, T + 3 * H)).toBe(T + 3 * H);
    expect(freesAt(times, 1, 3, T + 3 * H)).toBe(T + DAY);
    expect(freesAt(times, 2, 3, T + 3 * H)).toBe(T + H + DAY);
    expect(freesAt(times, 4, 3, T)).toBe(Number.POSITIVE_INFINITY);
  });
});
