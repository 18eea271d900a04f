// What an insights answer is once normalized: one number per object × metric × day or instant (× breakdown key).
// Plain types (no zod) so the renderer's store and charts can use them; the bridge schema mirrors them.
import { type InsightsNetwork, type UnavailableReason } from './metrics';

/** One normalized insights value. */
export interface InsightPoint {
  /** Meta's id of the object (Page, post, video, IG user or IG media). */
  objectId: string;
  network: InsightsNetwork;
  metric: string;
  /** `day` for daily values and daily totals, `lifetime` for a post's or media item's running total. */
  period: 'day' | 'lifetime';
  /**
   * Epoch ms: for daily values Meta's end_time (the end of the day); for lifetime values the moment they were
   * fetched (each fetch is a snapshot of a growing number).
   */
  endTime: number;
  value: number;
  /** `<dimension>:<value>` for a breakdown row (`is_from_ads:true`, `age:25-34`, `type:like`); absent for the total. */
  breakdown?: string;
}

/** An object Meta had no numbers for this time, and why (shown as "Not available yet", never as 0). */
export interface UnavailableItem {
  objectId: string;
  reason: UnavailableReason;
}
