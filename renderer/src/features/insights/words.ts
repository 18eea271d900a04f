// The dashboard's words: what each metric is called, where a figure comes from, why a value is not available.
import { type UnavailableReason } from '../../../../shared/insights/metrics';
import { type FigureKind } from './model';

/** What each metric is called on screen. */
export const METRIC_LABELS: Record<string, string> = {
  page_media_view: 'Views',
  page_total_media_view_unique: 'Viewers',
  page_follows: 'Followers',
  page_daily_follows_unique: 'New follows',
  page_daily_unfollows_unique: 'Unfollows',
  page_post_engagements: 'Post engagements',
  page_views_total: 'Page visits',
  page_video_views: 'Video views',
  views: 'Views',
  reach: 'Accounts reached',
  accounts_engaged: 'Accounts engaged',
  total_interactions: 'Interactions',
  follower_count: 'New followers',
  follows_and_unfollows: 'Follows and unfollows',
  ig_follows: 'Follows',
  ig_unfollows: 'Unfollows',
  profile_links_taps: 'Profile link taps',
  likes: 'Likes',
  comments: 'Comments',
  shares: 'Shares',
  saves: 'Saves',
  saved: 'Saves',
  reposts: 'Reposts',
  post_media_view: 'Views',
  post_total_media_view_unique: 'Viewers',
  post_reactions_by_type_total: 'Reactions',
  post_clicks: 'Clicks',
  total_video_views: 'Video views',
  total_video_avg_time_watched: 'Average watch time',
  ig_reels_avg_watch_time: 'Average watch time',
  reels_skip_rate: 'Skip rate',
  replies: 'Replies',
  follows: 'Follows',
  profile_visits: 'Profile visits',
  ig_reels_video_view_total_time: 'Total watch time',
  fb_reels_total_plays: 'Reel plays',
  navigation: 'Taps and swipes',
  facebook_views: 'Views on Facebook',
  follower_demographics: 'Followers',
};

/** What each part of a split is called (breakdown keys of page_media_view). */
export const PART_LABELS: Record<string, string> = {
  'is_from_ads:true': 'From ads',
  'is_from_ads:false': 'Not from ads',
  'is_from_followers:true': 'From followers',
  'is_from_followers:false': 'From people who don’t follow',
};

/** A metric's name on screen (Meta's name when Duet has no words for it). */
export const labelOf = (metric: string): string => PART_LABELS[metric] ?? METRIC_LABELS[metric] ?? metric;

/** Why Meta has no number, in plain words. */
export const REASONS: Record<UnavailableReason | 'no-days', string> = {
  'page-under-100-likes': 'Meta shows Page numbers only for Pages with 100 or more likes.',
  'account-under-100-followers': 'Meta shows this only for accounts with 100 or more followers.',
  'delay-48h': 'Meta can take up to 48 hours to count this.',
  'not-enough-viewers': 'Meta shows numbers only once enough people have seen it.',
  'story-expired':
    'Meta deletes story numbers 24 hours after posting, and Duet saved none while it was live.',
  'no-days': 'Meta has not given numbers for these days yet.',
};

/** How a period figure was made, said next to it. */
export const FIGURE_NOTE: Record<FigureKind, string> = {
  sum: 'total of the days',
  average: 'average per day (people are not added up across days)',
  latest: 'on the last day',
};

/** A number as people read it (no decimals above 100). */
export function formatNumber(v: number): string {
  return v >= 100 || Number.isInteger(v)
    ? Math.round(v).toLocaleString('en-US')
    : v.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** A duration in ms as seconds. */
export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** When numbers were fetched, short ("Dec 1, 09:40"). */
const fetchedText = (at: number): string =>
  new Date(at).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "as of Dec 1, 09:40": how old a stored number is. */
export const asOfText = (at: number): string => `as of ${fetchedText(at)}`;

/** Where the numbers come from and how fresh they are. */
export function freshnessText(fetchedAt: number | undefined, online: boolean): string {
  if (!fetchedAt)
    return online ? 'Meta updates this daily. Not fetched yet.' : 'Offline. Nothing fetched yet.';
  const at = fetchedText(fetchedAt);
  return online ? `Meta updates this daily; last fetched ${at}.` : `Offline: numbers as of ${at}.`;
}
