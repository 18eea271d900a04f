import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InsightsAnswer } from '../../../../shared/bridge/calls/insights';
import { BridgeCallError } from '../../bridge';
import { createFakeBridge, makeMedia, makePost, makeStory, type FakeBridge } from '../../test/fake-bridge';
import { DuetDb } from '../db';
import { writeMediaPage, writePostPage, writeStories } from '../repos/content';
import { readInsightsStatus, readLatest, readSeries } from '../repos/insights';
import { type SyncContext } from '../sync/types';
import { insightsStream, videoIdOf } from './insights';

const A = '1001';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let db: DuetDb;
let bridge: FakeBridge;
let t: number;
let n = 0;

const empty = (): InsightsAnswer => ({ points: [], dropped: [], unavailable: [], skipped: 0, fetchedAt: t });
const ctx = (): SyncContext => ({
  db,
  bridge,
  accountId: A,
  progress: () => undefined,
  cancelled: () => false,
});

beforeEach(async () => {
  db = new DuetDb(`insights-stream-${++n}`);
  await db.open();
  t = Date.UTC(2026, 10, 27, 12);
  bridge = createFakeBridge();
  bridge.handle('insights/account', (req) => ({
    ...empty(),
    points: [{ objectId: A, network: req.network, metric: 'm', period: 'day', endTime: req.until, value: 5 }],
  }));
  bridge.handle('insights/demographics', () => empty());
  bridge.handle('insights/items', (req) => ({
    ...empty(),
    points: req.items.map(
      (i) =>
        ({
          objectId: i.nativeId,
          network: i.kind === 'post' ? 'facebook' : 'instagram',
          metric: 'reach',
          period: 'lifetime',
          endTime: t,
          value: 7,
        }) as const,
    ),
  }));
  await writePostPage(db, A, {
    items: [makePost(A, 1)],
    skipped: 0,
    newest: true,
    now: t,
  });
  await writeMediaPage(db, A, {
    items: [makeMedia(A, 1)],
    skipped: 0,
    newest: true,
    now: t,
  });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('the insights stream', () => {
  it('fetches everything on its first run, then only what is due on its schedule', async () => {
    const s = insightsStream({ now: () => t });
    s.appliesTo({ id: A, instagram: { id: '2' } });
    await s.backfill(ctx());
    expect(bridge.callsOf('insights/account').map((r) => r.network)).toEqual(['facebook', 'instagram']);
    expect(bridge.callsOf('insights/account')[0]!.until - bridge.callsOf('insights/account')[0]!.since).toBe(
      90 * DAY,
    );
    expect(bridge.callsOf('insights/items')).toHaveLength(2);
    const first = bridge.calls.length;
    t += 2 * HOUR;
    await s.ingestPoll({ pages: {}, errors: [] }, ctx());
    expect(bridge.calls.length).toBe(first);
    t += 5 * HOUR;
    await s.ingestPoll({ pages: {}, errors: [] }, ctx());
    expect(bridge.calls.slice(first).map((c) => c.name)).toEqual(['insights/items', 'insights/items']);
    t += 20 * HOUR;
    await s.ingestPoll({ pages: {}, errors: [] }, ctx());
    const later = bridge.callsOf('insights/account').slice(2);
    // A daily run covers the last 3 days again (idempotent), plus one older Facebook window.
    expect(later.map((r) => [r.network, (r.until - r.since) / DAY])).toEqual([
      ['facebook', 3],
      ['facebook', 90],
      ['instagram', 3],
    ]);
  });

  it('captures live stories hourly and keeps their numbers after they expire', async () => {
    await writeStories(db, A, {
      items: [makeStory(A, 1, t - HOUR)],
      skipped: 0,
      now: t,
    });
    const s = insightsStream({ now: () => t });
    s.appliesTo({ id: A, instagram: { id: '2' } });
    await s.backfill(ctx());
    const storyCalls = () =>
      bridge.callsOf('insights/items').filter((r) => r.items.some((i) => i.productType === 'STORY'));
    expect(storyCalls()).toHaveLength(1);
    t += DAY;
    await s.ingestPoll({ pages: {}, errors: [] }, ctx());
    expect(storyCalls()).toHaveLength(1);
    const story = storyCalls()[0]!.items[0]!.nativeId;
    expect((await readSeries(db, story, 'reach', 0, t)).map((r) => r.value)).toEqual([7]);
    expect((await readLatest(db, A)).some((r) => r.objectId === story)).toBe(true);
  });

  it('remembers a missing permission per network without failing, and keeps fetching the other network', async () => {
    bridge.handle('insights/account', (req) => {
      if (req.network === 'facebook')
        throw new BridgeCallError({ code: 'permission', message: 'missing read_insights' });
      return empty();
    });
    // Post insights need read_insights too; media insights do not.
    bridge.handle('insights/items', (req) => {
      if (req.items.some((i) => i.kind === 'post'))
        throw new BridgeCallError({ code: 'permission', message: 'missing read_insights' });
      return empty();
    });
    const s = insightsStream({ now: () => t });
    s.appliesTo({ id: A, instagram: { id: '2' } });
    await s.backfill(ctx());
    expect((await readInsightsStatus(db, A)).missing).toEqual({ facebook: 'read_insights' });
    expect(bridge.callsOf('insights/account').map((r) => r.network)).toContain('instagram');
  });

  it('lets offline and throttling reach the engine', async () => {
    bridge.handle('insights/account', () => {
      throw new BridgeCallError({ code: 'offline', message: 'offline' });
    });
    const s = insightsStream({ now: () => t });
    s.appliesTo({ id: A });
    await expect(s.backfill(ctx())).rejects.toMatchObject({ code: 'offline' });
  });

  it("reads a Facebook video's id from its attachment link", () => {
    expect(
      videoIdOf({ attachments: [{ type: 'video', url: 'https://www.facebook.com/1/videos/4455/' }] }),
    ).toBe('4455');
    expect(videoIdOf({ attachments: [{ type: 'video', url: 'https://evil.example/videos/1/../2' }] })).toBe(
      '1',
    );
    expect(
      videoIdOf({ attachments: [{ type: 'photo', url: 'https://www.facebook.com/1/videos/4455/' }] }),
    ).toBeUndefined();
  });
});
