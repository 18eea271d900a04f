// Offline search over every stored message of an account, live.
import { useLiveQuery } from 'dexie-react-hooks';
import { type DuetDb } from '../../data/db';
import { searchMessages } from '../../data/repos/inbox';

/** How many hits the search shows. */
const HITS = 50;

/** The messages matching `query` (undefined while the search runs). */
export function useMessageSearch(db: DuetDb, accountId: string, query: string) {
  return useLiveQuery(() => searchMessages(db, accountId, query, HITS), [db, accountId, query]);
}
