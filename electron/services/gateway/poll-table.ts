// What each synced stream asks Graph for in a poll tick: one row per stream name (shared/streams.ts). Adding a
// stream adds a row here; the gateway's poll builds the batch and normalizes the answers from this table.
import type { PollPages } from '../../../shared/bridge/calls/sync';
import {
  normalizeConversations,
  normalizeMedia,
  normalizePosts,
  normalizeStories,
  type Normalized,
} from '../../../shared/graph/normalize';
import type { Account, MessagingPlatform } from '../../../shared/models';
import { INBOX_STREAMS, type PolledStream as StreamName } from '../../../shared/streams';
import { CONVERSATION_FIELDS, MEDIA_FIELDS, POST_FIELDS, STORY_FIELDS } from './fields';

type PageItem<K extends StreamName> = NonNullable<PollPages[K]>['items'][number];

/** One stream's row: the Graph node and edge of its newest page, and how to read the answer. */
export interface PollSpec<K extends StreamName> {
  /** The node whose edge holds the stream; undefined when the account has none (no linked Instagram account). */
  node(acc: Account): string | undefined;
  edge: string;
  fields: string;
  /** Extra query parameters (the conversations edge takes `platform`). */
  params?: Record<string, string>;
  normalize(raw: unknown, acc: Account, selfIds: readonly string[]): Normalized<PageItem<K>>;
}

const conversationsOf = <P extends MessagingPlatform>(platform: P): PollSpec<P> => ({
  // Instagram conversations are read through the Page too, with the Page token (Conversations API), but only
  // when an Instagram account is linked.
  node: (acc) => (platform === 'messenger' || acc.instagram ? acc.id : undefined),
  edge: 'conversations',
  fields: CONVERSATION_FIELDS,
  params: { platform },
  normalize: (raw, acc, self) => normalizeConversations(raw, acc.id, platform, self),
});

/** Every stream's row (a missing or misspelt stream is a compile error). */
export const POLL_TABLE: { [K in StreamName]: PollSpec<K> } = {
  feed: {
    node: (acc) => acc.id,
    edge: 'feed',
    fields: POST_FIELDS,
    normalize: (raw, acc) => normalizePosts(raw, acc.id),
  },
  gallery: {
    node: (acc) => acc.instagram?.id,
    edge: 'media',
    fields: MEDIA_FIELDS,
    normalize: (raw, acc) => normalizeMedia(raw, acc.id),
  },
  stories: {
    node: (acc) => acc.instagram?.id,
    edge: 'stories',
    fields: STORY_FIELDS,
    normalize: (raw, acc) => normalizeStories(raw, acc.id),
  },
  messenger: conversationsOf('messenger'),
  instagram: conversationsOf('instagram'),
};

/** True for the streams whose pages list conversations (the gateway learns which conversations are the Page's). */
export function isInboxStream(stream: StreamName): stream is MessagingPlatform {
  return (INBOX_STREAMS as readonly string[]).includes(stream);
}
