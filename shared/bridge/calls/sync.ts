// sync/*: one poll tick over every stream, and the rate-limit budget that paces it.
import { z } from 'zod';
import { call, event } from '../define';
import { GraphNodeId } from '../ids';
import { PostPage } from './feed';
import { MediaPage, StoryPage } from './gallery';
import { ConversationPage } from './inbox';
import { limit } from './paging';
import { POLLED_STREAMS, STREAM_NAMES, type PolledStream } from '../../streams';

/** Budget use reported by Meta's X-App-Usage / X-Business-Use-Case-Usage headers, per account. */
export const UsageInfo = z.object({
  accountId: z.string(),
  /** Highest percentage seen across call_count / total_time / total_cputime (0–100+). */
  appPct: z.number(),
  businessPct: z.number(),
  /** Epoch ms until which calls for this account are held back; absent when not throttled. */
  throttledUntil: z.number().optional(),
});
export type UsageInfo = z.infer<typeof UsageInfo>;

/** What one poll tick asks for: the streams to refresh, fetched in one Graph batch request with ETags. */
export const PollRequest = z
  .object({
    accountId: GraphNodeId,
    streams: z.array(z.enum(POLLED_STREAMS)).max(POLLED_STREAMS.length).default([]),
    limit,
  })
  .strict();
export type PollRequest = z.input<typeof PollRequest>;

/** The newest page of each requested stream, keyed by stream name (one row per stream: a missing one won't compile). */
export const PollPages = z.object({
  feed: PostPage.optional(),
  gallery: MediaPage.optional(),
  stories: StoryPage.optional(),
  messenger: ConversationPage.optional(),
  instagram: ConversationPage.optional(),
} satisfies Record<PolledStream, z.ZodOptional>);
export type PollPages = z.infer<typeof PollPages>;

/** The newest page of each requested stream (`notModified` when the ETag matched). */
export const PollResult = z.object({
  pages: PollPages,
  /** Streams that failed this tick, with a user-readable reason (the others still count). */
  errors: z.array(z.object({ stream: z.enum(STREAM_NAMES), kind: z.string(), message: z.string() })),
});
export type PollResult = z.infer<typeof PollResult>;

export const syncCalls = {
  'sync/poll': call({
    summary: 'One poll tick: the newest page of several streams in one batch request, ETag-aware.',
    request: PollRequest,
    response: PollResult,
  }),
  'sync/usage': call({
    summary: 'The current rate-limit budget per account.',
    request: z.object({}).strict(),
    response: z.object({ accounts: z.array(UsageInfo) }),
  }),
} as const;

export const syncEvents = {
  'sync/usage-changed': event({
    summary: 'The rate-limit budget of an account changed.',
    payload: UsageInfo,
  }),
} as const;
