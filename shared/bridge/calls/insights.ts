// insights/*: Page and Instagram numbers, fetched within Meta's rules (shared/insights/plan.ts) and normalized into
// points the renderer keeps as dated snapshots. The rejected-metric drop-and-retry happens in the host.
import { z } from 'zod';
import { EpochMs } from '../../models';
import { call } from '../define';
import { GraphNodeId } from '../ids';

/** Points in one answer: 2 years × every Page metric and breakdown fits well below it. */
export const MAX_INSIGHT_POINTS = 20_000;
/** Posts or media items per insights/items call. */
export const MAX_INSIGHT_ITEMS = 25;

const Network = z.enum(['facebook', 'instagram']);
/** A Page post id is `<page id>_<post id>`; every other insights object id is digits. */
const InsightsObjectId = z
  .string()
  .regex(/^\d{1,32}(_\d{1,32})?$/, 'This is not a Facebook or Instagram id.');

export const InsightPoint = z.object({
  objectId: InsightsObjectId,
  network: Network,
  metric: z.string().min(1).max(100),
  period: z.enum(['day', 'lifetime']),
  endTime: EpochMs,
  value: z.number().finite().min(0),
  breakdown: z.string().max(300).optional(),
});

const Answer = z.object({
  points: z.array(InsightPoint).max(MAX_INSIGHT_POINTS),
  /** Metrics Meta rejected as not valid (retired): left out, the rest still answered. */
  dropped: z
    .array(
      z.object({
        name: z.string().max(100),
        object: z.enum(['page', 'post', 'video', 'ig_account', 'ig_media']),
        reason: z.string().max(500),
      }),
    )
    .max(200),
  /** Objects Meta had no numbers for, and why. */
  unavailable: z
    .array(
      z.object({
        objectId: InsightsObjectId,
        reason: z.enum([
          'page-under-100-likes',
          'account-under-100-followers',
          'delay-48h',
          'not-enough-viewers',
          'story-expired',
        ]),
      }),
    )
    .max(MAX_INSIGHT_ITEMS + 2),
  /** Malformed entries or values left out. */
  skipped: z.number().int().min(0),
  fetchedAt: EpochMs,
});
export type InsightsAnswer = z.infer<typeof Answer>;

const Item = z
  .object({
    kind: z.enum(['post', 'media']),
    nativeId: InsightsObjectId,
    /** A Facebook video or reel: its video id (read through video_insights). */
    videoId: GraphNodeId.optional(),
    mediaType: z.enum(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM']).optional(),
    productType: z.enum(['FEED', 'REELS', 'STORY', 'AD']).optional(),
    timestamp: EpochMs,
  })
  .strict();

export const insightsCalls = {
  'insights/account': call({
    summary: "The Page's or Instagram account's daily numbers for a range of days (Meta keeps 2 years).",
    request: z.object({ accountId: GraphNodeId, network: Network, since: EpochMs, until: EpochMs }).strict(),
    response: Answer,
  }),
  'insights/demographics': call({
    summary: "The Instagram account's follower demographics (age, gender, country, city).",
    request: z.object({ accountId: GraphNodeId }).strict(),
    response: Answer,
  }),
  'insights/items': call({
    summary: 'Lifetime numbers of some posts and media items (stories only while live).',
    request: z.object({ accountId: GraphNodeId, items: z.array(Item).max(MAX_INSIGHT_ITEMS) }).strict(),
    response: Answer,
  }),
} as const;
