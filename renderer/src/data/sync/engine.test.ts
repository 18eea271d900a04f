import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type PollResult } from '../../../../shared/bridge/calls/sync';
import { type PageOf, type Post } from '../../../../shared/models';
import { BridgeCallError } from '../../bridge';
import { DuetDb } from '../db';
import {
  countMedia,
  countPosts,
  getSyncState,
  newestPosts,
  setSyncError,
  writePostPage,
} from '../repos/content';
import { contentStreams } from '../streams/content';
import { createSyncEngine, DEFAULT_INTERVALS } from './engine';
import {
  createFakeBridge,
  createManualTimers,
  makeMedia,
  makePost,
  makeStory,
  settle,
  type FakeBridge,
  type ManualTimers,
} from '../../test/fake-bridge';
import { type SyncEngine, type SyncStream } from './types';

const A = 'page1';
const IG_ACCOUNT = { id: A, instagram: { id: 'ig1', username: 'shop' } };
let db: DuetDb;
let dbn = 0;
let bridge: FakeBridge;
let timers: ManualTimers;
let engine: SyncEngine | null;
let focused: boolean;
let visible: boolean;
let osOnline: boolean;
let win: EventTarget;
let doc: EventTarget;

/** A fake upstream: `total` posts, served newest first in pages of `size`, with cursors like Meta's. */
function feedUpstream(posts: () => Post[], size = 10) {
  return (after?: string): PageOf<Post> => {
    const all = [...posts()].sort((a, b) => b.createdTime - a.createdTime);
    const start = after ? Number(after) : 0;
    const items = all.slice(start, start + size);
    const next = start + size < all.length ? String(start + size) : undefined;
    return { items, skipped: 0, paging: { after: next, hasMore: next !== undefined }, notModified: false };
  };
}

const emptyPoll = (): PollResult => ({ pages: {}, errors: [] });

function makeEngine(extra: Partial<Parameters<typeof createSyncEngine>[0]> = {}) {
  engine = createSyncEngine({
    db,
    bridge,
    streams: contentStreams({ pageSize: 10, backfillPageSize: 10, now: timers.now }),
    now: timers.now,
    setTimer: timers.setTimer,
    isFocused: () => focused,
    isVisible: () => visible,
    isOnline: () => osOnline,
    windowEvents: win,
    documentEvents: doc,
    pageSize: 10,
    ...extra,
  });
  return engine;
}

beforeEach(async () => {
  db = new DuetDb(`engine-test-${++dbn}`);
  await db.open();
  bridge = createFakeBridge();
  timers = createManualTimers();
  focused = true;
  visible = true;
  osOnline = true;
  win = new EventTarget();
  doc = new EventTarget();
  engine = null;
  bridge.handle('gallery/list', () => ({
    items: [],
    skipped: 0,
    paging: { hasMore: false },
    notModified: false,
  }));
  bridge.handle('gallery/stories', () => ({
    items: [],
    skipped: 0,
    paging: { hasMore: false },
    notModified: false,
  }));
  bridge.handle('sync/poll', emptyPoll);
});
afterEach(async () => {
  engine?.stop();
  await settle();
  db.close();
  await db.delete();
});

describe('backfill', () => {
  it('fills the feed newest first, page by page, reporting progress until done', async () => {
    const posts = Array.from({ length: 35 }, (_, i) => makePost(A, i + 1));
    const upstream = feedUpstream(() => posts);
    const seen: number[] = [];
    bridge.handle('feed/list', (req) => upstream(req.after));
    const e = makeEngine();
    e.subscribe((s) => {
      const c = s.streams.feed?.itemCount;
      if (c !== undefined && seen.at(-1) !== c) seen.push(c);
    });
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    expect(seen.filter((c) => c > 0)).toEqual([10, 20, 30, 35]);
    expect(bridge.callsOf('feed/list').map((r) => r.after)).toEqual([undefined, '10', '20', '30']);
    expect((await newestPosts(db, A, 1))[0]!.nativeId).toBe(`${A}_35`);
    expect(await countPosts(db, A)).toBe(35);
    // No gallery for a Page without a linked Instagram account.
    expect(bridge.callsOf('gallery/list')).toHaveLength(0);
    expect(e.getStatus().streams.gallery).toBeUndefined();
  });

  it('resumes an interrupted backfill from its stored cursor instead of starting over', async () => {
    const posts = Array.from({ length: 30 }, (_, i) => makePost(A, i + 1));
    const upstream = feedUpstream(() => posts);
    let calls = 0;
    bridge.handle('feed/list', (req) => {
      calls++;
      if (calls === 2) throw new BridgeCallError({ code: 'offline', message: 'network down' });
      return upstream(req.after);
    });
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().online).toBe(false));
    e.stop();
    expect((await getSyncState(db, A, 'feed'))!.backfillAfter).toBe('10');

    const e2 = makeEngine();
    e2.start({ id: A });
    await vi.waitFor(() => expect(e2.getStatus().streams.feed?.backfillDone).toBe(true));
    expect(bridge.callsOf('feed/list').map((r) => r.after)).toEqual([undefined, '10', '10', '20']);
    expect(await countPosts(db, A)).toBe(30);
  });

  it('backfills again after a wipe reset a stream (resync), without restarting the others', async () => {
    const posts = Array.from({ length: 15 }, (_, i) => makePost(A, i + 1));
    const upstream = feedUpstream(() => posts);
    bridge.handle('feed/list', (req) => upstream(req.after));
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    expect(bridge.callsOf('feed/list')).toHaveLength(2);
    await db.posts.clear();
    await db.syncState.delete(`${A}|feed`);
    e.resync();
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    await vi.waitFor(async () => expect(await countPosts(db, A)).toBe(15));
    expect(bridge.callsOf('feed/list').map((r) => r.after)).toEqual([undefined, '10', undefined, '10']);
  });

  it("reports a failing stream as that stream's error, not as offline", async () => {
    bridge.handle('feed/list', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    });
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.error).toMatch(/Cannot read properties/));
    expect(e.getStatus().online).toBe(true);
    expect((await getSyncState(db, A, 'feed'))?.lastError).toMatch(/Cannot read properties/);
  });

  it('backfills gallery and stories when the Page has a linked Instagram account', async () => {
    bridge.handle('feed/list', () => ({
      items: [],
      skipped: 0,
      paging: { hasMore: false },
      notModified: false,
    }));
    bridge.handle('gallery/list', () => ({
      items: [makeMedia(A, 1), makeMedia(A, 2)],
      skipped: 1,
      paging: { hasMore: false },
      notModified: false,
    }));
    bridge.handle('gallery/stories', () => ({
      items: [makeStory(A, 1, timers.now() - 1000)],
      skipped: 0,
      paging: { hasMore: false },
      notModified: false,
    }));
    const e = makeEngine();
    e.start(IG_ACCOUNT);
    await vi.waitFor(() => expect(e.getStatus().streams.stories?.backfillDone).toBe(true));
    await vi.waitFor(() => expect(e.getStatus().streams.gallery?.backfillDone).toBe(true));
    expect(await countMedia(db, A)).toBe(2);
    expect((await getSyncState(db, A, 'gallery'))!.skipped).toBe(1);
  });
});

describe('polling', () => {
  let posts: Post[];
  beforeEach(() => {
    posts = Array.from({ length: 5 }, (_, i) => makePost(A, i + 1));
    const upstream = feedUpstream(() => posts);
    bridge.handle('feed/list', (req) => upstream(req.after));
    bridge.handle('sync/poll', () => ({ pages: { feed: upstream() }, errors: [] }));
  });
  const polls = () => bridge.callsOf('sync/poll').length;

  it('combines every stream into ONE sync/poll per tick and shows new posts', async () => {
    const e = makeEngine();
    e.start(IG_ACCOUNT);
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    posts.push(makePost(A, 6, { message: 'Fresh' }));
    await timers.advance(DEFAULT_INTERVALS.focused);
    expect(bridge.callsOf('sync/poll')).toEqual([
      { accountId: A, streams: ['feed', 'gallery', 'stories'], limit: 10 },
    ]);
    await vi.waitFor(async () => expect((await newestPosts(db, A, 1))[0]!.message).toBe('Fresh'));
    expect(e.getStatus().lastSyncedAt).toBe(timers.now());
  });

  it('polls every 15 s focused, 60 s unfocused, 5 min hidden', async () => {
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    await timers.advance(15_000);
    expect(polls()).toBe(1);
    await timers.advance(15_000);
    expect(polls()).toBe(2);
    focused = false;
    win.dispatchEvent(new Event('blur'));
    await timers.advance(59_000);
    expect(polls()).toBe(2);
    await timers.advance(1_000);
    expect(polls()).toBe(3);
    visible = false;
    doc.dispatchEvent(new Event('visibilitychange'));
    await timers.advance(299_000);
    expect(polls()).toBe(3);
    expect(e.getStatus().intervalMs).toBe(300_000);
    await timers.advance(1_000);
    expect(polls()).toBe(4);
    // Coming back to the window after a long time hidden polls at once.
    await timers.advance(100_000);
    visible = true;
    focused = true;
    win.dispatchEvent(new Event('focus'));
    await timers.advance(0);
    expect(polls()).toBe(5);
  });

  it('slows down when the rate-limit budget passes 80% and waits out a throttle', async () => {
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    bridge.emit('sync/usage-changed', { accountId: A, appPct: 85, businessPct: 10 });
    expect(e.getStatus().intervalMs).toBe(60_000);
    await timers.advance(59_000);
    expect(polls()).toBe(0);
    await timers.advance(1_000);
    expect(polls()).toBe(1);
    // Usage of another account does not matter.
    bridge.emit('sync/usage-changed', { accountId: 'other', appPct: 0, businessPct: 0 });
    expect(e.getStatus().intervalMs).toBe(60_000);
    bridge.emit('sync/usage-changed', {
      accountId: A,
      appPct: 100,
      businessPct: 100,
      throttledUntil: timers.now() + 20 * 60_000,
    });
    await timers.advance(19 * 60_000);
    expect(polls()).toBe(1);
    await timers.advance(60_000);
    expect(polls()).toBe(2);
  });

  it('pauses while the OS is offline and polls at once when it comes back', async () => {
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    osOnline = false;
    win.dispatchEvent(new Event('offline'));
    expect(e.getStatus().online).toBe(false);
    await timers.advance(10 * 60_000);
    expect(polls()).toBe(0);
    osOnline = true;
    win.dispatchEvent(new Event('online'));
    await settle();
    expect(polls()).toBe(1);
    expect(e.getStatus().online).toBe(true);
  });

  it('detects offline from failed requests, probes, and recovers by itself', async () => {
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    let down = true;
    const upstream = feedUpstream(() => posts);
    bridge.handle('sync/poll', () => {
      if (down) throw new BridgeCallError({ code: 'offline', message: 'Graph unreachable' });
      return { pages: { feed: upstream() }, errors: [] };
    });
    await timers.advance(15_000);
    expect(e.getStatus().online).toBe(false);
    expect(e.getStatus().intervalMs).toBe(DEFAULT_INTERVALS.offlineProbe);
    down = false;
    posts.push(makePost(A, 7, { message: 'After outage' }));
    await timers.advance(DEFAULT_INTERVALS.offlineProbe);
    expect(e.getStatus().online).toBe(true);
    await vi.waitFor(async () => expect((await newestPosts(db, A, 1))[0]!.message).toBe('After outage'));
  });

  it('backs off exponentially on upstream errors and resets after a success', async () => {
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    let fail = true;
    bridge.handle('sync/poll', () => {
      if (fail) throw new BridgeCallError({ code: 'upstream', message: 'code 2: transient' });
      return emptyPoll();
    });
    await timers.advance(15_000);
    expect(polls()).toBe(1);
    expect(timers.nextDelay()).toBe(30_000);
    await timers.advance(30_000);
    expect(polls()).toBe(2);
    expect(timers.nextDelay()).toBe(60_000);
    fail = false;
    await timers.advance(60_000);
    expect(polls()).toBe(3);
    expect(timers.nextDelay()).toBe(15_000);
  });

  it('a stream that finished its backfill stays finished when a slower poll tick reports the state it read before', async () => {
    // The poll tick reads "not done", fetches slowly, and reports after the backfill has already finished.
    let release: () => void = () => undefined;
    const racy: SyncStream = {
      name: 'comments',
      appliesTo: () => true,
      ingestPoll: async (_r, ctx) => {
        await new Promise<void>((resolve) => (release = resolve));
        ctx.progress('comments', 3, false);
      },
      backfill: async (ctx) => ctx.progress('comments', 3, true),
    };
    const e = makeEngine({
      streams: [...contentStreams({ pageSize: 10, backfillPageSize: 10, now: timers.now }), racy],
    });
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.comments?.backfillDone).toBe(true));
    await timers.advance(15_000);
    release();
    await settle();
    expect(e.getStatus().streams.comments?.backfillDone).toBe(true);
    expect(Object.values(e.getStatus().streams).every((s) => s.backfillDone)).toBe(true);
  });

  it('says Facebook is not answering when every polled stream failed, even with own-schedule streams running', async () => {
    // Insights (and comments) keep their own schedule and never appear in the poll answer; they must not turn an
    // answer in which every polled stream failed into "Synced just now".
    const ownSchedule: SyncStream = {
      name: 'insights',
      appliesTo: () => true,
      ingestPoll: async () => undefined,
      backfill: async (ctx) => ctx.progress('insights', 0, true),
    };
    const e = makeEngine({
      streams: [...contentStreams({ pageSize: 10, backfillPageSize: 10, now: timers.now }), ownSchedule],
    });
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    await timers.advance(15_000);
    const syncedAt = e.getStatus().lastSyncedAt;
    expect(syncedAt).toBeDefined();
    expect(e.getStatus().stale).toBeUndefined();
    bridge.handle('sync/poll', (req) => ({
      pages: {},
      errors: (req.streams ?? []).map((stream) => ({ stream, kind: 'upstream', message: 'HTTP 500' })),
    }));
    await timers.advance(15_000);
    expect(bridge.callsOf('sync/poll').at(-1)!.streams).not.toContain('insights');
    expect(e.getStatus().stale).toBe('unreachable');
    expect(e.getStatus().lastSyncedAt).toBe(syncedAt);
    bridge.handle('sync/poll', emptyPoll);
    await timers.advance(60_000);
    expect(e.getStatus().stale).toBeUndefined();
    expect(e.getStatus().lastSyncedAt).toBeGreaterThan(syncedAt!);
  });

  it('pauses on session expiry and resumes after signing in again', async () => {
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    e.pause('session-expired');
    expect(e.getStatus().paused).toBe('session-expired');
    await timers.advance(30 * 60_000);
    expect(polls()).toBe(0);
    e.resume();
    await settle();
    expect(e.getStatus().paused).toBeUndefined();
    expect(polls()).toBe(1);
  });

  it('a stream that works again forgets its stored error, even when the answer stores nothing (304)', async () => {
    await writePostPage(db, A, {
      items: [makePost(A, 1)],
      skipped: 0,
      newest: true,
      backfill: { done: true },
      now: timers.now(),
    });
    // Left by an earlier run (e.g. Meta refused for a permission since given again): the views fall back to it.
    await setSyncError(db, A, 'feed', 'Duet is missing the “pages_read_engagement” permission for this.');
    bridge.handle('sync/poll', () => ({
      pages: { feed: { items: [], skipped: 0, paging: { hasMore: false }, notModified: true } },
      errors: [],
    }));
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(async () => expect((await getSyncState(db, A, 'feed'))?.lastError).toBeUndefined());
    expect(e.getStatus().streams.feed?.error).toBeUndefined();
  });

  it('polls at once on start when the cache is already complete (catch-up after a restart)', async () => {
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    expect(polls()).toBe(0);
    e.stop();
    const e2 = makeEngine();
    e2.start({ id: A });
    await vi.waitFor(() => expect(polls()).toBe(1));
    expect(e2.getStatus().streams.feed?.itemCount).toBe(5);
  });

  it('keeps polling while a slow stream is still storing its previous answer, leaving that stream out', async () => {
    let finishSlow: () => void = () => undefined;
    const slow: SyncStream = {
      name: 'messenger',
      appliesTo: () => true,
      ingestPoll: () => new Promise<void>((resolve) => (finishSlow = resolve)),
      backfill: async (ctx) => ctx.progress('messenger', 0, true),
    };
    const e = makeEngine({
      streams: [...contentStreams({ pageSize: 10, backfillPageSize: 10, now: timers.now }), slow],
    });
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    await timers.advance(15_000);
    posts.push(makePost(A, 8, { message: 'Not held back' }));
    await timers.advance(15_000);
    const reqs = bridge.callsOf('sync/poll');
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.streams).toContain('messenger');
    expect(reqs[1]!.streams).not.toContain('messenger');
    expect(reqs[1]!.streams).toContain('feed');
    await vi.waitFor(async () => expect((await newestPosts(db, A, 1))[0]!.message).toBe('Not held back'));
    finishSlow();
    await timers.advance(15_000);
    expect(bridge.callsOf('sync/poll')[2]!.streams).toContain('messenger');
  });

  it('fills the gap when the newest page does not reach what was stored (long offline)', async () => {
    const e = makeEngine();
    e.start({ id: A });
    await vi.waitFor(() => expect(e.getStatus().streams.feed?.backfillDone).toBe(true));
    for (let i = 100; i < 125; i++) posts.push(makePost(A, i));
    await timers.advance(15_000);
    await vi.waitFor(async () => expect(await countPosts(db, A)).toBe(30));
  });
});
