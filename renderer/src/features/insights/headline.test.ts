import { describe, expect, it } from 'vitest';
import { type InsightLatestRow } from '../../data/repos/insights-rows';
import { headlineOf, headlinesOf } from './headline';
import { REASONS } from './words';

const row = (objectId: string, metric: string, value: number, extra: Partial<InsightLatestRow> = {}) =>
  ({
    key: `a|${objectId}|${metric}|${extra.breakdown ?? ''}`,
    accountId: 'a',
    objectId,
    network: objectId.includes('_') ? 'facebook' : 'instagram',
    metric,
    breakdown: '',
    period: 'lifetime',
    endTime: Date.UTC(2026, 10, 30, 9),
    value,
    fetchedAt: Date.UTC(2026, 10, 30, 9, 40),
    ...extra,
  }) as InsightLatestRow;

describe('headlineOf', () => {
  it('shows an item’s views with when they were fetched', () => {
    const h = headlineOf([row('1_2', 'post_media_view', 1234), row('1_2', 'post_clicks', 9)], undefined);
    expect(h?.text).toBe('1,234 views');
    expect(h?.title).toMatch(/^Meta’s running total, as of /);
  });

  it('prefers Instagram’s views, then Facebook’s post and video views', () => {
    expect(headlineOf([row('9', 'reach', 50), row('9', 'views', 70)], undefined)?.text).toBe('70 views');
    expect(headlineOf([row('v', 'total_video_views', 1)], undefined)?.text).toBe('1 view');
  });

  it('says "not available yet" with Meta’s reason instead of 0, and nothing before any fetch', () => {
    const h = headlineOf([], 'not-enough-viewers');
    expect(h).toEqual({ text: 'Views not available yet', title: REASONS['not-enough-viewers'] });
    expect(h?.text).not.toMatch(/\d/);
    // Other numbers but no views: still not a 0.
    expect(headlineOf([row('9', 'reach', 5)], 'delay-48h')?.text).toBe('Views not available yet');
    expect(headlineOf([row('9', 'reach', 5)], undefined)).toBeNull();
    expect(headlineOf([], undefined)).toBeNull();
  });

  it('a real 0 from Meta is shown as 0 views (Meta counted it)', () => {
    expect(headlineOf([row('9', 'views', 0)], undefined)?.text).toBe('0 views');
  });

  it('is as of the newest of the view rows’ fetches', () => {
    const older = row('9', 'views', 3, { fetchedAt: Date.UTC(2026, 0, 1) });
    const h = headlineOf([older], undefined);
    expect(h?.title).toContain('Jan');
  });
});

describe('headlinesOf', () => {
  it('maps every item of an account, including ones Meta has no numbers for yet', () => {
    const m = headlinesOf([row('1_2', 'post_media_view', 10), row('9', 'views', 5)], {
      '8': 'delay-48h',
    });
    expect(m.get('1_2')?.text).toBe('10 views');
    expect(m.get('9')?.text).toBe('5 views');
    expect(m.get('8')?.text).toBe('Views not available yet');
    expect(m.size).toBe(3);
  });
});
