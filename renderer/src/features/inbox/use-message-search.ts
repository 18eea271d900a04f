// Offline search over everything stored for an account (messages, comments, post and media text), live.
import { useLiveQuery } from 'dexie-react-hooks';
import { type DuetDb } from '../../data/db';
import { searchComments } from '../../data/repos/comments';
import { searchCaptions } from '../../data/repos/content';
import { searchMessages } from '../../data/repos/inbox';

/** How many hits the search shows. */
const HITS = 50;

/** How many comments and posts the search shows (beside the messages). */
const OTHER_HITS = 20;

/** Messages, comments and posts matching `query` (undefined while the search runs). */
export function useStoredSearch(db: DuetDb, accountId: string, query: string) {
  return useLiveQuery(async () => {
    const [messages, comments, captions] = await Promise.all([
      searchMessages(db, accountId, query, HITS),
      searchComments(db, accountId, query, OTHER_HITS),
      searchCaptions(db, accountId, query, OTHER_HITS),
    ]);
    return { messages, comments, captions };
  }, [db, accountId, query]);
}
