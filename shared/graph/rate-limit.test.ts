import { describe, expect, it } from 'vitest';
import {
  BudgetBook,
  decide,
  MAX_DELAY_MS,
  MIN_DELAY_MS,
  parseAppUsage,
  parseBusinessUsage,
  parseUsageHeaders,
} from './rate-limit';

const headers = (h: Record<string, string>) => (n: string) => h[n.toLowerCase()] ?? null;

describe('parsing usage headers', () => {
  it('takes the highest X-App-Usage percentage', () => {
    expect(parseAppUsage('{"call_count":28,"total_time":25,"total_cputime":91}')).toBe(91);
    expect(parseAppUsage('garbage')).toBeUndefined();
    expect(parseAppUsage(null)).toBeUndefined();
  });
  it('reads X-Business-Use-Case-Usage across objects and types; regain minutes → ms', () => {
    const h = JSON.stringify({
      '1234': [
        {
          type: 'pages',
          call_count: 40,
          total_cputime: 10,
          total_time: 12,
          estimated_time_to_regain_access: 0,
        },
      ],
      '17841400': [
        {
          type: 'instagram',
          call_count: 100,
          total_cputime: 30,
          total_time: 50,
          estimated_time_to_regain_access: 7,
        },
      ],
    });
    expect(parseBusinessUsage(h)).toEqual({ pct: 100, regainMs: 7 * 60_000 });
    expect(parseBusinessUsage('{}')).toEqual({});
  });
  it('parses both headers from a getter', () => {
    expect(
      parseUsageHeaders(
        headers({
          'x-app-usage': '{"call_count":5,"total_time":1,"total_cputime":1}',
          'x-business-use-case-usage':
            '{"1":[{"type":"pages","call_count":85,"total_time":1,"total_cputime":1,"estimated_time_to_regain_access":0}]}',
        }),
      ),
    ).toEqual({ appPct: 5, businessPct: 85 });
    expect(parseUsageHeaders(headers({}))).toEqual({});
  });
});

describe('decide', () => {
  it('goes below 80 %', () => {
    expect(decide({ appPct: 79, businessPct: 10 }, 0)).toEqual({ action: 'go' });
  });
  it('delays between 80 and 100 %, more as usage grows', () => {
    const at = (p: number) => decide({ appPct: 0, businessPct: p }, 0);
    expect(at(80)).toEqual({ action: 'delay', ms: MIN_DELAY_MS });
    const d90 = at(90) as { ms: number };
    const d99 = at(99) as { ms: number };
    expect(d90.ms).toBeGreaterThan(MIN_DELAY_MS);
    expect(d99.ms).toBeGreaterThan(d90.ms);
    expect(d99.ms).toBeLessThanOrEqual(MAX_DELAY_MS);
  });
  it('holds at 100 % and while a regain time is in the future', () => {
    expect(decide({ appPct: 100, businessPct: 0 }, 1000)).toEqual({ action: 'hold', until: 61_000 });
    expect(decide({ appPct: 10, businessPct: 10, throttledUntil: 5000 }, 1000)).toEqual({
      action: 'hold',
      until: 5000,
    });
    expect(decide({ appPct: 10, businessPct: 10, throttledUntil: 500 }, 1000)).toEqual({ action: 'go' });
  });
});

describe('BudgetBook', () => {
  it('keeps budgets per account so one throttled Page does not hold another', () => {
    const b = new BudgetBook();
    b.update('A', { businessPct: 100, regainMs: 120_000 }, 0);
    b.update('B', { businessPct: 20 }, 0);
    expect(b.decide('A', 1000)).toEqual({ action: 'hold', until: 120_000 });
    expect(b.decide('B', 1000)).toEqual({ action: 'go' });
    // After the hold one probe goes through even though the last known usage was 100 %.
    expect(b.decide('A', 120_001)).toEqual({ action: 'go' });
    b.update('A', { businessPct: 100 }, 120_001);
    expect(b.decide('A', 120_002)).toEqual({ action: 'hold', until: 180_001 });
    b.update('A', { businessPct: 30 }, 130_000);
    expect(b.decide('A', 130_000)).toEqual({ action: 'go' });
  });
  it('reports whether the visible budget changed', () => {
    const b = new BudgetBook();
    expect(b.update('A', { appPct: 10 }, 0)).toBe(true);
    expect(b.update('A', { appPct: 10 }, 1)).toBe(false);
    expect(b.update('A', { appPct: 11 }, 2)).toBe(true);
  });
  it('hold() after a throttling error; all() hides expired holds', () => {
    const b = new BudgetBook();
    b.hold('A', 10_000, 0);
    expect(b.all(5000)).toEqual([{ accountId: 'A', appPct: 0, businessPct: 0, throttledUntil: 10_000 }]);
    expect(b.all(20_000)).toEqual([{ accountId: 'A', appPct: 0, businessPct: 0 }]);
  });
});
