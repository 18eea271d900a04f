// The insights metric registry: every metric Duet requests from Meta, and every retired one it must never request.
// Pure data (no zod), read by the request planner (plan.ts), the host's normalizer, the renderer's dashboard and the
// Graph sandbox (which rejects the retired names exactly as Meta does), so the four can never disagree.
//
// Sources (each entry repeats the one it rests on):
//  FB Page metrics      https://developers.facebook.com/documentation/pages-api/platforminsights/page.md
//  FB retirements       https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics
//                       https://developers.facebook.com/docs/pages-api/changelog/ (15 Nov 2025)
//                       https://developers.facebook.com/docs/graph-api/changelog/version25.0 (by 15 Jun 2026 / v26)
//  "Viewers" family     https://developers.facebook.com/blog/post/2026/02/18/introducing-graph-api-v25-and-marketing-api-v25
//  FB video insights    https://developers.facebook.com/docs/graph-api/reference/video/video_insights
//  IG media insights    https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights
//  IG account insights  https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights/
//  IG changelog         https://developers.facebook.com/docs/instagram-platform/changelog

/** Which network a metric belongs to. */
export type InsightsNetwork = 'facebook' | 'instagram';

/** The Graph object a metric is read from. */
export type InsightsObject = 'page' | 'post' | 'video' | 'ig_account' | 'ig_media';

/** Instagram media kinds as the insights rules see them (media_product_type, with carousels apart). */
export type IgMediaKind = 'FEED' | 'REELS' | 'CAROUSEL' | 'STORY';

/** Meta's `period` values. */
export type InsightsPeriod = 'day' | 'week' | 'days_28' | 'lifetime';

/** IG account insights' `metric_type`. */
export type MetricType = 'time_series' | 'total_value';

/** Why Meta may answer with no value (shown as "Not available yet" with the reason, never as 0). */
export type UnavailableReason =
  /** Page insights exist only for Pages with 100 or more likes. */
  | 'page-under-100-likes'
  /** follower_count, online_followers, follows_and_unfollows: accounts with fewer than 100 followers. */
  | 'account-under-100-followers'
  /** Data can take up to 48 hours; until then Meta answers with an empty data set, not 0. */
  | 'delay-48h'
  /** "(#10) Not enough viewers for the media to show insights". */
  | 'not-enough-viewers'
  /** Story metrics exist upstream only for 24 hours after posting. */
  | 'story-expired';

/** The permission a metric's edge requires. */
export type InsightsPermission = 'read_insights' | 'instagram_manage_insights';

/** One metric Duet requests. */
export interface MetricDef {
  name: string;
  network: InsightsNetwork;
  object: InsightsObject;
  /** For ig_media: the media kinds Meta serves it for. */
  mediaKinds?: readonly IgMediaKind[];
  periods: readonly InsightsPeriod[];
  /** IG account metrics: which metric_type(s) Meta accepts (absent = Meta takes no metric_type). */
  metricTypes?: readonly MetricType[];
  breakdowns?: readonly string[];
  /** Demographics need `timeframe`. */
  needsTimeframe?: boolean;
  /**
   * IG total_value metrics whose total mixes counts a user reads apart (follows and unfollows): always requested with
   * this breakdown, in a call of their own (Meta takes one breakdown per call, and only for metrics that support it).
   */
  splitBy?: string;
  permission: InsightsPermission;
  /**
   * Whether daily values may be added into a period total. Unique counts (reach, viewers) and levels (follower
   * counts) may not: a person reached on two days is one person.
   */
  additive: boolean;
  /** The value is an object keyed by type (reactions by type), not a number. */
  keyed?: boolean;
  unavailable: readonly UnavailableReason[];
  /** Where the fact comes from. */
  source: string;
  /** Set when the source itself is third-party or contradicted; the drop-and-retry path covers a wrong guess. */
  caveat?: string;
}

/** One retired metric: requesting it answers "(#100) The value must be a valid insights metric". */
export interface RetiredMetric {
  name: string;
  network: InsightsNetwork;
  /** ISO date it stopped working on every version. */
  retiredOn: string;
  replacement?: string;
  source: string;
}

const PAGE_SRC = 'https://developers.facebook.com/documentation/pages-api/platforminsights/page.md';
const VIEWERS_SRC =
  'https://developers.facebook.com/blog/post/2026/02/18/introducing-graph-api-v25-and-marketing-api-v25';
const PAGES_CHANGELOG = 'https://developers.facebook.com/docs/pages-api/changelog/';
const POSTIZ =
  'https://github.com/gitroomhq/postiz-app/blob/0335f25e6d316e34adc7b613d32bdcba40b84dba/libraries/nestjs-libraries/src/integrations/social/facebook.provider.ts';
const VIDEO_SRC = 'https://developers.facebook.com/docs/graph-api/reference/video/video_insights';
const IG_MEDIA_SRC =
  'https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights';
const IG_USER_SRC =
  'https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights/';
const IG_CHANGELOG = 'https://developers.facebook.com/docs/instagram-platform/changelog';
const IG_REELS_2025 = 'https://developers.facebook.com/blog/post/2025/12/03/instragram-api-updates/';
const FB_DEPRECATED =
  'https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics';

const PAGE_WAIT: readonly UnavailableReason[] = ['page-under-100-likes', 'delay-48h'];
const MEDIA_WAIT: readonly UnavailableReason[] = ['delay-48h', 'not-enough-viewers'];
const ALL_MEDIA: readonly IgMediaKind[] = ['FEED', 'REELS', 'CAROUSEL', 'STORY'];

const page = (
  name: string,
  additive: boolean,
  extra: Partial<MetricDef> = {},
  source = PAGE_SRC,
): MetricDef => ({
  name,
  network: 'facebook',
  object: 'page',
  periods: ['day'],
  permission: 'read_insights',
  additive,
  unavailable: PAGE_WAIT,
  source,
  ...extra,
});

const post = (name: string, additive: boolean, extra: Partial<MetricDef> = {}): MetricDef => ({
  name,
  network: 'facebook',
  object: 'post',
  periods: ['lifetime'],
  permission: 'read_insights',
  additive,
  unavailable: PAGE_WAIT,
  source: VIEWERS_SRC,
  ...extra,
});

const video = (name: string, additive: boolean, extra: Partial<MetricDef> = {}): MetricDef => ({
  name,
  network: 'facebook',
  object: 'video',
  periods: ['lifetime'],
  permission: 'read_insights',
  additive,
  unavailable: PAGE_WAIT,
  source: VIDEO_SRC,
  ...extra,
});

const media = (
  name: string,
  kinds: readonly IgMediaKind[],
  additive: boolean,
  extra: Partial<MetricDef> = {},
): MetricDef => ({
  name,
  network: 'instagram',
  object: 'ig_media',
  mediaKinds: kinds,
  periods: ['lifetime'],
  permission: 'instagram_manage_insights',
  additive,
  unavailable: MEDIA_WAIT,
  source: IG_MEDIA_SRC,
  ...extra,
});

const account = (
  name: string,
  metricTypes: readonly MetricType[],
  additive: boolean,
  extra: Partial<MetricDef> = {},
): MetricDef => ({
  name,
  network: 'instagram',
  object: 'ig_account',
  periods: ['day'],
  metricTypes,
  permission: 'instagram_manage_insights',
  additive,
  unavailable: ['delay-48h'],
  source: IG_USER_SRC,
  ...extra,
});

/** Every metric Duet requests (all served by Meta in v25–v27 as far as the sources say). */
export const METRICS: readonly MetricDef[] = [
  // Facebook Page, daily time series.
  page('page_media_view', true, { breakdowns: ['is_from_ads', 'is_from_followers'] }, PAGES_CHANGELOG),
  page('page_total_media_view_unique', false, {}, VIEWERS_SRC),
  // A level (followers on that day), not a daily change: never summed.
  page('page_follows', false, {}, PAGES_CHANGELOG),
  page(
    'page_daily_follows_unique',
    true,
    { caveat: 'Requested by 2026 code (Postiz); not re-confirmed.' },
    POSTIZ,
  ),
  page(
    'page_daily_unfollows_unique',
    true,
    { caveat: 'Requested by 2026 code (Postiz); not re-confirmed.' },
    POSTIZ,
  ),
  page(
    'page_post_engagements',
    true,
    { caveat: 'Requested by 2026 code (Postiz); not re-confirmed.' },
    POSTIZ,
  ),
  page('page_views_total', true, { caveat: 'Requested by 2026 code (Postiz); not re-confirmed.' }, POSTIZ),
  page(
    'page_video_views',
    true,
    {
      caveat:
        'Postiz says it died on 15 Jun 2026; Meta lists only page_video_views_unique. Dropped if rejected.',
    },
    POSTIZ,
  ),
  // Facebook post (lifetime).
  post('post_media_view', true),
  post('post_total_media_view_unique', false),
  post('post_reactions_by_type_total', true, { keyed: true, source: POSTIZ }),
  post('post_clicks', true, { source: POSTIZ }),
  // Facebook videos and reels: /{video-id}/video_insights (no /insights edge on a video).
  video('total_video_views', true),
  video('total_video_avg_time_watched', false),
  video('fb_reels_total_plays', true),
  // Instagram media (lifetime). Per-type availability follows Meta's table (third-party transcription).
  media('views', ALL_MEDIA, true),
  media('reach', ALL_MEDIA, false),
  media('likes', ['FEED', 'REELS', 'CAROUSEL'], true),
  media('comments', ['FEED', 'REELS', 'CAROUSEL'], true),
  media('shares', ALL_MEDIA, true),
  media('saved', ['FEED', 'REELS', 'CAROUSEL'], true),
  media('total_interactions', ALL_MEDIA, true),
  media('follows', ['FEED', 'STORY'], true),
  media('profile_visits', ['FEED', 'STORY'], true),
  media('replies', ['STORY'], true),
  media('navigation', ['STORY'], true, { breakdowns: ['story_navigation_action_type'] }),
  media('ig_reels_avg_watch_time', ['REELS'], false),
  media('ig_reels_video_view_total_time', ['REELS'], true),
  media('reels_skip_rate', ['REELS'], false, { source: IG_REELS_2025 }),
  media('facebook_views', ['REELS'], true, {
    source: IG_REELS_2025,
    caveat: 'Only for reels shared to Facebook.',
  }),
  // Instagram account. total_value-only metrics come back as one number for the range, not per day.
  account('reach', ['time_series', 'total_value'], false, {
    breakdowns: ['media_product_type', 'follow_type'],
  }),
  // New followers each day (Meta's definition), so days add up; the account's total is the node's followers_count.
  account('follower_count', ['time_series'], true, {
    unavailable: ['account-under-100-followers', 'delay-48h'],
  }),
  account('views', ['total_value'], true, { breakdowns: ['follower_type', 'media_product_type'] }),
  account('accounts_engaged', ['total_value'], false),
  account('total_interactions', ['total_value'], true, { breakdowns: ['media_product_type'] }),
  account('likes', ['total_value'], true),
  account('comments', ['total_value'], true),
  account('shares', ['total_value'], true),
  account('saves', ['total_value'], true),
  account('reposts', ['total_value'], true),
  // Its total adds follows and unfollows, so it is read split by follow_type (IG_FOLLOW_PARTS).
  account('follows_and_unfollows', ['total_value'], true, {
    breakdowns: ['follow_type'],
    splitBy: 'follow_type',
    unavailable: ['account-under-100-followers', 'delay-48h'],
  }),
  account('profile_links_taps', ['total_value'], true, { breakdowns: ['contact_button_type'] }),
  account('follower_demographics', ['total_value'], false, {
    periods: ['lifetime'],
    breakdowns: ['age', 'gender', 'country', 'city'],
    needsTimeframe: true,
    unavailable: ['account-under-100-followers'],
  }),
];

/**
 * The two counts inside follows_and_unfollows, as breakdown rows of its follow_type split: FOLLOWER is the accounts
 * that followed in the period, NON_FOLLOWER those that unfollowed or left Instagram (Meta's follow_type values;
 * IG_USER_SRC describes the metric as "the number of accounts that followed you and the number of accounts that
 * unfollowed you or left Instagram"). UNKNOWN, which Meta may also answer, is kept as a row but shown in neither.
 */
export const IG_FOLLOW_PARTS = {
  ig_follows: { metric: 'follows_and_unfollows', breakdown: 'follow_type:FOLLOWER' },
  ig_unfollows: { metric: 'follows_and_unfollows', breakdown: 'follow_type:NON_FOLLOWER' },
} as const;

const retired = (
  name: string,
  network: InsightsNetwork,
  retiredOn: string,
  source: string,
  replacement?: string,
): RetiredMetric => ({ name, network, retiredOn, source, ...(replacement ? { replacement } : {}) });

/** Metrics Meta has retired: never requested (plan.test.ts), rejected by the sandbox. */
export const RETIRED_METRICS: readonly RetiredMetric[] = [
  retired('page_engaged_users', 'facebook', '2024-03-14', FB_DEPRECATED),
  retired('page_consumptions', 'facebook', '2024-03-14', FB_DEPRECATED),
  retired('page_fans', 'facebook', '2025-11-15', PAGES_CHANGELOG, 'page_follows'),
  retired('page_fan_adds', 'facebook', '2025-11-15', PAGES_CHANGELOG),
  retired('page_fan_removes', 'facebook', '2025-11-15', PAGES_CHANGELOG),
  retired('page_impressions', 'facebook', '2025-11-15', PAGES_CHANGELOG, 'page_media_view'),
  retired('page_impressions_paid', 'facebook', '2025-11-15', PAGES_CHANGELOG, 'page_media_view'),
  retired('page_impressions_viral', 'facebook', '2025-11-15', PAGES_CHANGELOG),
  retired('post_impressions', 'facebook', '2025-11-15', PAGES_CHANGELOG, 'post_media_view'),
  retired('page_impressions_unique', 'facebook', '2026-06-15', FB_DEPRECATED, 'page_total_media_view_unique'),
  retired('page_posts_impressions', 'facebook', '2026-06-15', FB_DEPRECATED),
  retired('page_video_views_unique', 'facebook', '2026-06-15', FB_DEPRECATED),
  retired('post_impressions_unique', 'facebook', '2026-06-15', FB_DEPRECATED, 'post_total_media_view_unique'),
  retired('impressions', 'instagram', '2025-04-21', IG_MEDIA_SRC, 'views'),
  retired('plays', 'instagram', '2025-04-21', IG_MEDIA_SRC, 'views'),
  retired('clips_replays_count', 'instagram', '2025-04-21', IG_MEDIA_SRC),
  retired('ig_reels_aggregated_all_plays_count', 'instagram', '2025-04-21', IG_MEDIA_SRC),
  retired('video_views', 'instagram', '2025-04-21', IG_MEDIA_SRC, 'views'),
  retired('profile_views', 'instagram', '2025-01-08', IG_CHANGELOG),
  retired('website_clicks', 'instagram', '2025-01-08', IG_CHANGELOG),
  retired('email_contacts', 'instagram', '2025-01-08', IG_CHANGELOG),
  retired('phone_call_clicks', 'instagram', '2025-01-08', IG_CHANGELOG),
  retired('text_message_clicks', 'instagram', '2025-01-08', IG_CHANGELOG),
  retired('get_direction_clicks', 'instagram', '2025-01-08', IG_CHANGELOG),
];

/** The registry entry of a metric on an object, if Duet requests it. */
export function metricDef(object: InsightsObject, name: string): MetricDef | undefined {
  return METRICS.find((m) => m.object === object && m.name === name);
}

/** Every metric of an object (for ig_media: those Meta serves for that media kind). */
export function metricsFor(object: InsightsObject, kind?: IgMediaKind): MetricDef[] {
  return METRICS.filter(
    (m) => m.object === object && (kind === undefined || !m.mediaKinds || m.mediaKinds.includes(kind)),
  );
}

/** The retirement record of a metric name on a network, if Meta retired it. */
export function retirementOf(network: InsightsNetwork, name: string): RetiredMetric | undefined {
  return RETIRED_METRICS.find((r) => r.network === network && r.name === name);
}

/** The media kind of an Instagram media item as the insights rules see it. */
export function igMediaKind(m: { mediaType: string; productType?: string }): IgMediaKind {
  if (m.productType === 'STORY') return 'STORY';
  if (m.productType === 'REELS') return 'REELS';
  if (m.mediaType === 'CAROUSEL_ALBUM') return 'CAROUSEL';
  return 'FEED';
}
