// The insights normalizer: Meta's shapes become points; hostile or malformed answers never throw, each bad value is
// skipped and counted, and every good value is kept (fuzzed with fast-check like the other normalizers).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_INSIGHT_VALUE, normalizeInsights } from './normalize-insights';

const NOW = Date.UTC(2026, 11, 1, 9, 40);
const SRC = { objectId: '42', network: 'facebook' as const, fetchedAt: NOW };

describe('normalizeInsights', () => {
  it('reads daily series, keyed values, lifetime values and total_value breakdowns', () => {
    const series = normalizeInsights(
      {
        data: [
          {
            name: 'page_media_view',
            period: 'day',
            values: [{ value: 12, end_time: '2026-11-30T08:00:00+0000' }],
          },
          {
            name: 'post_reactions_by_type_total',
            period: 'lifetime',
            values: [{ value: { like: 3, love: 1 } }],
          },
        ],
      },
      SRC,
      NOW,
    );
    expect(series.skipped).toBe(0);
    const base = { objectId: '42', network: 'facebook' };
    expect(series.items).toEqual([
      // 08:00 UTC is Pacific midnight: the value is 29 November's, kept under the UTC midnight closing that day.
      { ...base, metric: 'page_media_view', period: 'day', endTime: Date.UTC(2026, 10, 30), value: 12 },
      {
        ...base,
        metric: 'post_reactions_by_type_total',
        period: 'lifetime',
        endTime: NOW,
        value: 3,
        breakdown: 'type:like',
      },
      {
        ...base,
        metric: 'post_reactions_by_type_total',
        period: 'lifetime',
        endTime: NOW,
        value: 1,
        breakdown: 'type:love',
      },
    ]);
    const tv = normalizeInsights(
      {
        data: [
          {
            name: 'follower_demographics',
            period: 'lifetime',
            total_value: {
              breakdowns: [
                { dimension_keys: ['age'], results: [{ dimension_values: ['25-34'], value: 40 }] },
              ],
            },
          },
        ],
      },
      { ...SRC, network: 'instagram' },
      NOW,
    );
    expect(tv.items).toEqual([
      {
        objectId: '42',
        network: 'instagram',
        metric: 'follower_demographics',
        period: 'lifetime',
        endTime: NOW,
        value: 40,
        breakdown: 'age:25-34',
      },
    ]);
  });

  it('tags a daily total with the end of its day, and says when Meta answered with no data', () => {
    const end = Date.UTC(2026, 10, 30);
    const r = normalizeInsights(
      { data: [{ name: 'views', period: 'day', total_value: { value: 9 } }] },
      { ...SRC, windowEnd: end },
      NOW,
    );
    expect(r.items[0]).toMatchObject({ period: 'day', endTime: end, value: 9 });
    expect(normalizeInsights({ data: [] }, SRC, NOW)).toEqual({ items: [], skipped: 0, empty: true });
  });

  it('skips and counts absurd, negative, non-numeric values and impossible times', () => {
    const r = normalizeInsights(
      {
        data: [
          {
            name: 'page_media_view',
            period: 'day',
            values: [
              { value: MAX_INSIGHT_VALUE * 10, end_time: '2026-11-30T08:00:00+0000' },
              { value: -1, end_time: '2026-11-30T08:00:00+0000' },
              { value: '12', end_time: '2026-11-30T08:00:00+0000' },
              { value: 5, end_time: '3026-11-30T08:00:00+0000' },
              { value: 5, end_time: 'yesterday' },
              { value: 7, end_time: '2026-11-29T08:00:00+0000' },
            ],
          },
          { period: 'day' },
          'junk',
        ],
      },
      SRC,
      NOW,
    );
    expect(r.items.map((p) => p.value)).toEqual([7]);
    expect(r.skipped).toBe(7);
  });

  const junk = fc.oneof(
    fc.constant(null),
    fc.string(),
    fc.double(),
    fc.boolean(),
    fc.array(fc.anything(), { maxLength: 3 }),
    fc.record({
      value: fc.oneof(fc.string(), fc.double({ min: -1e20, max: -1 }), fc.constant(1e15)),
      end_time: fc.string(),
    }),
  );
  const goodValue = fc.record({
    value: fc.integer({ min: 0, max: 1_000_000 }),
    end_time: fc
      .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date(NOW), noInvalidDate: true })
      .map((d) => d.toISOString().replace(/\.\d{3}Z$/, '+0000')),
  });

  it('never throws on anything, and keeps every good value among junk, in order', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const r = normalizeInsights(raw, SRC, NOW);
        for (const p of r.items) expect(Number.isFinite(p.value)).toBe(true);
      }),
      { numRuns: 300 },
    );
    const tagged = fc.oneof(
      goodValue.map((v) => ({ good: true, v })),
      junk.map((v) => ({ good: false, v })),
    );
    fc.assert(
      fc.property(fc.array(tagged, { maxLength: 30 }), (values) => {
        const r = normalizeInsights(
          { data: [{ name: 'reach', period: 'day', values: values.map((t) => t.v) }] },
          SRC,
          NOW,
        );
        const good = values.filter((t) => t.good).map((t) => (t.v as { value: number }).value);
        expect(r.items.map((p) => p.value)).toEqual(good);
        expect(r.skipped).toBe(values.length - good.length);
      }),
      { numRuns: 200 },
    );
  });
});
