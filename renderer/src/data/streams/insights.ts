// The insights stream: fetches Page and Instagram numbers on a slow schedule of its own and stores them as dated
// snapshots (repos/insights.ts). It takes part in the engine's ticks (so it pauses offline, after a lost session and
// under a tight budget like every stream) but not in the batched poll: each tick it asks only for what is due —
// account days once a day (plus one older 90-day window per day until Meta's 2 years are covered), the newest posts'
// and media items' lifetime numbers every few hours, live stories every hour (Meta deletes story numbers after 24 h,
// so what is captured while a story is live is what the archive keeps).
import { type CallRequest } from '../../../../shared/bridge/contract';
import { type InsightsNetwork } from '../../../../shared/insights/metrics';
import { dayStart, DAY_MS, RETENTION_DAYS } from '../../../../shared/insights/plan';
import { BridgeCallError } from '../../bridge';
import { liveStories, newestMedia, newestPosts } from '../repos/content';
import {
  readInsightsStatus,
  setMissingPermission,
  storeInsights,
  type InsightsFetchKind,
} from '../repos/insights';
import { type PostRow } from '../db';
import { type SyncContext, type SyncStream } from '../sync/types';

const HOUR = 3_600_000;

/** How often each kind of fetch runs, and how much it covers. */
export interface InsightsSchedule {
  accountEveryMs: number;
  itemsEveryMs: number;
  storiesEveryMs: number;
  /** Days of account numbers the first fetch covers (Facebook; Instagram covers at most 30). */
  firstDays: number;
  /** Newest posts and newest media items whose lifetime numbers are refreshed. */
  newestItems: number;
}

/** The schedule: daily values once a day, per-item numbers four times a day, live stories hourly. */
export const INSIGHTS_SCHEDULE: InsightsSchedule = {
  accountEveryMs: 24 * HOUR,
  itemsEveryMs: 6 * HOUR,
  storiesEveryMs: HOUR,
  firstDays: 90,
  newestItems: 25,
};

/** The permission each network's insights need (named in the "missing permission" notice). */
export const INSIGHTS_PERMISSION: Record<InsightsNetwork, string> = {
  facebook: 'read_insights',
  instagram: 'instagram_manage_insights',
};

type Item = CallRequest<'insights/items'>['items'][number];

/** A Facebook video's id, from its attachment's `/videos/<id>/` link (the post's video_insights node). */
export function videoIdOf(p: Pick<PostRow, 'attachments'>): string | undefined {
  const v = p.attachments.find((a) => a.type === 'video');
  return v?.url ? /\/videos\/(\d{1,32})\/?/.exec(v.url)?.[1] : undefined;
}

/** Creates the insights stream. */
export function insightsStream(
  opts: { now?: () => number; schedule?: Partial<InsightsSchedule> } = {},
): SyncStream {
  const now = opts.now ?? Date.now;
  const sch = { ...INSIGHTS_SCHEDULE, ...opts.schedule };

  /** Runs one fetch; a missing permission is remembered for the view instead of failing the stream. */
  async function guarded(ctx: SyncContext, network: InsightsNetwork, fn: () => Promise<void>) {
    try {
      await fn();
      await setMissingPermission(ctx.db, ctx.accountId, network, undefined);
    } catch (e) {
      if (!(e instanceof BridgeCallError) || e.code !== 'permission') throw e;
      await setMissingPermission(ctx.db, ctx.accountId, network, INSIGHTS_PERMISSION[network]);
    }
  }

  async function accountDays(ctx: SyncContext, network: InsightsNetwork, first: boolean, oldest?: number) {
    const t = now();
    const until = dayStart(t) + DAY_MS;
    const days = network === 'instagram' ? Math.min(sch.firstDays, 30) : sch.firstDays;
    const since = first ? until - days * DAY_MS : until - 3 * DAY_MS;
    const answer = await ctx.bridge.invoke('insights/account', {
      accountId: ctx.accountId,
      network,
      since,
      until,
    });
    await storeInsights(ctx.db, ctx.accountId, answer, { kind: network, oldest: { network, day: since } });
    // Facebook keeps 2 years: one older window a day until they are covered.
    const floor = dayStart(t) - RETENTION_DAYS * DAY_MS;
    if (network !== 'facebook' || first || oldest === undefined || oldest <= floor) return;
    const older = Math.max(floor, oldest - 90 * DAY_MS);
    const back = await ctx.bridge.invoke('insights/account', {
      accountId: ctx.accountId,
      network,
      since: older,
      until: oldest,
    });
    await storeInsights(ctx.db, ctx.accountId, back, { kind: network, oldest: { network, day: older } });
  }

  async function items(ctx: SyncContext, list: Item[], kind: InsightsFetchKind) {
    for (let i = 0; i < list.length && !ctx.cancelled(); i += 25) {
      const answer = await ctx.bridge.invoke('insights/items', {
        accountId: ctx.accountId,
        items: list.slice(i, i + 25),
      });
      await storeInsights(ctx.db, ctx.accountId, answer, { kind });
    }
  }

  async function newestItems(ctx: SyncContext): Promise<{ posts: Item[]; media: Item[] }> {
    const posts = (await newestPosts(ctx.db, ctx.accountId, sch.newestItems))
      .filter((p) => !p.isVisitorPost && p.goneAt === undefined)
      .map((p): Item => {
        const videoId = videoIdOf(p);
        return {
          kind: 'post',
          nativeId: p.nativeId,
          timestamp: p.createdTime,
          ...(videoId ? { videoId } : {}),
        };
      });
    const media = (await newestMedia(ctx.db, ctx.accountId, sch.newestItems))
      .filter((m) => m.productType !== 'AD')
      .map((m): Item => ({
        kind: 'media',
        nativeId: m.nativeId,
        mediaType: m.mediaType,
        productType: m.productType,
        timestamp: m.timestamp,
      }));
    return { posts, media };
  }

  /** Everything that is due (all of it on the first run). */
  async function runDue(ctx: SyncContext, account: { instagram?: unknown }) {
    const st = await readInsightsStatus(ctx.db, ctx.accountId);
    const t = now();
    const due = (k: InsightsFetchKind, every: number) => {
      const at = st.fetchedAt[k];
      // A clock set back (or a row from the future) counts as due rather than never.
      return at === undefined || t - at >= every || at > t + HOUR;
    };
    const ig = !!account.instagram;
    if (due('facebook', sch.accountEveryMs))
      await guarded(ctx, 'facebook', () =>
        accountDays(ctx, 'facebook', st.fetchedAt.facebook === undefined, st.oldest.facebook),
      );
    // Perishable first (live stories), then the account days the dashboard opens on, then per-item numbers.
    if (ig && due('stories', sch.storiesEveryMs)) {
      const stories = (await liveStories(ctx.db, ctx.accountId, t, 25)).map((s): Item => ({
        kind: 'media',
        nativeId: s.nativeId,
        mediaType: s.mediaType,
        productType: 'STORY',
        timestamp: s.timestamp,
      }));
      if (stories.length) await guarded(ctx, 'instagram', () => items(ctx, stories, 'stories'));
    }
    if (ig && due('instagram', sch.accountEveryMs))
      await guarded(ctx, 'instagram', () =>
        accountDays(ctx, 'instagram', st.fetchedAt.instagram === undefined),
      );
    if (due('items', sch.itemsEveryMs)) {
      const { posts, media } = await newestItems(ctx);
      // Nothing stored yet (the feed's first page is still on its way): due again next tick.
      if (posts.length) await guarded(ctx, 'facebook', () => items(ctx, posts, 'items'));
      if (ig && media.length) await guarded(ctx, 'instagram', () => items(ctx, media, 'items'));
    }
    if (ig && due('demographics', sch.accountEveryMs))
      await guarded(ctx, 'instagram', async () => {
        const answer = await ctx.bridge.invoke('insights/demographics', { accountId: ctx.accountId });
        await storeInsights(ctx.db, ctx.accountId, answer, { kind: 'demographics' });
      });
    ctx.progress('insights', 0, true);
  }

  let account: { instagram?: unknown } = {};
  // Backfill and a tick may both find work due: one run at a time, the second waits for the first.
  let running: Promise<void> | null = null;
  const once = async (ctx: SyncContext) => {
    if (running) return running;
    running = runDue(ctx, account).finally(() => (running = null));
    return running;
  };
  return {
    name: 'insights',
    appliesTo(acc) {
      account = acc;
      return true;
    },
    backfill: (ctx) => once(ctx),
    ingestPoll: (_result, ctx) => once(ctx),
  };
}
