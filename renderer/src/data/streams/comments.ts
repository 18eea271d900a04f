// The comments sync stream. Polling is cheap: the feed's and gallery's poll pages already carry each post's and
// medium's comment count, so this stream asks for nothing of its own in a poll tick — it compares those counts with
// the count stored at the last read of each thread (its mark) and reads only the threads whose count moved, all of
// them in one comments/threads call (one Graph batch request). After sign-in it backfills the threads of the newest
// posts and media. Every comment ever stored is kept (repos/comments.ts).
import { MAX_COMMENT_THREADS } from '../../../../shared/bridge/limits';
import { type PollResult } from '../../../../shared/bridge/calls/sync';
import { type ContentPlatform } from '../../../../shared/models';
import { BridgeCallError } from '../../bridge';
import { type CommentRow } from '../db';
import {
  countComments,
  finishCommentBackfill,
  getCommentMarks,
  putCommentMarks,
  writeCommentThreads,
  type ThreadWrite,
} from '../repos/comments';
import { getSyncState } from '../repos/sync-state';
import { type SyncContext, type SyncStream } from '../sync/types';

/** Options of the comments stream. */
export interface CommentStreamOptions {
  /** Backfill reads the threads of this many newest posts and as many newest media. */
  backfillPosts?: number;
  /** After a thread failed for good (a missing permission), it is asked again no sooner than this. */
  retryFailedMs?: number;
  /** Told about people's comments found by a poll tick (not history from the backfill). */
  onNew?: (comments: CommentRow[]) => void;
  now?: () => number;
}

/** A post or medium with its current comment count. */
interface Target {
  id: string;
  nativeId: string;
  platform: ContentPlatform;
  count: number;
}

function targetsOf(result: Pick<PollResult['pages'], 'feed' | 'gallery'>): Target[] {
  const out: Target[] = [];
  const feed = result.feed;
  if (feed && !feed.notModified)
    for (const p of feed.items)
      out.push({ id: p.id, nativeId: p.nativeId, platform: 'fb', count: p.comments });
  const gallery = result.gallery;
  if (gallery && !gallery.notModified)
    for (const m of gallery.items)
      out.push({ id: m.id, nativeId: m.nativeId, platform: 'ig', count: m.commentsCount ?? 0 });
  return out;
}

/** The `comments` stream for the sync engine. */
export function commentsStream(options: CommentStreamOptions = {}): SyncStream {
  const now = options.now ?? Date.now;
  const backfillPosts = options.backfillPosts ?? 25;
  const retryFailedMs = options.retryFailedMs ?? 10 * 60_000;
  /** Threads that failed for good, by store id → when they may be asked again (this session only). */
  const failedUntil = new Map<string, number>();
  /** The last refusal: it stays the stream's error while a thread it refused waits to be asked again. */
  let lastRefusal: BridgeCallError | undefined;
  const heldRefusal = (t: number) => {
    for (const until of failedUntil.values()) if (until > t) return lastRefusal;
    return undefined;
  };

  const progress = async (ctx: SyncContext, done: boolean) =>
    ctx.progress('comments', await countComments(ctx.db, ctx.accountId, 'all'), done);

  /**
   * Reads these threads (MAX_COMMENT_THREADS per call) and stores them; returns the new people's comments and the
   * first permanent failure (a missing permission), if any.
   */
  async function fetchThreads(ctx: SyncContext, targets: Target[], markUnread: boolean) {
    const added: CommentRow[] = [];
    let refused: BridgeCallError | undefined;
    for (let start = 0; start < targets.length && !ctx.cancelled(); start += MAX_COMMENT_THREADS) {
      const part = targets.slice(start, start + MAX_COMMENT_THREADS);
      const { threads } = await ctx.bridge.invoke('comments/threads', {
        accountId: ctx.accountId,
        targets: part.map((t) => ({ platform: t.platform, nativeId: t.nativeId })),
      });
      const writes: ThreadWrite[] = [];
      part.forEach((t, i) => {
        const r = threads[i];
        if (r?.ok && r.target.nativeId === t.nativeId) {
          failedUntil.delete(t.id);
          writes.push({
            postId: t.id,
            items: r.page.items,
            complete: !r.page.paging.hasMore,
            count: t.count,
          });
        } else if (r && !r.ok && r.code === 'permission') {
          failedUntil.set(t.id, now() + retryFailedMs);
          refused ??= new BridgeCallError({ code: 'permission', message: r.message });
          lastRefusal = refused;
        }
        // Other failures: the mark stays, so the thread is read again next tick.
      });
      if (ctx.cancelled()) break;
      added.push(...(await writeCommentThreads(ctx.db, ctx.accountId, writes, { now: now(), markUnread })));
    }
    return { added, refused };
  }

  return {
    name: 'comments',
    appliesTo: () => true,
    async ingestPoll(result, ctx) {
      const targets = targetsOf(result.pages);
      const held = heldRefusal(now());
      if (!targets.length) {
        if (held) throw held;
        return;
      }
      const marks = await getCommentMarks(
        ctx.db,
        targets.map((t) => t.id),
      );
      const t0 = now();
      const moved = targets.filter((t, i) => {
        const m = marks[i];
        if (m ? m.count === t.count : t.count === 0) return false;
        return (failedUntil.get(t.id) ?? 0) <= t0;
      });
      const zero = targets.filter((t, i) => !marks[i] && t.count === 0);
      await putCommentMarks(
        ctx.db,
        zero.map((t) => ({ id: t.id, accountId: ctx.accountId, count: 0, fetchedAt: t0 })),
      );
      if (!moved.length) {
        if (held) throw held;
        return;
      }
      const state = await getSyncState(ctx.db, ctx.accountId, 'comments');
      const { added, refused } = await fetchThreads(ctx, moved, state?.backfillDone === true);
      if (added.length && state?.backfillDone) options.onNew?.(added);
      await progress(ctx, state?.backfillDone === true);
      const still = refused ?? heldRefusal(now());
      if (still) throw still;
    },
    async backfill(ctx) {
      const state = await getSyncState(ctx.db, ctx.accountId, 'comments');
      if (state?.backfillDone) return;
      const [feed, gallery] = await Promise.all([
        ctx.bridge.invoke('feed/list', { accountId: ctx.accountId, limit: backfillPosts }),
        ctx.bridge.invoke('gallery/list', { accountId: ctx.accountId, limit: backfillPosts }),
      ]);
      if (ctx.cancelled()) return;
      const targets = targetsOf({ feed, gallery });
      const { refused } = await fetchThreads(
        ctx,
        targets.filter((t) => t.count > 0),
        false,
      );
      if (ctx.cancelled()) return;
      await putCommentMarks(
        ctx.db,
        targets
          .filter((t) => t.count === 0)
          .map((t) => ({ id: t.id, accountId: ctx.accountId, count: 0, fetchedAt: now() })),
      );
      const itemCount = await finishCommentBackfill(ctx.db, ctx.accountId, now());
      ctx.progress('comments', itemCount, true);
      // Done either way (polling carries on); a refusal is shown as the stream's error, naming the permission.
      if (refused) throw refused;
    },
  };
}

/**
 * Reads one post's / medium's thread now (a panel opened on it) and stores it. `count` is its comment count as
 * stored with the post, kept as the thread's mark. Failures are the caller's to show (or ignore, offline).
 */
export async function refreshCommentThread(
  ctx: Pick<SyncContext, 'db' | 'bridge' | 'accountId'>,
  target: { id: string; nativeId: string; platform: ContentPlatform; count: number },
  now = Date.now(),
): Promise<void> {
  const { threads } = await ctx.bridge.invoke('comments/threads', {
    accountId: ctx.accountId,
    targets: [{ platform: target.platform, nativeId: target.nativeId }],
  });
  const r = threads[0];
  if (!r) return;
  if (!r.ok) throw new BridgeCallError({ code: r.code as 'upstream', message: r.message });
  await writeCommentThreads(
    ctx.db,
    ctx.accountId,
    [{ postId: target.id, items: r.page.items, complete: !r.page.paging.hasMore, count: target.count }],
    { now, markUnread: false },
  );
}
