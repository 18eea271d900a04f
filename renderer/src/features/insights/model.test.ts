import { describe, expect, it } from 'vitest';
import { normalizeInsights } from '../../../../shared/graph/normalize-insights';
import {
  changePct,
  chartRows,
  customRange,
  figureOf,
  inRange,
  isoDay,
  lastDays,
  previousRange,
  sameDaysBefore,
  toCsv,
} from './model';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 9, 40);
const day = (i: number, value: number) => ({ endTime: Date.UTC(2026, 10, 1) + (i + 1) * DAY, value });

describe('dashboard arithmetic', () => {
  it('compares a period still missing its last days (Meta’s delay) with the same days before, not the whole period', () => {
    // 28 days up to 1 Dec; 100 a day everywhere, but the last two days of this period have no value yet.
    const range = { from: Date.UTC(2026, 10, 3), to: Date.UTC(2026, 11, 1) };
    const prev = previousRange(range);
    const at = (ms: number) => ({ endTime: ms + DAY, value: 100 });
    const points = [
      ...Array.from({ length: 28 }, (_, i) => at(prev.from + i * DAY)),
      ...Array.from({ length: 26 }, (_, i) => at(range.from + i * DAY)),
    ];
    const current = inRange(points, range);
    const now = figureOf('page', 'page_media_view', current);
    const naive = figureOf('page', 'page_media_view', inRange(points, prev));
    const same = figureOf('page', 'page_media_view', sameDaysBefore(points, range, current));
    expect(changePct(now, naive)).toBeCloseTo(-7.14, 1); // what the cards used to say for a flat metric
    expect(same?.days).toBe(26);
    expect(changePct(now, same)).toBe(0);
  });

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
    // At 03:00 UTC on 2 Dec Meta's day (Pacific) is still 1 Dec: the range ends with it, not with a day not begun.
    expect(lastDays(7, Date.UTC(2026, 11, 2, 3)).to).toBe(Date.UTC(2026, 11, 2));
    expect(lastDays(7, Date.UTC(2026, 11, 2, 9)).to).toBe(Date.UTC(2026, 11, 3));
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

describe('Meta’s days', () => {
  // Meta's daily end_time is the midnight (Pacific time) that closes the day: 08:00 UTC in winter (PST), 07:00 UTC
  // in summer (PDT). 2026's clock changes: 8 March (PST → PDT) and 1 November (PDT → PST).
  const series = (values: Array<[string, number]>) =>
    normalizeInsights(
      {
        data: [
          {
            name: 'page_media_view',
            period: 'day',
            values: values.map(([end_time, value]) => ({ end_time, value })),
          },
        ],
      },
      { objectId: 'p', network: 'facebook', fetchedAt: NOW },
      NOW,
    ).items;
  const shownOn = (values: Array<[string, number]>, from: string, days: number) => {
    const r = { from: Date.parse(`${from}T00:00:00Z`), to: Date.parse(`${from}T00:00:00Z`) + days * DAY };
    return chartRows(series(values), r).map((row) => [isoDay(row.day), row.value]);
  };

  it('shows a value on the calendar day it describes, not the day its end_time falls on in UTC', () => {
    expect(shownOn([['2026-11-30T08:00:00+0000', 5]], '2026-11-29', 2)).toEqual([
      ['2026-11-29', 5],
      ['2026-11-30', null],
    ]);
  });

  it('neither shifts nor merges days when Pacific time goes to summer time and back', () => {
    const spring: Array<[string, number]> = [
      ['2026-03-07T08:00:00+0000', 1], // 6 March, PST
      ['2026-03-08T08:00:00+0000', 2], // 7 March, PST
      ['2026-03-09T07:00:00+0000', 3], // 8 March: 23 hours long, ends in PDT
      ['2026-03-10T07:00:00+0000', 4], // 9 March, PDT
    ];
    expect(shownOn(spring, '2026-03-06', 4)).toEqual([
      ['2026-03-06', 1],
      ['2026-03-07', 2],
      ['2026-03-08', 3],
      ['2026-03-09', 4],
    ]);
    const autumn: Array<[string, number]> = [
      ['2026-10-31T07:00:00+0000', 1], // 30 October, PDT
      ['2026-11-01T07:00:00+0000', 2], // 31 October, PDT
      ['2026-11-02T08:00:00+0000', 3], // 1 November: 25 hours long, ends in PST
      ['2026-11-03T08:00:00+0000', 4], // 2 November, PST
    ];
    expect(shownOn(autumn, '2026-10-30', 4)).toEqual([
      ['2026-10-30', 1],
      ['2026-10-31', 2],
      ['2026-11-01', 3],
      ['2026-11-02', 4],
    ]);
  });

  it('reads UTC-midnight end_times (older answers) as the same days', () => {
    expect(shownOn([['2026-11-30T00:00:00+0000', 7]], '2026-11-29', 1)).toEqual([['2026-11-29', 7]]);
  });

  it('a range’s figure counts each day once when the same days come back with either offset', () => {
    const pts = [...series([['2026-03-09T07:00:00+0000', 3]]), ...series([['2026-03-09T08:00:00+0000', 3]])];
    expect(new Set(pts.map((p) => p.endTime)).size).toBe(1);
  });
});
