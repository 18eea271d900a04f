// The names of the synced streams, used in every layer (poll request and result, sync state, progress, errors).
// One name per thing: the Instagram grid is `gallery` everywhere.
import { type MessagingPlatform } from './models';

/** The streams a poll tick reads (one Graph batch per tick), in the order the poll asks for them. */
export const POLLED_STREAMS = ['feed', 'gallery', 'stories', 'messenger', 'instagram'] as const;
/** The name of one polled stream. */
export type PolledStream = (typeof POLLED_STREAMS)[number];
/**
 * Every synced stream: the polled ones; comments, which reads the comment counts on the feed's and gallery's poll
 * pages and fetches only the threads whose count moved; and insights, which fetches on its own slow schedule.
 */
export const STREAM_NAMES = [...POLLED_STREAMS, 'comments', 'insights'] as const;
/** The name of one synced stream. */
export type StreamName = (typeof STREAM_NAMES)[number];

/** True for a stream the poll tick reads. */
export function isPolledStream(name: string): name is PolledStream {
  return (POLLED_STREAMS as readonly string[]).includes(name);
}

/** The inbox streams are named after their messaging platform. */
export const INBOX_STREAMS = ['messenger', 'instagram'] as const satisfies readonly (StreamName &
  MessagingPlatform)[];

/** True for a known stream name (names arrive as strings from storage and the host). */
export function isStreamName(name: string): name is StreamName {
  return (STREAM_NAMES as readonly string[]).includes(name);
}
