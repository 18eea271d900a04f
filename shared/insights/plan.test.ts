import { describe, expect, it } from 'vitest';
import { METRICS, RETIRED_METRICS, metricsFor, retirementOf } from './metrics';
import {
  FB_MAX_RANGE_DAYS,
  IG_MAX_RANGE_DAYS,
  dayStart,
  planDemographics,
  metaToday,
  planIgAccountInsights,
  planMediaInsights,
  planPageBreakdown,
  planPageInsights,
  planPostInsights,
  runWithDrops,
  splitRange,
  type InsightsRequest,
} from './plan';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 9, 40);
const INVALID = { code: 100, message: '(#100) The value must be a valid insights metric' };

function everyPlan(now = NOW): InsightsRequest[] {
  const out: InsightsRequest[] = [
    ...planPageInsights('1', NOW - 800 * DAY, NOW, now),
    ...planPageBreakdown('1', 'is_from_ads', NOW - 100 * DAY, NOW, now),
    ...planIgAccountInsights('2', NOW - 60 * DAY, NOW, now),
    ...planDemographics('2'),
  ];
  for (const p of [{ nativeId: '1_2' }, { nativeId: '1_3', videoId: '3' }]) {
    const r = planPostInsights(p);
    if (r) out.push(r);
  }
  for (const [mediaType, productType] of [
    ['IMAGE', 'FEED'],
    ['VIDEO', 'REELS'],
    ['CAROUSEL_ALBUM', 'FEED'],
    ['IMAGE', 'STORY'],
  ] as const) {
    const r = planMediaInsights({ nativeId: '9', mediaType, productType, timestamp: now - 3_600_000 }, now);
    if (r) out.push(r);
  }
  return out;
}

describe('the metric registry', () => {
  it('never requests a retired metric, in any plan', () => {
    const requested = everyPlan().flatMap((r) => r.metrics.map((m) => [r.network, m] as const));
    expect(requested.length).toBeGreaterThan(40);
    for (const [network, m] of requested) expect(retirementOf(network, m), `${network} ${m}`).toBeUndefined();
  });

  it('lists no metric as both current and retired', () => {
    for (const m of METRICS) expect(retirementOf(m.network, m.name), m.name).toBeUndefined();
  });

  it('names the retirements the issue and Meta announced, with dates and sources', () => {
    expect(retirementOf('facebook', 'page_impressions')?.retiredOn).toBe('2025-11-15');
    expect(retirementOf('facebook', 'page_impressions_unique')?.replacement).toBe(
      'page_total_media_view_unique',
    );
    expect(retirementOf('instagram', 'impressions')?.retiredOn).toBe('2025-04-21');
    expect(retirementOf('instagram', 'plays')).toBeDefined();
    for (const r of RETIRED_METRICS) expect(r.source).toMatch(/^https:\/\//);
    for (const m of METRICS) expect(m.source).toMatch(/^https:\/\//);
  });

  it('never marks reach or viewers additive (they are unique counts)', () => {
    for (const m of METRICS.filter((x) =>
      /reach|total_media_view_unique|accounts_engaged|page_follows$/.test(x.name),
    ))
      expect(m.additive, m.name).toBe(false);
  });

  it('keeps follows and profile visits off reels, and watch time off feed posts', () => {
    const reels = metricsFor('ig_media', 'REELS').map((m) => m.name);
    expect(reels).not.toContain('follows');
    expect(reels).not.toContain('profile_visits');
    expect(reels).toContain('ig_reels_avg_watch_time');
    expect(metricsFor('ig_media', 'FEED').map((m) => m.name)).not.toContain('reels_skip_rate');
    expect(metricsFor('ig_media', 'STORY').map((m) => m.name)).toContain('navigation');
  });
});

describe('request planning', () => {
  it('splits a long Facebook range into contiguous requests of at most 90 days', () => {
    const reqs = planPageInsights('1', NOW - 200 * DAY, NOW, NOW);
    expect(reqs).toHaveLength(3);
    for (const r of reqs)
      expect(((r.until as number) - (r.since as number)) * 1000).toBeLessThanOrEqual(FB_MAX_RANGE_DAYS * DAY);
    for (let i = 1; i < reqs.length; i++) expect(reqs[i]?.since).toBe(reqs[i - 1]?.until);
    expect((reqs[0]?.since as number) * 1000).toBe(dayStart(NOW - 200 * DAY));
  });

  it('asks for nothing older than the 2 years Meta keeps', () => {
    const reqs = planPageInsights('1', NOW - 5000 * DAY, NOW - 1000 * DAY, NOW);
    expect(reqs).toEqual([]);
    const kept = planPageInsights('1', 0, NOW, NOW);
    expect((kept[0]?.since as number) * 1000).toBeGreaterThanOrEqual(dayStart(NOW) - 730 * DAY);
  });

  it('asks for nothing for reversed or NaN ranges, and for at most the 2 kept years of an infinite one', () => {
    expect(splitRange(NOW, NOW - 10 * DAY, NOW, 90)).toEqual([]);
    expect(splitRange(Number.NaN, NOW, NOW, 90)).toEqual([]);
    const all = splitRange(-Infinity, Infinity, NOW, 90);
    expect(all).toHaveLength(Math.ceil(731 / 90));
    expect((all.at(-1)?.until as number) * 1000).toBe(dayStart(NOW) + DAY);
  });

  it('puts follower_count in time-series calls and never beside metric_type=total_value', () => {
    const reqs = planIgAccountInsights('2', NOW - 45 * DAY, NOW, NOW);
    const series = reqs.filter((r) => r.metricType === 'time_series');
    const totals = reqs.filter((r) => r.metricType === 'total_value');
    expect(series.length).toBe(2);
    for (const r of series) {
      expect(r.metrics).toContain('follower_count');
      expect(((r.until as number) - (r.since as number)) * 1000).toBeLessThanOrEqual(IG_MAX_RANGE_DAYS * DAY);
    }
    const plain = totals.filter((r) => !r.breakdown);
    expect(plain.length).toBe(45);
    for (const r of totals) {
      expect(r.metrics).not.toContain('follower_count');
      expect((r.until as number) - (r.since as number)).toBe(86_400);
    }
    for (const r of plain) expect(r.metrics).toContain('views');
  });

  it('reads follows and unfollows apart: each day one follows_and_unfollows call split by follow_type, alone', () => {
    const reqs = planIgAccountInsights('2', NOW - 7 * DAY, NOW, NOW);
    const split = reqs.filter((r) => r.breakdown);
    expect(split).toHaveLength(7);
    for (const r of split) {
      expect(r).toMatchObject({
        metrics: ['follows_and_unfollows'],
        breakdown: 'follow_type',
        metricType: 'total_value',
      });
    }
    // Never also in the unsplit totals (it would be stored twice, once without its parts).
    for (const r of reqs.filter((x) => !x.breakdown))
      expect(r.metrics).not.toContain('follows_and_unfollows');
    // Its days line up with the other totals' days.
    expect(split.map((r) => r.since)).toEqual(
      reqs.filter((r) => r.metricType === 'total_value' && !r.breakdown).map((r) => r.since),
    );
    // Once Meta rejected it, it is not asked for again.
    const without = planIgAccountInsights('2', NOW - 7 * DAY, NOW, NOW, new Set(['follows_and_unfollows']));
    expect(without.filter((r) => r.breakdown)).toHaveLength(0);
  });

  it('counts today as Meta does, in Pacific time, across both summer-time changes', () => {
    const H = 3_600_000;
    // 03:00 UTC on 2 Dec is 19:00 on 1 Dec in Los Angeles (PST, UTC-8): Meta's today is still 1 Dec.
    expect(metaToday(Date.UTC(2026, 11, 2, 3))).toBe(Date.UTC(2026, 11, 1));
    expect(metaToday(Date.UTC(2026, 11, 2, 8))).toBe(Date.UTC(2026, 11, 2));
    expect(metaToday(Date.UTC(2026, 11, 2, 8) - 1)).toBe(Date.UTC(2026, 11, 1));
    // Summer (PDT, UTC-7): the day turns at 07:00 UTC.
    expect(metaToday(Date.UTC(2026, 6, 1, 7) - 1)).toBe(Date.UTC(2026, 5, 30));
    expect(metaToday(Date.UTC(2026, 6, 1, 7))).toBe(Date.UTC(2026, 6, 1));
    // Every hour of a year maps to a midnight at most one day behind the UTC date, never ahead.
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += H) {
      const d = metaToday(t);
      expect(d % DAY).toBe(0);
      expect(dayStart(t) - d === 0 || dayStart(t) - d === DAY).toBe(true);
    }
    expect(metaToday(Number.NaN)).toBeNaN();
  });

  it('asks for demographics one breakdown per call, each with a timeframe', () => {
    const reqs = planDemographics('2');
    expect(reqs.map((r) => r.breakdown)).toEqual(['age', 'gender', 'country', 'city']);
    for (const r of reqs) {
      expect(r.timeframe).toBe('this_month');
      expect(r.metrics).toEqual(['follower_demographics']);
      expect(r.metricType).toBe('total_value');
    }
  });

  it('reads videos and reels through video_insights, other posts through insights', () => {
    expect(planPostInsights({ nativeId: '1_3', videoId: '3' })).toMatchObject({
      node: '3',
      edge: 'video_insights',
    });
    expect(planPostInsights({ nativeId: '1_2' })).toMatchObject({ node: '1_2', edge: 'insights' });
  });

  it('asks nothing for carousel children or stories past 24 h', () => {
    const base = { nativeId: '9', mediaType: 'IMAGE', timestamp: NOW - DAY + 1000 };
    expect(planMediaInsights({ ...base, isChild: true }, NOW)).toBeNull();
    expect(planMediaInsights({ ...base, productType: 'STORY' }, NOW)).not.toBeNull();
    expect(planMediaInsights({ ...base, productType: 'STORY' }, NOW + 1000)).toBeNull();
  });

  it('leaves out metrics already dropped', () => {
    const reqs = planPageInsights('1', NOW - DAY, NOW, NOW, new Set(['page_video_views']));
    expect(reqs[0]?.metrics).not.toContain('page_video_views');
    expect(reqs[0]?.metrics).toContain('page_media_view');
  });
});

describe('drop-and-retry', () => {
  const req = planPageInsights('1', NOW - DAY, NOW, NOW)[0] as InsightsRequest;
  const reject = (bad: string[]) => async (r: InsightsRequest) => {
    if (r.metrics.some((m) => bad.includes(m))) throw INVALID;
    return r.metrics;
  };

  it('drops the rejected metric, records it, and still answers the rest', async () => {
    const out = await runWithDrops(req, reject(['page_video_views']), (e) => e as typeof INVALID);
    expect(out.dropped.map((d) => d.name)).toEqual(['page_video_views']);
    expect(out.answers.flat().sort()).toEqual(req.metrics.filter((m) => m !== 'page_video_views').sort());
    expect(out.calls).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(req.metrics.length)) + 1);
  });

  it('drops several rejected metrics and answers nothing when all are rejected', async () => {
    const two = await runWithDrops(
      req,
      reject(['page_video_views', 'page_views_total']),
      (e) => e as typeof INVALID,
    );
    expect(two.dropped.map((d) => d.name).sort()).toEqual(['page_video_views', 'page_views_total']);
    const all = await runWithDrops(req, reject(req.metrics), (e) => e as typeof INVALID);
    expect(all.answers).toEqual([]);
    expect(all.dropped).toHaveLength(req.metrics.length);
  });

  it('lets every other error through untouched', async () => {
    const boom = { code: 190, message: 'expired' };
    await expect(
      runWithDrops(
        req,
        () => Promise.reject(boom),
        (e) => e as typeof boom,
      ),
    ).rejects.toBe(boom);
  });
});
