import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuetDb } from '../db';
import { makeMedia, makePost, makeStory } from '../../test/fake-bridge';
import {
  countPosts,
  getSyncState,
  isArchived,
  liveStories,
  newestMedia,
  newestPosts,
  newestStories,
  postsNewerThan,
  searchCaptions,
  writeMediaPage,
  writePostPage,
  writeStories,
} from './content';

const A = 'page1';
let db: DuetDb;
let n = 0;
const T = 1_800_000_000_000;

beforeEach(async () => {
  db = new DuetDb(`repo-test-${++n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('posts', () => {
  it('stores a page in bulk and reads the newest first through the index, with a limit', async () => {
    await writePostPage(db, A, {
      items: range(1, 30).map((i) => makePost(A, i)),
      skipped: 0,
      newest: true,
      now: T,
    });
    await writePostPage(db, 'other', { items: [makePost('other', 99)], skipped: 0, newest: true, now: T });
    const rows = await newestPosts(db, A, 5);
    expect(rows.map((r) => r.nativeId)).toEqual([30, 29, 28, 27, 26].map((i) => `${A}_${i}`));
    expect(rows[0]!.syncedAt).toBe(T);
    expect(await countPosts(db, A)).toBe(30);
    expect((await getSyncState(db, A, 'feed'))!.itemCount).toBe(30);
    expect((await postsNewerThan(db, A, makePost(A, 27).createdTime, 10)).length).toBe(3);
  });

  it('reflects upstream edits and refreshes expiring CDN URLs', async () => {
    const pic = { key: `${A}:p1:full_picture`, url: 'https://cdn/a.jpg?oe=1', kind: 'image' as const };
    await writePostPage(db, A, {
      items: [makePost(A, 1, { picture: pic })],
      skipped: 0,
      newest: true,
      now: T,
    });
    const edited = makePost(A, 1, {
      message: 'Edited text',
      updatedTime: T + 5,
      picture: { ...pic, url: 'https://cdn/a.jpg?oe=2' },
    });
    await writePostPage(db, A, { items: [edited], skipped: 0, newest: true, now: T + 10 });
    const [row] = await newestPosts(db, A, 1);
    expect(row!.message).toBe('Edited text');
    expect(row!.picture!.url).toBe('https://cdn/a.jpg?oe=2');
    expect(row!.picture!.key).toBe(pic.key);
  });

  it('marks posts that vanished from the newest window as gone, but not older ones, and unmarks on return', async () => {
    await writePostPage(db, A, {
      items: range(1, 20).map((i) => makePost(A, i)),
      skipped: 0,
      newest: true,
      now: T,
    });
    // Post 18 deleted upstream; the newest page now covers 11..20 (10 items, minus the deleted one).
    const page = range(11, 20)
      .filter((i) => i !== 18)
      .map((i) => makePost(A, i));
    await writePostPage(db, A, { items: page, skipped: 0, newest: true, now: T + 1 });
    const rows = await newestPosts(db, A, 50);
    const gone = rows.filter((r) => r.goneAt !== undefined).map((r) => r.nativeId);
    expect(gone).toEqual([`${A}_18`]);
    // Older posts outside the window are untouched even though the page did not list them.
    expect(rows.find((r) => r.nativeId === `${A}_3`)!.goneAt).toBeUndefined();
    await writePostPage(db, A, { items: [makePost(A, 18)], skipped: 0, newest: false, now: T + 2 });
    expect((await db.posts.get(`fb:${A}_18`))!.goneAt).toBeUndefined();
  });

  it('accumulates skipped counts over backfill pages without inflating on repeated polls of the newest page', async () => {
    await writePostPage(db, A, {
      items: [makePost(A, 3)],
      skipped: 2,
      newest: true,
      backfill: { after: 'c1', done: false },
      now: T,
    });
    await writePostPage(db, A, {
      items: [makePost(A, 2)],
      skipped: 1,
      newest: false,
      backfill: { after: 'c2', done: false },
      now: T,
    });
    await writePostPage(db, A, {
      items: [makePost(A, 1)],
      skipped: 1,
      newest: false,
      backfill: { done: true },
      now: T,
    });
    let s = await getSyncState(db, A, 'feed');
    expect(s!.skipped).toBe(4);
    expect(s!.backfillDone).toBe(true);
    expect(s!.backfillAfter).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      await writePostPage(db, A, { items: [makePost(A, 3)], skipped: 2, newest: true, now: T + i });
    }
    s = await getSyncState(db, A, 'feed');
    expect(s!.skipped).toBe(4);
    expect(s!.backfillDone).toBe(true);
  });

  it('writes a page and its sync state atomically: a failing write leaves neither', async () => {
    const bad = makePost(A, 1, { id: undefined as unknown as string });
    await expect(
      writePostPage(db, A, {
        items: [makePost(A, 2), bad],
        skipped: 0,
        newest: false,
        backfill: { after: 'x', done: false },
        now: T,
      }),
    ).rejects.toThrow();
    expect(await countPosts(db, A)).toBe(0);
    expect(await getSyncState(db, A, 'feed')).toBeUndefined();
  });
});

describe('media', () => {
  it('reads newest first and hides items gone upstream', async () => {
    await writeMediaPage(db, A, {
      items: range(1, 10).map((i) => makeMedia(A, i)),
      skipped: 0,
      newest: true,
      now: T,
    });
    await writeMediaPage(db, A, {
      items: range(5, 10)
        .filter((i) => i !== 9)
        .map((i) => makeMedia(A, i)),
      skipped: 1,
      newest: true,
      now: T + 1,
    });
    const rows = await newestMedia(db, A, 4);
    expect(rows.map((r) => r.nativeId)).toEqual(['m10', 'm8', 'm7', 'm6']);
    expect((await getSyncState(db, A, 'gallery'))!.skipped).toBe(1);
  });
});

describe('stories', () => {
  it('keeps stories after they expire upstream and tells live from archived', async () => {
    const now = T;
    const old = makeStory(A, 1, now - 30 * 3_600_000);
    const live = makeStory(A, 2, now - 3_600_000);
    await writeStories(db, A, { items: [old], skipped: 0, now: now - 29 * 3_600_000 });
    // Next day: the /stories edge lists only the live one.
    await writeStories(db, A, { items: [live], skipped: 0, now });
    const rows = await newestStories(db, A, 10);
    expect(rows.map((r) => r.id)).toEqual([live.id, old.id]);
    expect(isArchived(rows[1]!, now)).toBe(true);
    expect(isArchived(rows[0]!, now)).toBe(false);
    expect((await liveStories(db, A, now, 10)).map((r) => r.id)).toEqual([live.id]);
  });
});

describe('searchCaptions', () => {
  it('finds posts and media by the start of their words, newest first, only this account’s, up to the limit', async () => {
    const row = { syncedAt: T };
    await db.posts.bulkPut([
      { ...makePost(A, 1, { message: 'Lavender candles are back' }), ...row },
      { ...makePost(A, 2, { message: undefined, story: 'Café Ana shared a lavender memory' }), ...row },
      { ...makePost(A, 3, { message: 'Nothing to see' }), ...row },
      { ...makePost('other', 4, { message: 'Lavender elsewhere' }), ...row },
    ] as never);
    await db.media.bulkPut([
      { ...makeMedia(A, 5, { caption: 'New lavender drop 🌿 #Candles' }), ...row },
      { ...makeMedia(A, 6, { caption: undefined }), ...row },
    ] as never);
    const hits = await searchCaptions(db, A, 'laven');
    expect(hits.map((h) => h.row.id)).toEqual(['ig:m5', `fb:${A}_2`, `fb:${A}_1`]);
    expect(hits.map((h) => h.kind)).toEqual(['media', 'post', 'post']);
    // Every word must match; case and accents as the word index has them.
    expect((await searchCaptions(db, A, 'lavender CAND')).map((h) => h.row.id)).toEqual([
      'ig:m5',
      `fb:${A}_1`,
    ]);
    expect(await searchCaptions(db, A, 'lavender pizza')).toEqual([]);
    expect(await searchCaptions(db, A, '  ')).toEqual([]);
    expect(await searchCaptions(db, A, 'laven', 1)).toHaveLength(1);
  });
});
