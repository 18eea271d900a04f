// The content sync streams: the Facebook feed, the Instagram gallery and stories. The engine decides when; these
// decide what to ask for and how to store it (one bulk transaction per page, see repos/content.ts).
import { type PollResult } from '../../../../shared/bridge/calls/sync';
import { type IgMedia, type PageOf, type Post } from '../../../../shared/models';
import {
  hasMedia,
  hasPosts,
  writeMediaPage,
  writePostPage,
  writeStories,
  type PageWrite,
} from '../repos/content';
import { getSyncState, type ContentSyncState } from '../repos/sync-state';
import { type SyncContext, type SyncStream } from '../sync/types';

/** Options of the content streams. */
export interface ContentStreamOptions {
  /** Items in the newest page (backfill's first page and polls): 25 keeps the first paint quick. */
  pageSize?: number;
  /** Items per older backfill page: Meta's maximum (100) means fewer round trips for a long history. */
  backfillPageSize?: number;
  /** At most this many older pages are fetched to close a gap after a long time offline. */
  maxGapPages?: number;
  /** Clock (tests pass a fake). */
  now?: () => number;
}

interface PagedSpec<T extends { id: string }> {
  name: 'feed' | 'gallery';
  list(ctx: SyncContext, after: string | undefined, limit: number): Promise<PageOf<T>>;
  write(ctx: SyncContext, page: PageWrite<T>): Promise<void>;
  has(ctx: SyncContext, ids: string[]): Promise<number>;
}

function pagedStream<T extends { id: string }>(
  spec: PagedSpec<T>,
  opts: Required<ContentStreamOptions>,
): SyncStream {
  const { pageSize, now } = opts;
  const progress = async (ctx: SyncContext) => {
    const s: ContentSyncState | undefined = await getSyncState(ctx.db, ctx.accountId, spec.name);
    ctx.progress(spec.name, s?.itemCount ?? 0, s?.backfillDone ?? false);
  };

  // After a long offline period the newest page may not reach what we stored: fetch older pages until they overlap.
  const fillGap = async (ctx: SyncContext, page: PageOf<T>) => {
    let current = page;
    for (
      let i = 0;
      i < opts.maxGapPages && current.paging.hasMore && current.paging.after && !ctx.cancelled();
      i++
    ) {
      current = await spec.list(ctx, current.paging.after, pageSize);
      const overlap = await spec.has(
        ctx,
        current.items.map((x) => x.id),
      );
      await spec.write(ctx, { items: current.items, skipped: current.skipped, newest: false, now: now() });
      if (overlap > 0 || current.items.length === 0) return;
    }
  };

  return {
    name: spec.name,
    appliesTo: (account) => (spec.name === 'gallery' ? Boolean(account.instagram) : true),
    async ingestPoll(result: PollResult, ctx) {
      const page = result.pages[spec.name] as PageOf<T> | undefined;
      if (!page || page.notModified) return;
      const state = await getSyncState(ctx.db, ctx.accountId, spec.name);
      const hadItems = (state?.itemCount ?? 0) > 0;
      const overlap = hadItems
        ? await spec.has(
            ctx,
            page.items.map((x) => x.id),
          )
        : 1;
      await spec.write(ctx, { items: page.items, skipped: page.skipped, newest: true, now: now() });
      if (hadItems && overlap === 0) await fillGap(ctx, page);
      await progress(ctx);
    },
    async backfill(ctx) {
      // Progress is reported only after a page is stored (the engine shows the stored state before that).
      let state = await getSyncState(ctx.db, ctx.accountId, spec.name);
      while (!state?.backfillDone && !ctx.cancelled()) {
        const after = state?.backfillAfter;
        const page = await spec.list(ctx, after, after === undefined ? pageSize : opts.backfillPageSize);
        if (ctx.cancelled()) return;
        const done = !page.paging.hasMore || !page.paging.after;
        await spec.write(ctx, {
          items: page.items,
          skipped: page.skipped,
          // The first page (no cursor) is the newest window, the same one polling refreshes.
          newest: after === undefined,
          backfill: { after: page.paging.after, done },
          now: now(),
        });
        state = await getSyncState(ctx.db, ctx.accountId, spec.name);
        await progress(ctx);
      }
    },
  };
}

/** The content streams (`feed`, `gallery` when an Instagram account is linked, `stories`) for the sync engine. */
export function contentStreams(options: ContentStreamOptions = {}): SyncStream[] {
  const opts: Required<ContentStreamOptions> = {
    pageSize: options.pageSize ?? 25,
    backfillPageSize: options.backfillPageSize ?? 100,
    maxGapPages: options.maxGapPages ?? 20,
    now: options.now ?? Date.now,
  };
  const feed = pagedStream<Post>(
    {
      name: 'feed',
      list: (ctx, after, limit) => ctx.bridge.invoke('feed/list', { accountId: ctx.accountId, after, limit }),
      write: (ctx, page) => writePostPage(ctx.db, ctx.accountId, page),
      has: (ctx, ids) => hasPosts(ctx.db, ids),
    },
    opts,
  );
  const gallery = pagedStream<IgMedia>(
    {
      name: 'gallery',
      list: (ctx, after, limit) =>
        ctx.bridge.invoke('gallery/list', { accountId: ctx.accountId, after, limit }),
      write: (ctx, page) => writeMediaPage(ctx.db, ctx.accountId, page),
      has: (ctx, ids) => hasMedia(ctx.db, ids),
    },
    opts,
  );
  const stories: SyncStream = {
    name: 'stories',
    appliesTo: (account) => Boolean(account.instagram),
    async ingestPoll(result, ctx) {
      const page = result.pages.stories;
      if (!page || page.notModified) return;
      await writeStories(ctx.db, ctx.accountId, {
        items: page.items,
        skipped: page.skipped,
        now: opts.now(),
      });
      const s = await getSyncState(ctx.db, ctx.accountId, 'stories');
      ctx.progress('stories', s?.itemCount ?? 0, true);
    },
    async backfill(ctx) {
      // Meta's /stories edge has no history: one fetch of the live stories is the whole backfill.
      const state = await getSyncState(ctx.db, ctx.accountId, 'stories');
      if (state?.backfillDone) return;
      const page = await ctx.bridge.invoke('gallery/stories', { accountId: ctx.accountId });
      if (ctx.cancelled()) return;
      await writeStories(ctx.db, ctx.accountId, {
        items: page.items,
        skipped: page.skipped,
        now: opts.now(),
      });
      const s = await getSyncState(ctx.db, ctx.accountId, 'stories');
      ctx.progress('stories', s?.itemCount ?? 0, true);
    },
  };
  return [feed, gallery, stories];
}
