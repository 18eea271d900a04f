// The headline number of a post or media item outside the Insights view (feed cards, the media viewer): its views,
// from the item's newest stored lifetime values, with the same "as of" and "not available yet" words as the view.
// No chart code here: the feed column is in the initial bundle.
import { type UnavailableReason } from '../../../../shared/insights/metrics';
import { type InsightLatestRow } from '../../data/repos/insights-rows';
import { asOfText, formatNumber, REASONS } from './words';

/** The metrics that are an item's views, Instagram's and Facebook's names, in the order they are preferred. */
export const VIEW_METRICS = ['views', 'post_media_view', 'total_video_views'] as const;

/** The first of `metrics` an item has a number for. */
export const firstNumber = (numbers: Record<string, number>, metrics: readonly string[]) =>
  metrics.map((m) => numbers[m]).find((v) => v !== undefined);

/** An item's numbers by metric from its newest lifetime rows (keyed rows, like reactions by type, add up). */
export function numbersOf(rows: readonly InsightLatestRow[]): Record<string, number> {
  const numbers: Record<string, number> = {};
  for (const r of rows) numbers[r.metric] = (r.breakdown ? (numbers[r.metric] ?? 0) : 0) + r.value;
  return numbers;
}

/** What a card or the viewer shows: the words, and where they come from (a tooltip). */
export interface Headline {
  text: string;
  title: string;
}

/**
 * An item's headline: "1,234 views" as of its last fetch, or "Views not available yet" with Meta's reason (never 0);
 * null when Duet has fetched nothing for it.
 */
export function headlineOf(
  rows: readonly InsightLatestRow[],
  reason: UnavailableReason | undefined,
): Headline | null {
  const views = firstNumber(
    numbersOf(rows.filter((r) => (VIEW_METRICS as readonly string[]).includes(r.metric))),
    VIEW_METRICS,
  );
  if (views === undefined) return reason ? { text: 'Views not available yet', title: REASONS[reason] } : null;
  const asOf = Math.max(...rows.map((r) => r.fetchedAt));
  return {
    text: `${formatNumber(views)} ${views === 1 ? 'view' : 'views'}`,
    title: `Meta’s running total, ${asOfText(asOf)}.`,
  };
}

/** Every item's headline of an account, by Meta's id of the item. */
export function headlinesOf(
  latest: readonly InsightLatestRow[],
  unavailable: Record<string, UnavailableReason>,
): Map<string, Headline> {
  const byObject = new Map<string, InsightLatestRow[]>();
  for (const r of latest) byObject.set(r.objectId, [...(byObject.get(r.objectId) ?? []), r]);
  for (const id of Object.keys(unavailable)) if (!byObject.has(id)) byObject.set(id, []);
  const out = new Map<string, Headline>();
  for (const [id, rows] of byObject) {
    const h = headlineOf(rows, unavailable[id]);
    if (h) out.set(id, h);
  }
  return out;
}
