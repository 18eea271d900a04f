import { describe, expect, it } from 'vitest';
import { changePct, chartRows, customRange, figureOf, lastDays, previousRange, toCsv } from './model';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 9, 40);
const day = (i: number, value: number) => ({ endTime: Date.UTC(2026, 10, 1) + (i + 1) * DAY, value });

describe('dashboard arithmetic', () => {
  it('sums additive metrics, averages reach and viewers per day, and shows the last level of follows', () => {
    const pts = [day(0, 10), day(1, 20), day(2, 30)];
    expect(figureOf('page', 'page_media_view', pts)).toEqual({ value: 60, kind: 'sum', days: 3 });
    expect(figureOf('page', 'page_total_media_view_unique', pts)).toEqual({
      value: 20,
      kind: 'average',
      days: 3,
    });
    expect(figureOf('ig_account', 'reach', pts)?.kind).toBe('average');
    expect(figureOf('page', 'page_follows', pts)).toEqual({ value: 30, kind: 'latest', days: 3 });
  });

  it('says "nothing" rather than 0 when Meta gave no value, and no change without a base', () => {
    expect(figureOf('page', 'page_media_view', [])).toBeNull();
    expect(changePct(null, { value: 5, kind: 'sum', days: 1 })).toBeNull();
    expect(changePct({ value: 5, kind: 'sum', days: 1 }, { value: 0, kind: 'sum', days: 1 })).toBeNull();
    expect(changePct({ value: 15, kind: 'sum', days: 1 }, { value: 10, kind: 'sum', days: 1 })).toBe(50);
  });

  it('aligns days of the range with the previous period, leaving missing days empty', () => {
    const r = { from: Date.UTC(2026, 10, 2), to: Date.UTC(2026, 10, 4) };
    const rows = chartRows([day(1, 7)], r, [day(-1, 3)]);
    expect(rows).toEqual([
      { day: Date.UTC(2026, 10, 2), value: 7, previous: 3 },
      { day: Date.UTC(2026, 10, 3), value: null, previous: null },
    ]);
  });

  it('builds ranges: last N days include today, previous is as long, custom refuses reversed dates', () => {
    const r = lastDays(7, NOW);
    expect((r.to - r.from) / DAY).toBe(7);
    expect(r.to).toBe(Date.UTC(2026, 11, 2));
    expect(previousRange(r)).toEqual({ from: r.from - 7 * DAY, to: r.from });
    expect(customRange('2026-11-10', '2026-11-01')).toBeNull();
    expect(customRange('2026-11-01', 'nope')).toBeNull();
    expect(customRange('2026-11-01', '2026-11-01')).toEqual({
      from: Date.UTC(2026, 10, 1),
      to: Date.UTC(2026, 10, 2),
    });
  });

  it('writes CSV that quotes commas and quotes and never starts a cell with a formula', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, "y"', '=HYPERLINK("evil")'],
          [1, null],
        ],
      ),
    ).toBe('a,b\r\n"x, ""y""","\'=HYPERLINK(""evil"")"\r\n1,\r\n');
  });
});
