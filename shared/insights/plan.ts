// Request planning for insights: which Graph requests answer a question, within Meta's rules, and the
// drop-and-retry of a metric Meta rejects. Pure: the host runs the requests (electron/services/gateway/insights.ts).
//
// Meta's rules followed here (sources inline):
//  - FB Page insights: since/until at most 90 days apart per request; the last 2 years are kept.
//    https://developers.facebook.com/docs/graph-api/reference/v17.0/insights
//  - IG account insights: at most 30 days between since and until ("(#100) There cannot be more than 30 days
//    (2592000 s) between since and until", observed by several 2026 clients; not in Meta's reference text).
//  - IG account metric_type=total_value in its own call (follower_count comes back empty with it), one breakdown
//    per call, demographics with a timeframe.
//    https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights/
//  - FB videos and reels: /{video-id}/video_insights (a video has no /insights edge).
//    https://developers.facebook.com/docs/graph-api/reference/video/video_insights
//  - No insights for carousel children; story metrics only for 24 h after posting.
//    https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights
import {
  igMediaKind,
  METRICS,
  metricsFor,
  retirementOf,
  type InsightsNetwork,
  type InsightsObject,
  type MetricDef,
} from './metrics';

/** One day in ms. */
export const DAY_MS = 86_400_000;
/** FB Page insights: the widest since/until window of one request. */
export const FB_MAX_RANGE_DAYS = 90;
/** IG account insights: the widest since/until window of one request. */
export const IG_MAX_RANGE_DAYS = 30;
/** How far back Meta keeps Page insights (and IG media insights): 2 years. */
export const RETENTION_DAYS = 730;
/** Story metrics exist for this long after posting. */
export const STORY_LIFETIME_MS = DAY_MS;

/** One Graph insights request. Times are Unix seconds, as Meta takes them. */
export interface InsightsRequest {
  /** The Graph node id (Page, post, video, IG user or IG media). */
  node: string;
  edge: 'insights' | 'video_insights';
  object: InsightsObject;
  network: InsightsNetwork;
  metrics: string[];
  period: string;
  since?: number;
  until?: number;
  metricType?: 'time_series' | 'total_value';
  breakdown?: string;
  timeframe?: string;
}

/** The query string of a request (without the token). */
export function requestParams(r: InsightsRequest): Record<string, string> {
  const p: Record<string, string> = { metric: r.metrics.join(','), period: r.period };
  if (r.since !== undefined) p.since = String(r.since);
  if (r.until !== undefined) p.until = String(r.until);
  if (r.metricType) p.metric_type = r.metricType;
  if (r.breakdown) p.breakdown = r.breakdown;
  if (r.timeframe) p.timeframe = r.timeframe;
  return p;
}

/** UTC midnight at or before `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Meta's calendar days are Pacific time (its daily values end at Pacific midnight; see dayEndOf). */
const PACIFIC = (() => {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Los_Angeles',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    return null; // a build without time zone data: Pacific standard time below
  }
})();

/**
 * Meta's "today" at `now`: the calendar day it is in Pacific time, as the UTC midnight that starts it (how days are
 * stored, see dayEndOf). From 00:00 to 07:00/08:00 UTC this is still yesterday's UTC date, so a range ending
 * "today" does not end with a day Meta has not even begun.
 */
export function metaToday(now: number): number {
  if (!Number.isFinite(now)) return Number.NaN;
  if (!PACIFIC) return dayStart(now - 8 * 3_600_000);
  const [y, m, d] = PACIFIC.format(now).split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/**
 * A daily value's day, stored as the UTC midnight that closes the calendar day it describes. Meta dates a daily
 * value by the midnight that ends its day in Pacific time: `2022-10-02T07:00:00+0000` in Meta's own example (PDT,
 * https://developers.facebook.com/blog/post/2023/04/12/introducing-new-metric-to-the-page-insights-api/), 08:00 UTC in
 * winter (PST). Going back 12 h from any of those lands inside the day described, whatever the offset (UTC-midnight
 * end_times included), so a day is neither shifted nor merged with its neighbour when Pacific time changes to or from
 * summer time (days of 23 and 25 hours), and the chart's calendar day is Meta's.
 */
export function dayEndOf(endTime: number): number {
  return dayStart(endTime - DAY_MS / 2) + DAY_MS;
}

/**
 * [since, until) in whole UTC days, clamped to Meta's retention before `now` and to `now` itself, cut into
 * windows of at most `maxDays`. Empty when nothing of the range is inside what Meta keeps.
 */
export function splitRange(
  sinceMs: number,
  untilMs: number,
  now: number,
  maxDays: number,
): Array<{ since: number; until: number }> {
  const floor = dayStart(now) - RETENTION_DAYS * DAY_MS;
  let from = Math.max(dayStart(sinceMs), floor);
  const to = Math.min(dayStart(untilMs), dayStart(now) + DAY_MS);
  const out: Array<{ since: number; until: number }> = [];
  if (!Number.isFinite(from) || !Number.isFinite(to) || maxDays < 1) return out;
  while (from < to) {
    const end = Math.min(to, from + maxDays * DAY_MS);
    out.push({ since: from / 1000, until: end / 1000 });
    from = end;
  }
  return out;
}

/** Drops the names already known to be rejected, and (defensively) any retired name. */
function usable(defs: readonly MetricDef[], dropped: ReadonlySet<string>): string[] {
  return defs.filter((d) => !dropped.has(d.name) && !retirementOf(d.network, d.name)).map((d) => d.name);
}

/** The daily Page metrics for [since, until), in ≤ 90-day requests. */
export function planPageInsights(
  pageId: string,
  sinceMs: number,
  untilMs: number,
  now: number,
  dropped: ReadonlySet<string> = new Set(),
): InsightsRequest[] {
  const metrics = usable(metricsFor('page'), dropped);
  if (!metrics.length) return [];
  return splitRange(sinceMs, untilMs, now, FB_MAX_RANGE_DAYS).map((w) => ({
    node: pageId,
    edge: 'insights',
    object: 'page',
    network: 'facebook',
    metrics,
    period: 'day',
    ...w,
  }));
}

/** One breakdown of page_media_view (from ads / from followers) for [since, until). */
export function planPageBreakdown(
  pageId: string,
  breakdown: string,
  sinceMs: number,
  untilMs: number,
  now: number,
): InsightsRequest[] {
  const def = METRICS.find((m) => m.object === 'page' && m.breakdowns?.includes(breakdown));
  if (!def) return [];
  return splitRange(sinceMs, untilMs, now, FB_MAX_RANGE_DAYS).map((w) => ({
    node: pageId,
    edge: 'insights',
    object: 'page',
    network: 'facebook',
    metrics: [def.name],
    period: 'day',
    breakdown,
    ...w,
  }));
}

/**
 * IG account metrics for [since, until): the time series (reach, follower_count) in ≤ 30-day requests, and the
 * total_value-only metrics once per UTC day (so each day's total can be kept locally; a total over a range cannot
 * be split back into days), never in the same request as follower_count. A metric with `splitBy` (follows and
 * unfollows) has its own request per day with that breakdown.
 */
export function planIgAccountInsights(
  igId: string,
  sinceMs: number,
  untilMs: number,
  now: number,
  dropped: ReadonlySet<string> = new Set(),
): InsightsRequest[] {
  const defs = metricsFor('ig_account').filter((d) => !d.needsTimeframe);
  const series = usable(
    defs.filter((d) => d.metricTypes?.includes('time_series')),
    dropped,
  );
  const totalDefs = defs.filter((d) => d.metricTypes?.length === 1 && d.metricTypes[0] === 'total_value');
  const totals = usable(
    totalDefs.filter((d) => !d.splitBy),
    dropped,
  );
  const split = totalDefs.filter((d) => d.splitBy && usable([d], dropped).length);
  const base = { node: igId, object: 'ig_account', network: 'instagram', period: 'day' } as const;
  const out: InsightsRequest[] = [];
  if (series.length)
    for (const w of splitRange(sinceMs, untilMs, now, IG_MAX_RANGE_DAYS))
      out.push({ ...base, edge: 'insights', metrics: series, metricType: 'time_series', ...w });
  for (const w of splitRange(sinceMs, untilMs, now, 1)) {
    if (totals.length)
      out.push({ ...base, edge: 'insights', metrics: totals, metricType: 'total_value', ...w });
    for (const d of split)
      out.push({
        ...base,
        edge: 'insights',
        metrics: [d.name],
        metricType: 'total_value',
        breakdown: d.splitBy as string,
        ...w,
      });
  }
  return out;
}

/** Follower demographics: one request per breakdown, each with a timeframe (Meta requires one). */
export function planDemographics(
  igId: string,
  timeframe: 'this_week' | 'this_month' = 'this_month',
): InsightsRequest[] {
  const def = metricsFor('ig_account').find((d) => d.needsTimeframe);
  if (!def) return [];
  return (def.breakdowns ?? []).map((breakdown) => ({
    node: igId,
    edge: 'insights',
    object: 'ig_account',
    network: 'instagram',
    metrics: [def.name],
    period: 'lifetime',
    metricType: 'total_value',
    breakdown,
    timeframe,
  }));
}

/** A Facebook post as planning needs it: a video or reel carries the video's own id. */
export interface PlannablePost {
  nativeId: string;
  videoId?: string;
}

/** A post's lifetime metrics: /{post}/insights, or /{video}/video_insights for a video or reel. */
export function planPostInsights(
  p: PlannablePost,
  dropped: ReadonlySet<string> = new Set(),
): InsightsRequest | null {
  const isVideo = !!p.videoId;
  const metrics = usable(metricsFor(isVideo ? 'video' : 'post'), dropped);
  if (!metrics.length) return null;
  return {
    node: isVideo ? (p.videoId as string) : p.nativeId,
    edge: isVideo ? 'video_insights' : 'insights',
    object: isVideo ? 'video' : 'post',
    network: 'facebook',
    metrics,
    period: 'lifetime',
  };
}

/** An Instagram media item as planning needs it. */
export interface PlannableMedia {
  nativeId: string;
  mediaType: string;
  productType?: string;
  timestamp: number;
  /** A carousel child: Meta has no insights for it. */
  isChild?: boolean;
}

/** A media item's lifetime metrics for its kind; null for a carousel child or a story older than 24 h. */
export function planMediaInsights(
  m: PlannableMedia,
  now: number,
  dropped: ReadonlySet<string> = new Set(),
): InsightsRequest | null {
  if (m.isChild) return null;
  const kind = igMediaKind(m);
  if (kind === 'STORY' && now - m.timestamp >= STORY_LIFETIME_MS) return null;
  const metrics = usable(metricsFor('ig_media', kind), dropped);
  if (!metrics.length) return null;
  return {
    node: m.nativeId,
    edge: 'insights',
    object: 'ig_media',
    network: 'instagram',
    metrics,
    period: 'lifetime',
  };
}

/** Meta's answer to a retired or unknown metric. */
export function isInvalidMetricError(e: { code?: number; message?: string }): boolean {
  return e.code === 100 && /must be a valid insights metric/i.test(e.message ?? '');
}

/** A metric Meta rejected, as the dashboard lists it. */
export interface DroppedMetric {
  name: string;
  object: InsightsObject;
  reason: string;
}

/** What running one request with drop-and-retry produced. */
export interface RunOutcome<T> {
  /** The raw answers of the requests that succeeded (one per surviving group of metrics). */
  answers: T[];
  dropped: DroppedMetric[];
  /** Requests spent (the first, plus every retry). */
  calls: number;
}

/**
 * Runs `req` through `get`; when Meta rejects a metric ("(#100) The value must be a valid insights metric"), which
 * its message does not name, the request is halved and each half retried, down to the single metric that is then
 * dropped and recorded. The rest still answers. Other errors propagate.
 */
export async function runWithDrops<T>(
  req: InsightsRequest,
  get: (r: InsightsRequest) => Promise<T>,
  readError: (e: unknown) => { code?: number; message?: string } | undefined,
): Promise<RunOutcome<T>> {
  const out: RunOutcome<T> = { answers: [], dropped: [], calls: 0 };
  const attempt = async (metrics: string[]): Promise<void> => {
    if (!metrics.length) return;
    out.calls++;
    try {
      out.answers.push(await get({ ...req, metrics }));
    } catch (e) {
      const err = readError(e);
      if (!err || !isInvalidMetricError(err)) throw e;
      if (metrics.length === 1) {
        out.dropped.push({ name: metrics[0] as string, object: req.object, reason: err.message ?? '' });
        return;
      }
      const mid = Math.ceil(metrics.length / 2);
      await attempt(metrics.slice(0, mid));
      await attempt(metrics.slice(mid));
    }
  };
  await attempt(req.metrics);
  return out;
}
