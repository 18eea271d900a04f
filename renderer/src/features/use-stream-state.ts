// One sync stream's stored bookkeeping (items, backfill cursor, last error), live: a column's header reads it to say
// how far it got when the engine's live status has not arrived yet.
import { useLiveQuery } from 'dexie-react-hooks';
import { type DuetDb } from '../data/db';
import { type ContentSyncState, getSyncState } from '../data/repos/content';

/** The stored sync state of `stream` for the account (undefined before the first sync or while it loads). */
export function useStreamState(db: DuetDb, accountId: string, stream: string): ContentSyncState | undefined {
  return useLiveQuery(() => getSyncState(db, accountId, stream), [db, accountId, stream]);
}
