/**
 * Insights numbers of the seeded world: deterministic from the seed and the object, moving with the sandbox clock.
 * Every value is a hash of (seed ^ INSIGHTS_SALT, object id, metric, day), never a draw from the world's RNG, so
 * seeding insights shifts no seeded id or text. The control API may retire any metric and put a Page under 100 likes.
 *
 * What is modelled, and from where:
 *  - Page daily values exist once their day has ended at midnight Pacific time, where Meta's days end (Meta: "most
 *    metrics update every 24 hours"; dated by the Pacific midnight that ends them). https://developers.facebook.com/documentation/pages-api/platforminsights/page.md
 *  - IG media lifetime values grow with the media's age and are empty (not 0) for its first hour and for any
 *    metric that is still 0 ("returns an empty data set instead of 0"); about 1 in 20 media answer "(#10) Not enough
 *    viewers". https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights
 */
import { hash32 } from '../rng.js';
import { DAY, HOUR } from '../time.js';
import { type IgAccount, type IgMedia, type Page, type Post } from './types.js';

/** Mixed into the seed so insights draw from their own stream. */
const INSIGHTS_SALT = 0x1a5c9e7;

/** Age ranges, genders, countries and cities of the demographics breakdowns (Meta's dimension values). */
export const DEMOGRAPHIC_KEYS: Record<string, readonly string[]> = {
  age: ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'],
  gender: ['F', 'M', 'U'],
  country: ['US', 'PT', 'BR', 'GB', 'DE', 'ES', 'FR'],
  city: ['Lisbon, Portugal', 'Porto, Portugal', 'New York, New York', 'London, England', 'São Paulo, Brazil'],
};

/** Mutable insights state: retired metrics and Pages under 100 likes (both set through the control API). */
export class InsightsWorld {
  /** Metric names that now answer "(#100) The value must be a valid insights metric". */
  readonly retired = new Set<string>();
  /** Pages treated as having fewer than 100 likes (their insights come back empty). */
  readonly underHundredLikes = new Set<string>();

  /** `seed` is the world's seed. */
  constructor(private readonly seed: number) {}

  /** A value in [0, 1) fixed by the parts. */
  unit(...parts: Array<string | number>): number {
    return hash32(`${(this.seed ^ INSIGHTS_SALT) >>> 0}|${parts.join('|')}`) / 4294967296;
  }

  /** A weekly wave around 1 (busier mid-week), so charts have a shape. */
  private wave(dayStart: number): number {
    return 1 + 0.25 * Math.sin((2 * Math.PI * Math.floor(dayStart / DAY)) / 7);
  }

  /** The Page's views on one UTC day (the base of its other daily metrics). */
  private pageViews(page: Page, dayStart: number): number {
    const base = 300 + this.unit(page.id, 'base') * 2500;
    return Math.round(base * this.wave(dayStart) * (0.7 + 0.6 * this.unit(page.id, 'views', dayStart)));
  }

  /** A daily Page metric on the UTC day starting at `dayStart`; keyed values for breakdowns. */
  pageDay(page: Page, metric: string, dayStart: number, now: number): number | Record<string, number> {
    const views = this.pageViews(page, dayStart);
    const u = this.unit(page.id, metric, dayStart);
    switch (metric) {
      case 'page_media_view':
        return views;
      case 'page_total_media_view_unique':
        return Math.round(views * (0.5 + 0.15 * u));
      case 'page_post_engagements':
        return Math.round(views * (0.03 + 0.03 * u));
      case 'page_views_total':
        return Math.round(views * (0.04 + 0.04 * u));
      case 'page_video_views':
        return Math.round(views * (0.1 + 0.15 * u));
      case 'page_daily_follows_unique':
        return Math.round(1 + 9 * u);
      case 'page_daily_unfollows_unique':
        return Math.round(3 * u);
      case 'page_follows':
        // A level: today's likes minus a few net follows per day back in time.
        return Math.max(0, page.fanCount - Math.round(((now - dayStart) / DAY) * 3));
      default:
        return 0;
    }
  }

  /** page_media_view split by a breakdown (`is_from_ads` / `is_from_followers`): keyed by "true" / "false". */
  pageBreakdown(page: Page, breakdown: string, dayStart: number): Record<string, number> {
    const views = this.pageViews(page, dayStart);
    const share =
      breakdown === 'is_from_ads'
        ? 0.1 + 0.2 * this.unit(page.id, breakdown, dayStart)
        : 0.35 + 0.3 * this.unit(page.id, breakdown, dayStart);
    const yes = Math.round(views * share);
    return { true: yes, false: views - yes };
  }

  /** The IG account's reach on one UTC day (the base of its other daily metrics). */
  private igReach(ig: IgAccount, dayStart: number): number {
    const base = 200 + this.unit(ig.id, 'base') * 1800;
    return Math.round(base * this.wave(dayStart) * (0.7 + 0.6 * this.unit(ig.id, 'reach', dayStart)));
  }

  /** A daily IG account metric on one UTC day. */
  igDay(ig: IgAccount, metric: string, dayStart: number): number {
    const reach = this.igReach(ig, dayStart);
    const u = this.unit(ig.id, metric, dayStart);
    const part = (lo: number, hi: number) => Math.round(reach * (lo + (hi - lo) * u));
    switch (metric) {
      case 'reach':
        return reach;
      case 'views':
        return Math.round(reach * (1.5 + 0.8 * u));
      case 'accounts_engaged':
        return part(0.05, 0.1);
      case 'likes':
        return part(0.04, 0.08);
      case 'comments':
        return part(0.003, 0.01);
      case 'shares':
        return part(0.002, 0.008);
      case 'saves':
        return part(0.002, 0.01);
      case 'reposts':
        return part(0, 0.003);
      case 'total_interactions':
        return ['likes', 'comments', 'shares', 'saves', 'reposts'].reduce(
          (s, m) => s + this.igDay(ig, m, dayStart),
          0,
        );
      case 'follower_count':
      case 'follows_and_unfollows':
        return Math.round(2 + 12 * this.unit(ig.id, 'follows', dayStart));
      case 'profile_links_taps':
        return Math.round(8 * u);
      default:
        return 0;
    }
  }

  /** Follower demographics of one breakdown: shares of the account's followers. */
  demographics(ig: IgAccount, breakdown: string): Array<{ key: string; value: number }> {
    const keys = DEMOGRAPHIC_KEYS[breakdown] ?? [];
    const weights = keys.map((k) => 0.2 + this.unit(ig.id, 'demo', breakdown, k));
    const total = weights.reduce((a, b) => a + b, 0);
    return keys.map((key, i) => ({
      key,
      value: Math.round((ig.followers * (weights[i] as number)) / total),
    }));
  }

  /** True for the media Meta has too few viewers for ("(#10) Not enough viewers…"). */
  notEnoughViewers(m: IgMedia): boolean {
    return this.unit(m.id, 'few-viewers') < 0.05;
  }

  /** How much of its lifetime numbers a media item has gathered at `now` (0 in its first hour). */
  private grown(created: number, now: number, story: boolean): number {
    const age = now - created;
    if (age < HOUR) return 0;
    return 1 - Math.exp(-age / (story ? 3 * HOUR : DAY));
  }

  /** A lifetime IG media metric at `now`, or undefined while Meta has none (first hour, or still 0). */
  mediaLifetime(m: IgMedia, metric: string, now: number): number | undefined {
    const story = m.productType === 'STORY';
    const g = this.grown(m.timestamp, now, story);
    if (g === 0) return undefined;
    const reach = Math.round((story ? 40 : 120) + this.unit(m.id, 'reach') * (story ? 400 : 3000) * g);
    const u = this.unit(m.id, metric);
    const v = (() => {
      switch (metric) {
        case 'reach':
          return reach;
        case 'views':
          return Math.round(reach * (1.3 + 0.6 * this.unit(m.id, 'views')));
        case 'likes':
          return m.likeCount;
        case 'comments':
          return m.commentsCount;
        case 'shares':
          return Math.round(reach * 0.01 * u);
        case 'saved':
          return Math.round(reach * 0.02 * u);
        case 'total_interactions':
          return ['likes', 'comments', 'shares', 'saved'].reduce(
            (s, k) => s + (this.mediaLifetime(m, k, now) ?? 0),
            0,
          );
        case 'follows':
          return Math.round(reach * 0.004 * u);
        case 'profile_visits':
          return Math.round(reach * 0.02 * u);
        case 'replies':
          return Math.round(reach * 0.01 * u);
        case 'navigation':
          return Math.round(reach * (0.8 + 0.4 * u));
        case 'ig_reels_avg_watch_time':
          return Math.round(2500 + 9000 * u);
        case 'ig_reels_video_view_total_time':
          return Math.round(reach * (2500 + 9000 * this.unit(m.id, 'ig_reels_avg_watch_time')));
        case 'reels_skip_rate':
          return Math.round(1000 * (10 + 40 * u)) / 1000;
        case 'facebook_views':
          // Only reels shared to Facebook have Facebook views.
          return this.unit(m.id, 'crossposted') < 0.5 ? Math.round(reach * 0.4 * u) : 0;
        default:
          return 0;
      }
    })();
    return v > 0 ? v : undefined;
  }

  /** Story navigation split by action (story_navigation_action_type). */
  navigation(m: IgMedia, now: number): Record<string, number> {
    const total = this.mediaLifetime(m, 'navigation', now) ?? 0;
    const fwd = Math.round(total * 0.6);
    const back = Math.round(total * 0.1);
    const exit = Math.round(total * 0.2);
    return { tap_forward: fwd, tap_back: back, tap_exit: exit, swipe_forward: total - fwd - back - exit };
  }

  /** A lifetime FB post or video metric at `now` (undefined while it has none). */
  postLifetime(p: Post, metric: string, now: number): number | Record<string, number> | undefined {
    const g = this.grown(p.createdTime, now, false);
    if (g === 0) return undefined;
    const views = Math.round((80 + this.unit(p.id, 'views') * 4000) * g);
    const u = this.unit(p.id, metric);
    switch (metric) {
      case 'post_media_view':
      case 'total_video_views':
        return views;
      case 'post_total_media_view_unique':
        return Math.round(views * (0.5 + 0.2 * this.unit(p.id, 'unique')));
      case 'post_clicks':
        return Math.round(views * 0.03 * u);
      case 'post_reactions_by_type_total': {
        const like = Math.round(p.reactions * 0.7);
        const love = Math.round(p.reactions * 0.2);
        return { like, love, wow: p.reactions - like - love };
      }
      case 'total_video_avg_time_watched':
        return Math.round(3000 + 20000 * u);
      default:
        return undefined;
    }
  }
}
