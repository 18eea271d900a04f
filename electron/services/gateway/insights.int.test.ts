// Integration: the insights calls against the real sandbox. Meta's rules as the host follows them (90-day requests,
// total_value apart from follower_count), the drop-and-retry of a retired metric with the rest still answered, the
// "not available" reasons, and missing permissions surfacing as permission errors naming the permission.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUET_PERMISSIONS } from '../../../shared/graph/permissions';
import { metaToday } from '../../../shared/insights/plan';
import { startSandbox, type SandboxHandle } from '../../../sandbox/index';
import { sandboxControl } from '../../../sandbox/test/control';
import type { HostCore } from '../types';
import { hostAgainstSandbox } from '../../test/sandbox-host';

const DAY = 86_400_000;
let sandbox: SandboxHandle;
let core: HostCore;
let pageId: string;
let igId: string;
let now: number;
/** The start of Meta's day in progress (Pacific): every day before it is over, whatever the time of day. */
let end: number;
const sent: URL[] = [];

const control = <T>(path: string, body?: unknown) => sandboxControl<T>(sandbox, path, body);
const recordingFetch: typeof fetch = async (input, init) => {
  sent.push(new URL(input instanceof Request ? input.url : String(input)));
  return fetch(input, init);
};

async function signIn(permissions?: string[]) {
  const { access_token } = await control<{ access_token: string }>(
    'tokens',
    permissions ? { permissions } : {},
  );
  const st = await core.handlers['session/sign-in-token']({ token: access_token });
  pageId = st.session!.accounts[0]!.id;
  igId = st.session!.accounts[0]!.instagram!.id;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small', live: false });
  core = await hostAgainstSandbox(sandbox.url, { prefix: 'duet-insights-', fetch: recordingFetch });
  await signIn();
  now = (await control<{ now: number }>('clock')).now;
  end = metaToday(now);
});
afterAll(async () => {
  await core.dispose();
  await sandbox.close();
});

const insightsCalls = (from: number) => sent.slice(from).filter((u) => /\/insights$/.test(u.pathname));

describe('insights/account', () => {
  it('reads 200 days of Page numbers in requests of at most 90 days, with the ads and followers splits', async () => {
    const from = sent.length;
    const r = await core.handlers['insights/account']({
      accountId: pageId,
      network: 'facebook',
      since: end - 200 * DAY,
      until: end,
    });
    const calls = insightsCalls(from);
    for (const u of calls)
      expect(Number(u.searchParams.get('until')) - Number(u.searchParams.get('since'))).toBeLessThanOrEqual(
        90 * 86400,
      );
    expect(calls.filter((u) => !u.searchParams.get('breakdown'))).toHaveLength(3);
    const views = r.points.filter((p) => p.metric === 'page_media_view' && !p.breakdown);
    expect(views.length).toBe(200);
    const ads = r.points.filter((p) => p.breakdown?.startsWith('is_from_ads:'));
    expect(ads.length).toBe(400);
    expect(r.dropped).toEqual([]);
    expect(r.unavailable).toEqual([]);
  });

  it('drops a metric Meta retired, says so, and still answers the others; later calls leave it out', async () => {
    await control('insights', { retire: ['page_video_views'] });
    const r = await core.handlers['insights/account']({
      accountId: pageId,
      network: 'facebook',
      since: end - 5 * DAY,
      until: end,
    });
    expect(r.dropped.map((d) => d.name)).toEqual(['page_video_views']);
    expect(new Set(r.points.map((p) => p.metric))).toContain('page_media_view');
    expect(r.points.some((p) => p.metric === 'page_video_views')).toBe(false);
    const from = sent.length;
    await core.handlers['insights/account']({
      accountId: pageId,
      network: 'facebook',
      since: end - 5 * DAY,
      until: end,
    });
    for (const u of insightsCalls(from))
      expect(u.searchParams.get('metric')).not.toContain('page_video_views');
    await control('insights', { restore: ['page_video_views'] });
  });

  it('says "under 100 likes" instead of showing zeros', async () => {
    await control('insights', { underHundredLikes: { pageId, on: true } });
    const r = await core.handlers['insights/account']({
      accountId: pageId,
      network: 'facebook',
      since: end - 3 * DAY,
      until: end,
    });
    expect(r.points).toEqual([]);
    expect(r.unavailable).toEqual([{ objectId: pageId, reason: 'page-under-100-likes' }]);
    await control('insights', { underHundredLikes: { pageId, on: false } });
  });

  it('reads Instagram time series apart from the daily total_value calls', async () => {
    const from = sent.length;
    const r = await core.handlers['insights/account']({
      accountId: pageId,
      network: 'instagram',
      since: end - 3 * DAY,
      until: end,
    });
    for (const u of insightsCalls(from)) {
      const m = u.searchParams.get('metric') ?? '';
      if (u.searchParams.get('metric_type') === 'total_value') expect(m).not.toContain('follower_count');
    }
    const byMetric = (m: string) => r.points.filter((p) => p.metric === m && p.objectId === igId);
    expect(byMetric('reach')).toHaveLength(3);
    expect(byMetric('follower_count')).toHaveLength(3);
    expect(byMetric('views')).toHaveLength(3);
    // Follows and unfollows: each day's total with its follow_type parts, which add up to it.
    const follows = byMetric('follows_and_unfollows');
    const totals = follows.filter((p) => !p.breakdown);
    expect(totals).toHaveLength(3);
    for (const t of totals) {
      const parts = follows.filter((p) => p.breakdown && p.endTime === t.endTime);
      expect(parts.map((p) => p.breakdown).sort()).toEqual([
        'follow_type:FOLLOWER',
        'follow_type:NON_FOLLOWER',
      ]);
      expect(parts.reduce((a, p) => a + p.value, 0)).toBe(t.value);
    }
  });

  it('reads follower demographics one breakdown per call', async () => {
    const r = await core.handlers['insights/demographics']({ accountId: pageId });
    const dims = new Set(r.points.map((p) => p.breakdown?.split(':')[0]));
    expect([...dims].sort()).toEqual(['age', 'city', 'country', 'gender']);
  });
});

describe('insights/items', () => {
  it('answers media, marks too-few-viewers and fresh items as not available, and skips posts of other Pages', async () => {
    const media = await core.handlers['gallery/list']({ accountId: pageId, limit: 60 });
    const items = media.items.slice(0, 25).map((m) => ({
      kind: 'media' as const,
      nativeId: m.nativeId,
      mediaType: m.mediaType,
      productType: m.productType,
      timestamp: m.timestamp,
    }));
    const r = await core.handlers['insights/items']({ accountId: pageId, items });
    const answered = new Set(r.points.map((p) => p.objectId));
    expect(answered.size + r.unavailable.length + r.skipped).toBeGreaterThanOrEqual(items.length - 1);
    expect(answered.size).toBeGreaterThan(15);
    for (const u of r.unavailable) expect(['not-enough-viewers', 'delay-48h']).toContain(u.reason);
    const from = sent.length;
    const other = await core.handlers['insights/items']({
      accountId: pageId,
      items: [{ kind: 'post', nativeId: '999_123', timestamp: now - DAY }],
    });
    expect(other.points).toEqual([]);
    expect(insightsCalls(from)).toEqual([]);
  });
});

describe('permissions', () => {
  it('names read_insights when it is missing', async () => {
    await signIn(DUET_PERMISSIONS.filter((p) => p !== 'read_insights'));
    await expect(
      core.handlers['insights/account']({
        accountId: pageId,
        network: 'facebook',
        since: end - 2 * DAY,
        until: end,
      }),
    ).rejects.toMatchObject({ code: 'permission', message: expect.stringContaining('read_insights') });
    await signIn();
  });
});
