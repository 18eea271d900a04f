// Content repository: the Facebook feed, the Instagram gallery and stories in the local store.
// Writes: one bulk transaction per fetched page (rows + their sync state), never one per item.
// Reads: indexed ranges with limits only ([accountId+createdTime], [accountId+timestamp]); views never load a table.
import Dexie from 'dexie';
import { type IgMedia, type Post, type Story } from '../../../../shared/models';
import { makeId } from '../../../../shared/store-id';
import { type DuetDb, type MediaRow, type PostRow, type StoryRow, relaxedTransaction } from '../db';
import { getSyncState, nextSyncState } from './sync-state';
import { searchTerms, wordsOf } from '../words';

// Sync bookkeeping lives in sync-state.ts; re-exported for the features that read it beside the content.
export { getSyncState, listSyncStates, setSyncError, syncKey, type ContentSyncState } from './sync-state';

/** Content stream names as stored in syncState (`${accountId}|${stream}`). */
export type ContentStreamName = 'feed' | 'gallery' | 'stories';

/** How a page was fetched: the newest page (poll, or the first backfill page) or an older backfill page. */
export interface PageWrite<T> {
  items: T[];
  skipped: number;
  /** True for the newest page: rows we had in its time window that it no longer lists are marked gone. */
  newest: boolean;
  /** Backfill bookkeeping to store in the same transaction (omit to leave it unchanged). */
  backfill?: { after?: string | undefined; done: boolean };
  now: number;
}

function accountRange(
  accountId: string,
): [[string, number | typeof Dexie.minKey], [string, typeof Dexie.maxKey]] {
  return [
    [accountId, Dexie.minKey],
    [accountId, Dexie.maxKey],
  ];
}

/**
 * Stores one fetched page of posts with its sync state in one transaction. Upstream edits overwrite the row
 * (updated_time moves); CDN URLs in media refs are refreshed because the whole row is replaced. For the newest page,
 * posts we stored inside its time window that it no longer lists get `goneAt` (deleted or hidden on Facebook).
 */
export async function writePostPage(db: DuetDb, accountId: string, page: PageWrite<Post>): Promise<void> {
  const rows: PostRow[] = page.items.map((p) => ({ ...p, accountId, syncedAt: page.now, goneAt: undefined }));
  await relaxedTransaction(db, [db.posts, db.syncState], async () => {
    if (page.newest && rows.length > 0) {
      const oldest = Math.min(...rows.map((r) => r.createdTime));
      const listed = new Set(rows.map((r) => r.id));
      const gone = await db.posts
        .where('[accountId+createdTime]')
        .between([accountId, oldest], [accountId, Dexie.maxKey], true, true)
        .filter((r) => !listed.has(r.id) && r.goneAt === undefined)
        .toArray();
      if (gone.length) await db.posts.bulkPut(gone.map((r) => ({ ...r, goneAt: page.now })));
    }
    const [lo, hi] = accountRange(accountId);
    // One round trip: IndexedDB runs a transaction's requests in order, so the count sees the rows just put.
    const [, count, prev] = await Promise.all([
      db.posts.bulkPut(rows),
      db.posts.where('[accountId+createdTime]').between(lo, hi, true, true).count(),
      getSyncState(db, accountId, 'feed'),
    ]);
    await db.syncState.put(nextSyncState(prev, accountId, 'feed', page, count));
  });
}

/** Stores one fetched page of Instagram media (same rules as posts, keyed by `timestamp`). */
export async function writeMediaPage(db: DuetDb, accountId: string, page: PageWrite<IgMedia>): Promise<void> {
  const rows: MediaRow[] = page.items.map((m) => ({
    ...m,
    accountId,
    syncedAt: page.now,
    goneAt: undefined,
  }));
  await relaxedTransaction(db, [db.media, db.syncState], async () => {
    if (page.newest && rows.length > 0) {
      const oldest = Math.min(...rows.map((r) => r.timestamp));
      const listed = new Set(rows.map((r) => r.id));
      const gone = await db.media
        .where('[accountId+timestamp]')
        .between([accountId, oldest], [accountId, Dexie.maxKey], true, true)
        .filter((r) => !listed.has(r.id) && r.goneAt === undefined)
        .toArray();
      if (gone.length) await db.media.bulkPut(gone.map((r) => ({ ...r, goneAt: page.now })));
    }
    const [lo, hi] = accountRange(accountId);
    const [, count, prev] = await Promise.all([
      db.media.bulkPut(rows),
      db.media.where('[accountId+timestamp]').between(lo, hi, true, true).count(),
      getSyncState(db, accountId, 'gallery'),
    ]);
    await db.syncState.put(nextSyncState(prev, accountId, 'gallery', page, count));
  });
}

/**
 * Stores the live stories. Stories vanish upstream 24 h after posting (Meta's /stories edge lists only live
 * ones), so nothing is ever marked gone or deleted here: expired rows stay as the user's story archive.
 */
export async function writeStories(
  db: DuetDb,
  accountId: string,
  page: { items: Story[]; skipped: number; now: number },
): Promise<void> {
  const rows: StoryRow[] = page.items.map((s) => ({ ...s, accountId, syncedAt: page.now }));
  await relaxedTransaction(db, [db.stories, db.syncState], async () => {
    await db.stories.bulkPut(rows);
    const [lo, hi] = accountRange(accountId);
    const count = await db.stories.where('[accountId+timestamp]').between(lo, hi, true, true).count();
    const prev = await getSyncState(db, accountId, 'stories');
    await db.syncState.put(
      nextSyncState(prev, accountId, 'stories', { ...page, newest: true, backfill: { done: true } }, count),
    );
  });
}

/**
 * Stores a post or media item Duet has just published, so it shows in the feed/gallery before the next poll. Same
 * ids as the poll's rows, so the poll's copy replaces it (never a second card). Relaxed: the poll can fetch it again.
 */
export async function putPublished(
  db: DuetDb,
  accountId: string,
  item: { post?: Post | undefined; media?: IgMedia | undefined; story?: Story | undefined },
  now: number,
): Promise<void> {
  await relaxedTransaction(db, [db.posts, db.media, db.stories], async () => {
    if (item.post) await db.posts.put({ ...item.post, accountId, syncedAt: now });
    if (item.media) await db.media.put({ ...item.media, accountId, syncedAt: now });
    if (item.story) await db.stories.put({ ...item.story, accountId, syncedAt: now });
  });
}

/** The newest `limit` posts of an account (including ones marked gone; the feed shows them as removed). */
export function newestPosts(db: DuetDb, accountId: string, limit: number): Promise<PostRow[]> {
  const [lo, hi] = accountRange(accountId);
  return db.posts
    .where('[accountId+createdTime]')
    .between(lo, hi, true, true)
    .reverse()
    .limit(limit)
    .toArray();
}

/** Posts created after `since` (epoch ms), newest first, at most `limit`. */
export function postsNewerThan(
  db: DuetDb,
  accountId: string,
  since: number,
  limit: number,
): Promise<PostRow[]> {
  return db.posts
    .where('[accountId+createdTime]')
    .between([accountId, since], [accountId, Dexie.maxKey], false, true)
    .reverse()
    .limit(limit)
    .toArray();
}

/** How many posts of an account are stored. */
export function countPosts(db: DuetDb, accountId: string): Promise<number> {
  const [lo, hi] = accountRange(accountId);
  return db.posts.where('[accountId+createdTime]').between(lo, hi, true, true).count();
}

/** The newest `limit` media items, hiding ones gone upstream (a grid of holes helps nobody). */
export async function newestMedia(db: DuetDb, accountId: string, limit: number): Promise<MediaRow[]> {
  const [lo, hi] = accountRange(accountId);
  const range = () => db.media.where('[accountId+timestamp]').between(lo, hi, true, true).reverse();
  // Fast path (one getAll with a limit, no cursor walk) for the usual case where nothing in the window is gone.
  const rows = await range().limit(limit).toArray();
  if (rows.every((m) => m.goneAt === undefined)) return rows;
  return range()
    .filter((m) => m.goneAt === undefined)
    .limit(limit)
    .toArray();
}

/** How many media items of an account are stored. */
export function countMedia(db: DuetDb, accountId: string): Promise<number> {
  const [lo, hi] = accountRange(accountId);
  return db.media.where('[accountId+timestamp]').between(lo, hi, true, true).count();
}

/** Stories of an account, newest first: live ones and the archive of expired ones (`expiresAt <= now`). */
export function newestStories(db: DuetDb, accountId: string, limit: number): Promise<StoryRow[]> {
  const [lo, hi] = accountRange(accountId);
  return db.stories
    .where('[accountId+timestamp]')
    .between(lo, hi, true, true)
    .reverse()
    .limit(limit)
    .toArray();
}

/** Stories (any account) that expire after `now`: the live ones, via the `expiresAt` index. */
export function liveStories(db: DuetDb, accountId: string, now: number, limit: number): Promise<StoryRow[]> {
  return db.stories
    .where('expiresAt')
    .above(now)
    .filter((s) => s.accountId === accountId)
    .limit(limit)
    .toArray();
}

/** Whether a story has expired upstream (it is then part of the archive only Duet keeps). */
export function isArchived(story: Pick<Story, 'expiresAt'>, now: number): boolean {
  return story.expiresAt <= now;
}

/** How many of these post ids are stored (a page that overlaps what we have closes a gap). */
export function hasPosts(db: DuetDb, ids: string[]): Promise<number> {
  return db.posts.where('id').anyOf(ids).count();
}

/** How many of these media ids are stored. */
export function hasMedia(db: DuetDb, ids: string[]): Promise<number> {
  return db.media.where('id').anyOf(ids).count();
}

/** The posts and media with these store ids (`fb:` ids are posts, `ig:` ids media), by id; missing ones absent. */
export async function postsAndMediaByIds(
  db: DuetDb,
  ids: string[],
): Promise<Map<string, PostRow | MediaRow>> {
  const fb = ids.filter((id) => id.startsWith('fb:'));
  const ig = ids.filter((id) => id.startsWith('ig:'));
  const [posts, media] = await Promise.all([db.posts.bulkGet(fb), db.media.bulkGet(ig)]);
  const out = new Map<string, PostRow | MediaRow>();
  for (const row of [...posts, ...media]) if (row) out.set(row.id, row);
  return out;
}

/** Posts, media items and stories by their native ids (the insights table shows their pictures and words). */
export async function contentByNativeIds(
  db: DuetDb,
  ids: { posts: string[]; media: string[] },
): Promise<{ posts: PostRow[]; media: Array<MediaRow | StoryRow> }> {
  const [posts, media, stories] = await Promise.all([
    db.posts.bulkGet(ids.posts.map((id) => makeId('fb', id))),
    db.media.bulkGet(ids.media.map((id) => makeId('ig', id))),
    db.stories.bulkGet(ids.media.map((id) => makeId('ig', id))),
  ]);
  return {
    posts: posts.filter((p): p is PostRow => !!p),
    media: ids.media.map((_, i) => media[i] ?? stories[i]).filter((m): m is MediaRow | StoryRow => !!m),
  };
}

/** A post or medium whose text matched a search. */
export type CaptionHit = { kind: 'post'; row: PostRow } | { kind: 'media'; row: MediaRow };

/**
 * Offline search over the text of an account's stored posts (message, story) and media (caption): every query word
 * must start one of the text's words, newest first. Posts and media carry no word index (their text is short and
 * they are far fewer than messages), so this walks the account's rows newest first and stops at `limit` hits.
 */
export async function searchCaptions(
  db: DuetDb,
  accountId: string,
  query: string,
  limit = 20,
): Promise<CaptionHit[]> {
  const terms = searchTerms(query);
  if (!terms.length) return [];
  const matches = (text: string | undefined) => {
    if (!text) return false;
    const words = wordsOf(text);
    return terms.every((t) => words.some((w) => w.startsWith(t)));
  };
  const range: [unknown[], unknown[]] = [
    [accountId, Dexie.minKey],
    [accountId, Dexie.maxKey],
  ];
  const [posts, media] = await Promise.all([
    db.posts
      .where('[accountId+createdTime]')
      .between(...range)
      .reverse()
      .filter((p) => matches(p.message) || matches(p.story))
      .limit(limit)
      .toArray(),
    db.media
      .where('[accountId+timestamp]')
      .between(...range)
      .reverse()
      .filter((m) => matches(m.caption))
      .limit(limit)
      .toArray(),
  ]);
  const hits: Array<CaptionHit & { at: number }> = [
    ...posts.map((row) => ({ kind: 'post' as const, row, at: row.createdTime })),
    ...media.map((row) => ({ kind: 'media' as const, row, at: row.timestamp })),
  ];
  hits.sort((a, b) => b.at - a.at);
  return hits.slice(0, limit).map(({ at: _at, ...h }) => h as CaptionHit);
}
