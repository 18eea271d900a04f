// Normalizes Graph insights answers (`/{id}/insights`, `/{video}/video_insights`) into InsightPoints. Like the other
// normalizers it never throws on hostile input: malformed entries and values are skipped and counted.
// Shapes: time series `values:[{value, end_time}]` (Page, IG account), lifetime `values:[{value}]` (posts, media),
// keyed values `value:{like: 3, love: 1}` (post_reactions_by_type_total, Page breakdowns), and
// `total_value:{value, breakdowns:[{dimension_keys, results:[{dimension_values, value}]}]}` (IG account).
// https://developers.facebook.com/docs/graph-api/reference/v17.0/insights ,
// https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights/
import { type InsightsNetwork } from '../insights/metrics';
import { dayEndOf } from '../insights/plan';
import { type InsightPoint } from '../insights/points';
import { isPlausibleTime } from '../time';

/** Values above this are not numbers Meta could report (a Page with more views than people on Earth, many times). */
export const MAX_INSIGHT_VALUE = 1e12;
const MAX_NAME = 100;
const MAX_KEYS = 200;

/** Where the answer came from. */
export interface InsightsSource {
  objectId: string;
  network: InsightsNetwork;
  /** When it was fetched (the instant of lifetime values). */
  fetchedAt: number;
  /** For total_value answers over one day: that day's end (epoch ms). */
  windowEnd?: number;
  /** An answer for one breakdown: rows of keyed values are tagged `<breakdown>:<key>`. */
  breakdown?: string;
}

/** The points of one answer, how many entries or values were malformed, and whether Meta answered with no data. */
export interface NormalizedInsights {
  items: InsightPoint[];
  skipped: number;
  empty: boolean;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const okValue = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_INSIGHT_VALUE;
const okName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME;

/** Meta's `2026-11-30T08:00:00+0000` as epoch ms, or undefined. */
function timeOf(v: unknown, now: number): number | undefined {
  if (typeof v !== 'string' || v.length > 40) return undefined;
  const ms = Date.parse(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return isPlausibleTime(ms, now) ? ms : undefined;
}

/** Normalizes one insights answer. */
export function normalizeInsights(raw: unknown, src: InsightsSource, now = Date.now()): NormalizedInsights {
  const out: NormalizedInsights = { items: [], skipped: 0, empty: true };
  const data = isObj(raw) && Array.isArray(raw.data) ? raw.data : null;
  if (!data) {
    out.skipped = raw === undefined || raw === null ? 0 : 1;
    return out;
  }
  out.empty = data.length === 0;
  for (const entry of data) {
    if (!isObj(entry) || !okName(entry.name)) {
      out.skipped++;
      continue;
    }
    const metric = entry.name;
    const lifetime = entry.period === 'lifetime';
    const push = (value: unknown, endTime: number, breakdown?: string) => {
      if (!okValue(value)) return void out.skipped++;
      const p: InsightPoint = {
        objectId: src.objectId,
        network: src.network,
        metric,
        period: lifetime && src.windowEnd === undefined ? 'lifetime' : 'day',
        endTime,
        value,
      };
      if (breakdown !== undefined) p.breakdown = breakdown;
      out.items.push(p);
    };
    const keyed = (obj: Record<string, unknown>, endTime: number, dim: string) => {
      const keys = Object.keys(obj);
      if (keys.length > MAX_KEYS) return void out.skipped++;
      for (const k of keys) if (okName(k)) push(obj[k], endTime, `${dim}:${k}`);
    };
    if (Array.isArray(entry.values)) {
      for (const v of entry.values) {
        if (!isObj(v)) {
          out.skipped++;
          continue;
        }
        const at = v.end_time === undefined ? src.fetchedAt : timeOf(v.end_time, now);
        if (at === undefined) {
          out.skipped++;
          continue;
        }
        // A daily value is kept under the day it describes (Meta's Pacific-time days; see dayEndOf).
        const end = v.end_time !== undefined && !lifetime ? dayEndOf(at) : at;
        if (isObj(v.value)) keyed(v.value, end, src.breakdown ?? 'type');
        else push(v.value, end);
      }
    } else if (isObj(entry.total_value)) {
      const tv = entry.total_value;
      const end = src.windowEnd ?? src.fetchedAt;
      if (tv.value !== undefined) push(tv.value, end);
      const breakdowns = Array.isArray(tv.breakdowns) ? tv.breakdowns : [];
      for (const b of breakdowns) {
        const dims = isObj(b) && Array.isArray(b.dimension_keys) ? b.dimension_keys : null;
        const results = isObj(b) && Array.isArray(b.results) ? b.results : null;
        if (!dims || !results || !okName(dims[0])) {
          out.skipped++;
          continue;
        }
        for (const r of results.slice(0, MAX_KEYS)) {
          const key = isObj(r) && Array.isArray(r.dimension_values) ? r.dimension_values[0] : undefined;
          if (!isObj(r) || !okName(key)) {
            out.skipped++;
            continue;
          }
          push(r.value, end, `${dims[0]}:${key}`);
        }
      }
    } else out.skipped++;
  }
  return out;
}
