import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CommentTarget } from '../../../../shared/bridge/calls/comments';
import { type Comment, type IgMedia, type Post } from '../../../../shared/models';
import { makeComment } from '../../test/comment-fixtures';
import { createFakeBridge, makeMedia, makePost, type FakeBridge } from '../../test/fake-bridge';
import { DuetDb, type CommentRow } from '../db';
import { countComments, listComments } from '../repos/comments';
import { getSyncState } from '../repos/sync-state';
import { type SyncContext } from '../sync/types';
import { commentsStream } from './comments';

let db: DuetDb;
let bridge: FakeBridge;
let n = 0;
/** What the sandbox-like fake holds: the comments of each post / medium by native id. */
let threads: Map<string, Comment[]>;
/** Native ids whose thread read fails with this code. */
let failing: Map<string, string>;
let posts: Post[];
let media: IgMedia[];
const news: CommentRow[] = [];

const ctx = (): SyncContext => ({
  db,
  bridge,
  accountId: 'page1',
  progress: () => {},
  cancelled: () => false,
});
const page = <T>(items: T[]) => ({ items, skipped: 0, paging: { hasMore: false }, notModified: false });
const poll = (feed: Post[], gallery: IgMedia[] = []) => ({
  pages: { feed: page(feed), gallery: page(gallery) },
  errors: [],
});
/** Native ids asked for, per comments/threads call. */
const asked = () =>
  bridge.callsOf('comments/threads').map((r) => r.targets.map((t: CommentTarget) => t.nativeId));

function addComment(post: Post | IgMedia, over: Partial<Comment> = {}): Comment {
  const c = makeComment({ postId: post.id, ...over });
  threads.set(post.nativeId, [...(threads.get(post.nativeId) ?? []), c]);
  if ('comments' in post) post.comments += 1;
  else post.commentsCount = (post.commentsCount ?? 0) + 1;
  return c;
}

beforeEach(async () => {
  db = new DuetDb(`streams-comments-${++n}`);
  await db.open();
  bridge = createFakeBridge();
  threads = new Map();
  failing = new Map();
  news.length = 0;
  posts = [1, 2, 3].map((i) => makePost('page1', i, { comments: 0 }));
  media = [makeMedia('page1', 1, { commentsCount: 0 })];
  bridge.handle('feed/list', () => page(posts));
  bridge.handle('gallery/list', () => page(media));
  bridge.handle('comments/threads', (req) => ({
    threads: req.targets.map((target) => {
      const code = failing.get(target.nativeId);
      if (code)
        return { ok: false as const, target, code, message: 'Requires pages_read_user_content permission' };
      return { ok: true as const, target, page: page([...(threads.get(target.nativeId) ?? [])]) };
    }),
  }));
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('comments stream', () => {
  it('backfills the threads of the newest posts and media that have comments, in one call, as history', async () => {
    addComment(posts[0]!);
    addComment(posts[2]!);
    addComment(media[0]!);
    const s = commentsStream({ onNew: (c) => news.push(...c) });
    await s.backfill(ctx());
    expect(asked()).toEqual([[posts[0]!.nativeId, posts[2]!.nativeId, media[0]!.nativeId]]);
    expect(await countComments(db, 'page1', 'all')).toBe(3);
    expect(await countComments(db, 'page1', 'unread')).toBe(0);
    expect((await getSyncState(db, 'page1', 'comments'))?.backfillDone).toBe(true);
    await s.backfill(ctx());
    expect(asked()).toHaveLength(1);
    expect(news).toEqual([]);
  });

  it('polls cheaply: reads only the threads whose count moved since their last read', async () => {
    addComment(posts[0]!);
    const s = commentsStream({ onNew: (c) => news.push(...c) });
    await s.backfill(ctx());
    // Nothing moved: no call at all.
    await s.ingestPoll(poll(posts, media), ctx());
    expect(asked()).toHaveLength(1);
    const fresh = addComment(posts[1]!);
    addComment(media[0]!);
    await s.ingestPoll(poll(posts, media), ctx());
    expect(asked()[1]).toEqual([posts[1]!.nativeId, media[0]!.nativeId]);
    expect(news.map((c) => c.id)).toContain(fresh.id);
    expect(await countComments(db, 'page1', 'unread')).toBe(2);
    // A deleted comment lowers the count: that thread is read again and the comment kept, marked gone.
    threads.set(posts[1]!.nativeId, []);
    posts[1]!.comments = 0;
    await s.ingestPoll(poll(posts, media), ctx());
    expect(asked()[2]).toEqual([posts[1]!.nativeId]);
    const all = await listComments(db, 'page1', 'all', 10);
    expect(all.find((c) => c.id === fresh.id)?.goneAt).toBeDefined();
  });

  it('a 304 (notModified) page asks nothing; a new post seen with no comments is marked without a call', async () => {
    const s = commentsStream();
    await s.backfill(ctx());
    const calls = asked().length;
    await s.ingestPoll({ pages: { feed: { ...page(posts), notModified: true } }, errors: [] }, ctx());
    const post4 = makePost('page1', 4, { comments: 0 });
    await s.ingestPoll(poll([post4, ...posts]), ctx());
    expect(asked().length).toBe(calls);
    expect(await db.commentMarks.get(post4.id)).toMatchObject({ count: 0 });
  });

  it('a missing permission fails the stream naming it, and is not asked again every tick', async () => {
    let t = Date.UTC(2026, 10, 1);
    const s = commentsStream({ now: () => t, retryFailedMs: 600_000 });
    await s.backfill(ctx());
    failing.set(posts[0]!.nativeId, 'permission');
    addComment(posts[0]!);
    await expect(s.ingestPoll(poll(posts), ctx())).rejects.toThrow('pages_read_user_content');
    const calls = asked().length;
    // The next tick asks nothing, but the refusal stays the stream's error (the view keeps its notice).
    await expect(s.ingestPoll(poll(posts), ctx())).rejects.toThrow('pages_read_user_content');
    expect(asked().length).toBe(calls);
    t += 600_001;
    failing.clear();
    await s.ingestPoll(poll(posts), ctx());
    expect(asked().length).toBe(calls + 1);
    expect(await countComments(db, 'page1', 'all')).toBe(1);
  });

  it('a transient failure of one thread leaves its mark, so the next tick reads it again', async () => {
    const s = commentsStream();
    await s.backfill(ctx());
    addComment(posts[0]!);
    addComment(posts[1]!);
    failing.set(posts[0]!.nativeId, 'upstream');
    await s.ingestPoll(poll(posts), ctx());
    expect(await countComments(db, 'page1', 'all')).toBe(1);
    failing.clear();
    await s.ingestPoll(poll(posts), ctx());
    expect(asked().at(-1)).toEqual([posts[0]!.nativeId]);
    expect(await countComments(db, 'page1', 'all')).toBe(2);
  });
});
