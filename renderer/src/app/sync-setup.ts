// The app's sync engine: the content, inbox, comments and insights streams, with new messages and comments announced. Its own chunk,
// imported by use-sync.ts once the first screen has painted (the engine is not needed to show stored rows).
import { type Bridge } from '../bridge';
import { type DuetDb } from '../data/db';
import { commentsStream } from '../data/streams/comments';
import { contentStreams } from '../data/streams/content';
import { inboxStreams } from '../data/streams/inbox';
import { insightsStream } from '../data/streams/insights';
import { createSyncEngine } from '../data/sync/engine';
import { type SyncEngine } from '../data/sync/types';
import { commentNotifierFor } from '../features/comments/notifier';
import { inboxNotifierFor } from '../features/inbox/notifier';

/** A sync engine for the open store (`focused`: a shorter focused poll interval in ms, if set). */
export function createAppEngine(db: DuetDb, bridge: Bridge, focused: number | undefined): SyncEngine {
  return createSyncEngine({
    db,
    bridge,
    streams: [
      ...contentStreams(),
      ...inboxStreams({ onInbound: (messages) => void inboxNotifierFor(bridge).notify(messages) }),
      commentsStream({ onNew: (comments) => void commentNotifierFor(bridge).notify(comments) }),
      insightsStream(),
    ],
    ...(focused ? { intervals: { focused } } : {}),
  });
}
