// The dashboard's arithmetic, pure: ranges, period figures (never summing what Meta does not allow to be summed),
// change against the previous period, chart series and CSV. The view reads rows through use-insights.ts.
import { metricDef, type InsightsObject } from '../../../../shared/insights/metrics';
import { dayStart, DAY_MS, metaToday } from '../../../../shared/insights/plan';

/** A range of whole days [from, to) in epoch ms (UTC midnights). */
export interface DayRange {
  from: number;
  to: number;
}

/** The last `days` days up to Meta's today (today included: its value appears once Meta has it). */
export function lastDays(days: number, now: number): DayRange {
  const to = metaToday(now) + DAY_MS;
  return { from: to - days * DAY_MS, to };
}

/** The range of the same length just before `r`. */
export function previousRange(r: DayRange): DayRange {
  return { from: r.from - (r.to - r.from), to: r.from };
}

/** A custom range from two `yyyy-mm-dd` inputs (to inclusive); null when either is not a date or they are reversed. */
export function customRange(from: string, to: string): DayRange | null {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) return null;
  return { from: a, to: b + DAY_MS };
}

/** One dated value (a daily row's end of day, or a lifetime snapshot's hour). */
export interface Point {
  endTime: number;
  value: number;
}

/** A day's value belongs to the day that ends at its end_time. */
const dayOf = (p: Point) => dayStart(p.endTime - 1);

/** The points of a range (by the day they describe). */
export function inRange(points: readonly Point[], r: DayRange): Point[] {
  return points.filter((p) => dayOf(p) >= r.from && dayOf(p) < r.to);
}

/** How a period figure was made: a sum of days, an average per day, or the last day's level. */
export type FigureKind = 'sum' | 'average' | 'latest';

/** A period figure, or null when Meta gave no value for any day of the range. */
export interface Figure {
  value: number;
  kind: FigureKind;
  days: number;
}

/**
 * The previous period's points on the same days of the period as `current` has: Meta has no value yet for the last
 * day or two (its 48-hour delay), so 26 days must be compared with the same 26 days before, not with 28.
 */
export function sameDaysBefore(
  points: readonly Point[],
  range: DayRange,
  current: readonly Point[],
): Point[] {
  const prev = previousRange(range);
  const offsets = new Set(current.map((p) => dayOf(p) - range.from));
  return inRange(points, prev).filter((p) => offsets.has(dayOf(p) - prev.from));
}

/**
 * The figure of a range: additive metrics are summed; unique counts (reach, viewers, accounts engaged) are never
 * summed across days, so they show as an average per day; levels (page_follows) show the last day.
 */
export function figureOf(object: InsightsObject, metric: string, points: readonly Point[]): Figure | null {
  if (!points.length) return null;
  const def = metricDef(object, metric);
  if (metric === 'page_follows') {
    const last = points.reduce((a, b) => (b.endTime > a.endTime ? b : a));
    return { value: last.value, kind: 'latest', days: points.length };
  }
  const sum = points.reduce((s, p) => s + p.value, 0);
  if (def && !def.additive) return { value: sum / points.length, kind: 'average', days: points.length };
  return { value: sum, kind: 'sum', days: points.length };
}

/** Change from `before` to `now` in percent; null when there is nothing to compare with. */
export function changePct(now: Figure | null, before: Figure | null): number | null {
  if (!now || !before || before.value === 0) return null;
  return ((now.value - before.value) / before.value) * 100;
}

/** One row per day of the range: the value, and the previous period's value on the same offset (compare). */
export interface ChartRow {
  day: number;
  value: number | null;
  previous?: number | null;
}

/** Aligns a range's points by day, with the previous period's when given. Days without a value are null, not 0. */
export function chartRows(points: readonly Point[], r: DayRange, previous?: readonly Point[]): ChartRow[] {
  const byDay = new Map(points.map((p) => [dayOf(p), p.value]));
  const prevBy = previous ? new Map(previous.map((p) => [dayOf(p), p.value])) : null;
  const span = r.to - r.from;
  const rows: ChartRow[] = [];
  for (let d = r.from; d < r.to; d += DAY_MS) {
    const row: ChartRow = { day: d, value: byDay.get(d) ?? null };
    if (prevBy) row.previous = prevBy.get(d - span) ?? null;
    rows.push(row);
  }
  return rows;
}

/** A CSV cell: quoted when needed, and never a formula a spreadsheet would run. */
function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text (RFC 4180, CRLF) of a header and rows. */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>,
): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A day as `yyyy-mm-dd` (UTC, as Meta's days are stored). */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
