/**
 * Insights: `/{page}/insights`, `/{post}/insights`, `/{video}/video_insights`, `/{ig-media}/insights` and
 * `/{ig-user}/insights`. Which metrics exist (and which Meta retired) is Duet's registry (shared/insights/metrics.ts),
 * so the sandbox rejects exactly what Meta would; the numbers come from world/insights.ts.
 *
 * Sources:
 *  Page insights      https://developers.facebook.com/docs/graph-api/reference/v17.0/insights (since/until ≤ 90 days,
 *                     first end_time = since + 1 day at Pacific midnight, 2 years kept, ≥ 100 likes),
 *                     https://developers.facebook.com/documentation/pages-api/platforminsights/page.md
 *  Retired metrics    https://developers.facebook.com/blog/post/2025/08/15/page-insights-api-updates/ ("invalid metric
 *                     error"; the wording "(#100) The value must be a valid insights metric" is from captured
 *                     responses in third-party code)
 *  Video insights     https://developers.facebook.com/docs/graph-api/reference/video/video_insights
 *  IG media insights  https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights
 *  IG user insights   https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights/
 */
import {
  metricDef,
  retirementOf,
  igMediaKind,
  type InsightsNetwork,
  type InsightsObject,
  type MetricDef,
} from '../../shared/insights/metrics';
import { GraphError, errors } from '../errors.js';
import { type Ctx, graphUrl } from '../render/core.js';
import { DAY, fbTime, pacificDayEnd } from '../time.js';
import { type IgAccount, type IgMedia, type Post } from '../world.js';
import { requirePerm } from './access.js';
import { type GraphRequest } from './request.js';
import { type Route, route } from './router.js';

/** "(#100) The value must be a valid insights metric": a retired or unknown metric fails the whole request. */
const invalidMetric = () => new GraphError('(#100) The value must be a valid insights metric', 100);

/** No `metric`: 3001/1504028 (the subcode is documented; the user message is unverified). */
const noMetric = () =>
  new GraphError('Invalid query', 3001, 'OAuthException', 1504028, 400, {
    error_user_title: 'No Metric Specified',
    error_user_msg:
      'No metric was specified to be fetched. Please specify one or more comma separated metrics.',
  });

/** The request's metric names; none → 3001. */
function metricNames(req: GraphRequest): string[] {
  const names = (req.params.str('metric') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.length) throw noMetric();
  return [...new Set(names)];
}

/** The registry entries of the names on an object; a retired, control-retired or unknown name fails them all. */
function defsOf(ctx: Ctx, network: InsightsNetwork, object: InsightsObject, names: string[]): MetricDef[] {
  return names.map((n) => {
    const def = metricDef(object, n);
    if (!def || retirementOf(network, n) || ctx.world.insights.retired.has(n)) throw invalidMetric();
    return def;
  });
}

/** Unix seconds from a `since`/`until` parameter (a number, or a date string as Meta's strtotime takes). */
function timeParam(req: GraphRequest, key: string): number | undefined {
  const raw = req.params.str(key);
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  if (!Number.isFinite(n)) throw errors.param(`The parameter ${key} must be a unix timestamp or a date`);
  return n;
}

/**
 * The [since, until) window in ms, day-aligned; at most `maxDays` wide. The wording of the 30-day error is the
 * one Instagram answers (observed by 2026 clients); the 90-day one follows it (unverified).
 */
function window(
  req: GraphRequest,
  now: number,
  maxDays: number,
  defDays: number,
): { since: number; until: number } {
  const today = Math.floor(now / DAY) * DAY;
  const untilIn = timeParam(req, 'until');
  const sinceIn = timeParam(req, 'since');
  const until =
    Math.floor((untilIn ?? (sinceIn !== undefined ? sinceIn + defDays * DAY : today)) / DAY) * DAY;
  const since = Math.floor((sinceIn ?? until - defDays * DAY) / DAY) * DAY;
  if (until - since > maxDays * DAY)
    throw errors.param(
      `There cannot be more than ${maxDays} days (${maxDays * 86400} s) between since and until`,
    );
  return { since, until };
}

/**
 * Days [since, until) that have ended by `now`: a day's value exists once it is over in Pacific time, where Meta's
 * days end (the end_time it is dated by).
 */
function completeDays(w: { since: number; until: number }, now: number): number[] {
  const out: number[] = [];
  for (let d = w.since; d < w.until && pacificDayEnd(d) <= now; d += DAY) out.push(d);
  return out;
}

/** Time-based paging: the window before and after, with the request's other parameters. */
function timePaging(
  ctx: Ctx,
  req: GraphRequest,
  w: { since: number; until: number },
): Record<string, string> {
  const span = w.until - w.since;
  const link = (since: number, until: number) => {
    const u = graphUrl(ctx, req.path);
    for (const [k, v] of req.params.map)
      if (k !== 'since' && k !== 'until' && k !== 'access_token' && typeof v !== 'object')
        u.searchParams.set(k, String(v));
    if (ctx.queryToken) u.searchParams.set('access_token', ctx.queryToken);
    u.searchParams.set('since', String(since / 1000));
    u.searchParams.set('until', String(until / 1000));
    return u.toString();
  };
  return { previous: link(w.since - span, w.since), next: link(w.until, w.until + span) };
}

/** One `data[]` entry. */
function entry(
  node: string,
  edge: string,
  name: string,
  period: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const title = name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return {
    name,
    period,
    ...body,
    title,
    description: `${title} (sandbox)`,
    id: `${node}/${edge}/${name}/${period}`,
  };
}

/** A total over days: a sum for additive metrics; unique counts overlap, so less than the sum (never summed). */
function totalOf(def: MetricDef, daily: number[]): number {
  const sum = daily.reduce((a, b) => a + b, 0);
  if (def.additive || !daily.length) return sum;
  const max = Math.max(...daily);
  return Math.round(max + 0.35 * (sum - max));
}

function pageInsights(ctx: Ctx, req: GraphRequest, pageId: string): unknown {
  requirePerm(ctx, 'read_insights', 'read');
  const defs = defsOf(ctx, 'facebook', 'page', metricNames(req));
  const period = req.params.str('period') ?? 'day';
  const spans: Record<string, number> = { day: 1, week: 7, days_28: 28 };
  const span = spans[period];
  if (!span) throw errors.param('period must be one of the following values: day, week, days_28');
  const breakdown = req.params.str('breakdown');
  if (breakdown !== undefined && defs.some((d) => !d.breakdowns?.includes(breakdown)))
    throw errors.param(`The breakdown ${breakdown} is not supported for this metric`);
  const w = window(req, ctx.now, 90, 2);
  const page = ctx.world.pages.get(pageId);
  // Insights exist only for Pages with 100 or more likes: an empty data set otherwise.
  if (!page || page.fanCount < 100 || ctx.world.insights.underHundredLikes.has(pageId))
    return { data: [], paging: timePaging(ctx, req, w) };
  const iw = ctx.world.insights;
  const data = defs.map((def) => {
    const values = completeDays(w, ctx.now).map((d) => {
      let value: unknown;
      if (breakdown) value = iw.pageBreakdown(page, breakdown, d);
      else if (span === 1) value = iw.pageDay(page, def.name, d, ctx.now);
      else {
        const days = Array.from(
          { length: span },
          (_, i) => iw.pageDay(page, def.name, d - i * DAY, ctx.now) as number,
        );
        value = def.name === 'page_follows' ? days[0] : totalOf(def, days);
      }
      return { value, end_time: fbTime(pacificDayEnd(d)) };
    });
    return entry(pageId, 'insights', def.name, period, { values });
  });
  return { data, paging: timePaging(ctx, req, w) };
}

function postInsights(ctx: Ctx, req: GraphRequest, post: Post, object: 'post' | 'video'): unknown {
  requirePerm(ctx, 'read_insights', 'read');
  const defs = defsOf(ctx, 'facebook', object, metricNames(req));
  const page = ctx.world.pages.get(post.pageId);
  if (!page || page.fanCount < 100 || ctx.world.insights.underHundredLikes.has(post.pageId))
    return { data: [] };
  const node = object === 'video' ? (post.id.split('_')[1] as string) : post.id;
  const edge = object === 'video' ? 'video_insights' : 'insights';
  const data: unknown[] = [];
  for (const def of defs) {
    // Plain videos have no reels metrics; Meta leaves them out.
    const value =
      def.name === 'fb_reels_total_plays'
        ? undefined
        : ctx.world.insights.postLifetime(post, def.name, ctx.now);
    if (value !== undefined) data.push(entry(node, edge, def.name, 'lifetime', { values: [{ value }] }));
  }
  return { data };
}

function mediaInsights(ctx: Ctx, req: GraphRequest, m: IgMedia): unknown {
  requirePerm(ctx, 'instagram_manage_insights', 'read');
  // "Insights data is not available for any media within an Instagram Media album" (the error's wording is unverified).
  if (m.isChild) throw errors.param('Insights are not available for media within a carousel album');
  const kind = igMediaKind(m);
  const defs = defsOf(ctx, 'instagram', 'ig_media', metricNames(req));
  for (const def of defs)
    if (!def.mediaKinds?.includes(kind))
      throw errors.param(
        `The Media Insights API does not support the ${def.name} metric for this media product type`,
      );
  const iw = ctx.world.insights;
  if (iw.notEnoughViewers(m))
    throw new GraphError('(#10) Not enough viewers for the media to show insights', 10);
  const breakdown = req.params.str('breakdown');
  if (breakdown !== undefined && defs.some((d) => !d.breakdowns?.includes(breakdown)))
    throw errors.param(`The breakdown ${breakdown} is not supported for this metric`);
  const data: unknown[] = [];
  for (const def of defs) {
    const value = iw.mediaLifetime(m, def.name, ctx.now);
    // Missing or not yet computed: an empty data set, not 0.
    if (value === undefined) continue;
    const body: Record<string, unknown> =
      breakdown === 'story_navigation_action_type'
        ? {
            total_value: {
              value,
              breakdowns: [
                {
                  dimension_keys: [breakdown],
                  results: Object.entries(iw.navigation(m, ctx.now)).map(([k, v]) => ({
                    dimension_values: [k],
                    value: v,
                  })),
                },
              ],
            },
          }
        : { values: [{ value }] };
    data.push(entry(m.id, 'insights', def.name, 'lifetime', body));
  }
  return { data };
}

function igUserInsights(ctx: Ctx, req: GraphRequest, ig: IgAccount): unknown {
  requirePerm(ctx, 'instagram_manage_insights', 'read');
  const defs = defsOf(ctx, 'instagram', 'ig_account', metricNames(req));
  const metricType = req.params.str('metric_type') ?? 'time_series';
  if (metricType !== 'time_series' && metricType !== 'total_value')
    throw errors.param('metric_type must be one of the following values: time_series, total_value');
  const needTotal = defs.filter((d) => !d.metricTypes?.includes('time_series'));
  if (metricType === 'time_series' && needTotal.length)
    throw errors.param(
      `The following metrics (${needTotal.map((d) => d.name).join(', ')}) should be specified with parameter metric_type=total_value`,
    );
  const breakdown = req.params.str('breakdown');
  if (breakdown?.includes(',')) throw errors.param('Only one breakdown may be requested at a time');
  if (
    breakdown !== undefined &&
    (metricType !== 'total_value' || defs.some((d) => !d.breakdowns?.includes(breakdown)))
  )
    throw errors.param(`The breakdown ${breakdown} is not supported for these metrics`);
  const iw = ctx.world.insights;
  const demo = defs.find((d) => d.needsTimeframe);
  if (demo) {
    const timeframe = req.params.str('timeframe');
    if (!timeframe) throw errors.param(`For the metric ${demo.name}, the parameter timeframe is required`);
    if (defs.length > 1 || !breakdown)
      throw errors.param(`${demo.name} needs exactly one breakdown and no other metric`);
    if (ig.followers < 100) return { data: [] };
    const results = iw
      .demographics(ig, breakdown)
      .map((r) => ({ dimension_values: [r.key], value: r.value }));
    return {
      data: [
        entry(ig.id, 'insights', demo.name, 'lifetime', {
          total_value: { breakdowns: [{ dimension_keys: [breakdown], results }] },
        }),
      ],
    };
  }
  const w = window(req, ctx.now, 30, 1);
  const days = completeDays(w, ctx.now);
  const data: unknown[] = [];
  for (const def of defs) {
    // follower_count etc. need 100 followers; follower_count comes back empty with metric_type=total_value.
    if (def.unavailable.includes('account-under-100-followers') && ig.followers < 100) continue;
    if (metricType === 'total_value' && def.name === 'follower_count') continue;
    const daily = days.map((d) => iw.igDay(ig, def.name, d));
    if (metricType === 'time_series') {
      const values = days.map((d, i) => ({ value: daily[i], end_time: fbTime(pacificDayEnd(d)) }));
      data.push(entry(ig.id, 'insights', def.name, 'day', { values }));
      continue;
    }
    // No finished day in the window: Meta has nothing to total yet.
    if (!days.length) continue;
    const value = totalOf(def, daily);
    const total: Record<string, unknown> = { value };
    if (breakdown) {
      const share = iw.unit(ig.id, def.name, breakdown);
      const a = Math.round(value * (0.3 + 0.4 * share));
      const keys = breakdown === 'media_product_type' ? ['POST', 'REEL'] : ['FOLLOWER', 'NON_FOLLOWER'];
      total.breakdowns = [
        {
          dimension_keys: [breakdown],
          results: [
            { dimension_values: [keys[0]], value: a },
            { dimension_values: [keys[1]], value: value - a },
          ],
        },
      ];
    }
    data.push(entry(ig.id, 'insights', def.name, 'day', { total_value: total }));
  }
  return { data, paging: timePaging(ctx, req, w) };
}

/** The routes of this area. A video has no `/insights` edge: the router answers "(#100) Tried accessing nonexisting field (insights)". */
export const insightsRoutes: Route[] = [
  route('GET', '/{page}/insights', ({ ctx, req, target }) => pageInsights(ctx, req, target.obj.id)),
  route('GET', '/{post}/insights', ({ ctx, req, target }) => postInsights(ctx, req, target.obj, 'post')),
  route('GET', '/{postvideo}/video_insights', ({ ctx, req, target }) =>
    postInsights(ctx, req, target.obj, 'video'),
  ),
  route('GET', '/{media}/insights', ({ ctx, req, target }) => mediaInsights(ctx, req, target.obj)),
  route('GET', '/{ig}/insights', ({ ctx, req, target }) => igUserInsights(ctx, req, target.obj)),
];
