// The names of the synced streams, used in every layer (poll request and result, sync state, progress, errors).
// One name per thing: the Instagram grid is `gallery` everywhere.
import { type MessagingPlatform } from './models';

/** Every synced stream, in the order the poll asks for them. */
export const STREAM_NAMES = ['feed', 'gallery', 'stories', 'messenger', 'instagram', 'comments'] as const;
/** The name of one synced stream. */
export type StreamName = (typeof STREAM_NAMES)[number];

/** The inbox streams are named after their messaging platform. */
export const INBOX_STREAMS = ['messenger', 'instagram'] as const satisfies readonly (StreamName &
  MessagingPlatform)[];

/** True for a known stream name (names arrive as strings from storage and the host). */
export function isStreamName(name: string): name is StreamName {
  return (STREAM_NAMES as readonly string[]).includes(name);
}
