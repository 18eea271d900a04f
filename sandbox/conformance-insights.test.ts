/**
 * Conformance: Page, post, video, IG media and IG account insights (sandbox/graph/insights.ts). Each block cites the
 * Meta reference it mirrors.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DUET_PERMISSIONS } from '../shared/graph/permissions';
import { boot, type ErrBody, type Harness } from './test/harness.js';
import { fbTime, pacificDayEnd } from './time.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const DAY = 86_400_000;
let h: Harness;
let page1: string;
let ig1: string;
let pt1: string;

interface Series {
  data: Array<{
    name: string;
    period: string;
    values?: Array<{ value: unknown; end_time?: string }>;
    total_value?: {
      value?: number;
      breakdowns?: Array<{
        dimension_keys: string[];
        results: Array<{ dimension_values: string[]; value: number }>;
      }>;
    };
    id: string;
  }>;
  paging?: { previous: string; next: string };
}

/** The day in progress at the sandbox's now, Meta's way: the first day not yet over at Pacific midnight. */
const today = async () => {
  const now = (await h.ctl<{ now: number }>('clock')).now as number;
  let d = Math.floor(now / DAY) * DAY;
  while (pacificDayEnd(d - DAY) > now) d -= DAY;
  return d;
};
const sec = (ms: number) => String(ms / 1000);

beforeAll(async () => {
  h = await boot();
  page1 = h.state.pages[0]?.id as string;
  ig1 = h.state.pages[0]?.instagramId as string;
  pt1 = h.pageTokens.get(page1) as string;
});
afterAll(() => h.close());

async function pageInsights(query: Record<string, string>, token = pt1) {
  return h.graph<Series & ErrBody>(`/${page1}/insights`, { query, token });
}

// https://developers.facebook.com/docs/graph-api/reference/v17.0/insights
describe('daily end_time', () => {
  it('is Pacific midnight: 08:00 UTC in winter, 07:00 UTC in summer, across both 2026 clock changes', () => {
    const end = (d: string) => fbTime(pacificDayEnd(Date.parse(`${d}T00:00:00Z`)));
    expect(end('2026-11-29')).toBe('2026-11-30T08:00:00+0000');
    expect(end('2026-03-07')).toBe('2026-03-08T08:00:00+0000');
    expect(end('2026-03-08')).toBe('2026-03-09T07:00:00+0000');
    expect(end('2026-10-31')).toBe('2026-11-01T07:00:00+0000');
    expect(end('2026-11-01')).toBe('2026-11-02T08:00:00+0000');
  });
});

describe('/{page}/insights', () => {
  it('answers one value per finished day, the first ending at since + 1 day, the same every time', async () => {
    const t = await today();
    const q = {
      metric: 'page_media_view,page_total_media_view_unique',
      period: 'day',
      since: sec(t - 7 * DAY),
      until: sec(t),
    };
    const r = await pageInsights(q);
    expect(r.status).toBe(200);
    const [views, viewers] = r.json.data;
    expect(views?.name).toBe('page_media_view');
    expect(views?.values).toHaveLength(7);
    // The midnight that ends the first day in Pacific time: 07:00 (PDT) or 08:00 (PST) UTC.
    expect(views?.values?.[0]?.end_time).toMatch(
      new RegExp(`^${new Date(t - 6 * DAY).toISOString().slice(0, 10)}T0[78]:00:00\\+0000$`),
    );
    expect(views?.id).toBe(`${page1}/insights/page_media_view/day`);
    for (const [i, v] of (viewers?.values ?? []).entries())
      expect(v.value as number).toBeLessThan(views?.values?.[i]?.value as number);
    expect((await pageInsights(q)).json).toEqual(r.json);
  });

  it('refuses a range over 90 days, a missing metric (3001/1504028) and a retired metric', async () => {
    const t = await today();
    const wide = await pageInsights({ metric: 'page_media_view', since: sec(t - 91 * DAY), until: sec(t) });
    expect(wide.json.error.code).toBe(100);
    expect(wide.json.error.message).toContain('90 days');
    const none = await pageInsights({ period: 'day' });
    expect(none.json.error).toMatchObject({ code: 3001, error_subcode: 1504028 });
    const old = await pageInsights({ metric: 'page_media_view,page_impressions' });
    expect(old.json.error).toMatchObject({
      code: 100,
      message: '(#100) The value must be a valid insights metric',
    });
  });

  it('splits page_media_view by is_from_ads, adding up to the total', async () => {
    const t = await today();
    const q = { metric: 'page_media_view', since: sec(t - 3 * DAY), until: sec(t) };
    const total = (await pageInsights(q)).json.data[0]?.values ?? [];
    const split = (await pageInsights({ ...q, breakdown: 'is_from_ads' })).json.data[0]?.values ?? [];
    expect(split).toHaveLength(3);
    for (const [i, v] of split.entries()) {
      const parts = v.value as Record<string, number>;
      expect((parts.true ?? 0) + (parts.false ?? 0)).toBe(total[i]?.value);
    }
    const bad = await pageInsights({ ...q, metric: 'page_follows', breakdown: 'is_from_ads' });
    expect(bad.json.error.code).toBe(100);
  });

  it('answers empty data for a Page under 100 likes, and rejects a metric the control retired', async () => {
    await h.ctl('insights', { underHundredLikes: { pageId: page1, on: true } });
    expect((await pageInsights({ metric: 'page_media_view' })).json.data).toEqual([]);
    await h.ctl('insights', {
      underHundredLikes: { pageId: page1, on: false },
      retire: ['page_video_views'],
    });
    const r = await pageInsights({ metric: 'page_media_view,page_video_views' });
    expect(r.json.error.message).toBe('(#100) The value must be a valid insights metric');
    await h.ctl('insights', { restore: ['page_video_views'] });
    expect((await pageInsights({ metric: 'page_media_view,page_video_views' })).json.data).toHaveLength(2);
  });

  it('needs read_insights', async () => {
    const perms = DUET_PERMISSIONS.filter((p) => p !== 'read_insights');
    const tok = await h.ctl<{ access_token: string }>('tokens', { permissions: perms });
    const r = await pageInsights({ metric: 'page_media_view' }, tok.access_token);
    expect(r.json.error.code).toBe(10);
    expect(r.json.error.message).toContain('read_insights');
    // Grants are per user: give them all back for the next tests.
    await h.ctl('tokens', { permissions: [...DUET_PERMISSIONS] });
  });
});

// https://developers.facebook.com/docs/graph-api/reference/video/video_insights
describe('/{post}/insights and /{video}/video_insights', () => {
  it('answers post metrics, and video metrics only on video_insights', async () => {
    const feed = await h.graph<{
      data: Array<{
        id: string;
        attachments?: { data: Array<{ media_type: string; target?: { id: string } }> };
      }>;
    }>(`/${page1}/feed`, {
      query: { fields: 'id,attachments{media_type,target}', limit: '100' },
      token: pt1,
    });
    const plain = feed.json.data.find((p) => p.attachments?.data[0]?.media_type !== 'video') as {
      id: string;
    };
    const videoPost = feed.json.data.find((p) => p.attachments?.data[0]?.media_type === 'video');
    const videoId = videoPost?.attachments?.data[0]?.target?.id as string;
    expect(videoId).toBeTruthy();
    const post = await h.graph<Series>(`/${plain.id}/insights`, {
      query: { metric: 'post_media_view,post_total_media_view_unique,post_reactions_by_type_total' },
      token: pt1,
    });
    expect(post.text).not.toContain('error');
    expect(post.json.data.map((d) => d.name)).toContain('post_media_view');
    const onVideo = await h.graph<ErrBody>(`/${videoId}/insights`, {
      query: { metric: 'total_video_views' },
      token: pt1,
    });
    expect(onVideo.json.error.message).toBe(
      '(#100) Tried accessing nonexisting field (insights) on node type (Video)',
    );
    const vi = await h.graph<Series>(`/${videoId}/video_insights`, {
      query: { metric: 'total_video_views' },
      token: pt1,
    });
    expect(vi.json.data[0]).toMatchObject({ name: 'total_video_views', period: 'lifetime' });
    expect(vi.json.data[0]?.values?.[0]?.value as number).toBeGreaterThan(0);
  });
});

// https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights
describe('/{ig-media}/insights', () => {
  interface M {
    id: string;
    media_type: string;
    media_product_type: string;
    children?: { data: Array<{ id: string }> };
  }
  let media: M[] = [];
  beforeAll(async () => {
    const r = await h.graph<{ data: M[] }>(`/${ig1}/media`, {
      query: { fields: 'id,media_type,media_product_type,children{id}', limit: '100' },
    });
    media = r.json.data;
  });
  const ask = (id: string, metric: string) =>
    h.graph<Series & ErrBody>(`/${id}/insights`, { query: { metric } });
  const answering = async (pred: (m: M) => boolean) => {
    for (const m of media.filter(pred)) {
      const r = await ask(m.id, 'reach');
      if (r.status === 200) return m;
    }
    throw new Error('no media answers');
  };

  it('follows the per-type metric rules', async () => {
    const reel = await answering((m) => m.media_product_type === 'REELS');
    const reelAsk = await ask(reel.id, 'reach,follows');
    expect(reelAsk.json.error.code).toBe(100);
    const ok = await ask(reel.id, 'reach,views,ig_reels_avg_watch_time,reels_skip_rate');
    expect(ok.json.data.map((d) => d.name)).toEqual(
      expect.arrayContaining(['reach', 'views', 'ig_reels_avg_watch_time']),
    );
    const feed = await answering((m) => m.media_type === 'IMAGE');
    expect((await ask(feed.id, 'ig_reels_avg_watch_time')).json.error.code).toBe(100);
    expect((await ask(feed.id, 'impressions')).json.error.message).toBe(
      '(#100) The value must be a valid insights metric',
    );
  });

  it('refuses carousel children and answers "Not enough viewers" for some media', async () => {
    const album = media.find((m) => m.children?.data.length) as M;
    const child = album.children?.data[0]?.id as string;
    expect((await ask(child, 'reach')).json.error.code).toBe(100);
    const answers = await Promise.all(media.map((m) => ask(m.id, 'reach')));
    const few = answers.filter((r) => r.status !== 200);
    expect(few.length).toBeGreaterThan(0);
    for (const r of few)
      expect(r.json.error).toMatchObject({
        code: 10,
        message: '(#10) Not enough viewers for the media to show insights',
      });
  });

  it('answers an empty data set, not 0, for a media item posted minutes ago', async () => {
    const { id } = await h.ctl<{ id: string }>('media', { igUserId: ig1, caption: 'fresh' });
    const r = await ask(id, 'reach,views,likes');
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([]);
  });
});

// https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights/
describe('/{ig-user}/insights', () => {
  const ask = (query: Record<string, string>, token?: string) =>
    h.graph<Series & ErrBody>(`/${ig1}/insights`, token ? { query, token } : { query });

  it('keeps total_value-only metrics out of time series, and follower_count out of total_value', async () => {
    const t = await today();
    const w = { period: 'day', since: sec(t - 7 * DAY), until: sec(t) };
    const bad = await ask({ ...w, metric: 'reach,views' });
    expect(bad.json.error.message).toContain('metric_type=total_value');
    const series = await ask({ ...w, metric: 'reach,follower_count' });
    expect(series.json.data.map((d) => [d.name, d.values?.length])).toEqual([
      ['reach', 7],
      ['follower_count', 7],
    ]);
    const totals = await ask({
      ...w,
      metric: 'views,follower_count,accounts_engaged',
      metric_type: 'total_value',
    });
    expect(totals.json.data.map((d) => d.name)).toEqual(['views', 'accounts_engaged']);
    expect(totals.json.data[0]?.total_value?.value).toBeGreaterThan(0);
    expect((await ask({ ...w, metric: 'reach', since: sec(t - 31 * DAY) })).json.error.message).toContain(
      '30 days',
    );
  });

  it('takes one breakdown per call and demographics only with a timeframe', async () => {
    const two = await ask({
      metric: 'views',
      metric_type: 'total_value',
      breakdown: 'follower_type,media_product_type',
    });
    expect(two.json.error.code).toBe(100);
    const noTf = await ask({
      metric: 'follower_demographics',
      period: 'lifetime',
      metric_type: 'total_value',
      breakdown: 'age',
    });
    expect(noTf.json.error.message).toContain('timeframe');
    const demo = await ask({
      metric: 'follower_demographics',
      period: 'lifetime',
      metric_type: 'total_value',
      breakdown: 'country',
      timeframe: 'this_month',
    });
    const b = demo.json.data[0]?.total_value?.breakdowns?.[0];
    expect(b?.dimension_keys).toEqual(['country']);
    expect(b?.results.map((r) => r.dimension_values[0])).toContain('PT');
  });

  it('needs instagram_manage_insights', async () => {
    const perms = DUET_PERMISSIONS.filter((p) => p !== 'instagram_manage_insights');
    const tok = await h.ctl<{ access_token: string }>('tokens', { permissions: perms });
    const r = await ask({ metric: 'reach', period: 'day' }, tok.access_token);
    expect(r.json.error.code).toBe(10);
    expect(r.json.error.message).toContain('instagram_manage_insights');
    await h.ctl('tokens', { permissions: [...DUET_PERMISSIONS] });
  });
});

// Last: these move the sandbox clock.
describe('the sandbox clock', () => {
  const ask = (id: string, metric: string) =>
    h.graph<Series & ErrBody>(`/${id}/insights`, { query: { metric } });
  it("answers a story's metrics while it is live and nothing after 24 h", async () => {
    const stories = await h.graph<{ data: Array<{ id: string }> }>(`/${ig1}/stories`, {
      query: { fields: 'id,timestamp' },
    });
    const ids = stories.json.data.map((s) => s.id);
    const live = await Promise.all(ids.map((id) => ask(id, 'reach,replies,navigation')));
    const shown = live.find((r) => r.status === 200 && r.json.data.length);
    expect(shown?.json.data.map((d) => d.name)).toContain('reach');
    await h.ctl('clock', { advanceMs: DAY });
    for (const id of ids) expect((await ask(id, 'reach')).json.error.code).toBe(100);
  });
  it("moves with the sandbox clock: today's value appears once the day is over, with time paging", async () => {
    const t = await today();
    const q = { metric: 'page_media_view', since: sec(t - 2 * DAY), until: sec(t + DAY) };
    const before = (await pageInsights(q)).json;
    expect(before.data[0]?.values).toHaveLength(2);
    await h.ctl('clock', { advanceMs: DAY });
    const after = (await pageInsights(q)).json;
    expect(after.data[0]?.values).toHaveLength(3);
    expect(after.data[0]?.values?.slice(0, 2)).toEqual(before.data[0]?.values);
    const next = new URL(after.paging?.next as string);
    expect(next.searchParams.get('since')).toBe(sec(t + DAY));
    expect(next.searchParams.get('until')).toBe(sec(t + 4 * DAY));
  });
});
