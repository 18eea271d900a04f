// The Comments tab's count, live: people's comments sync found that the Comments view has not shown yet. A file of
// its own, so the shell's first download carries only this query, not the view.
import { useLiveQuery } from 'dexie-react-hooks';
import { type DuetDb } from '../../data/db';
import { countComments } from '../../data/repos/comment-lists';

/** People's comments not seen in the Comments view yet (0 while the store opens). */
export function useUnreadComments(db: DuetDb | null, accountId: string | undefined): number {
  return useLiveQuery(
    () => (db && accountId ? countComments(db, accountId, 'unread') : 0),
    [db, accountId],
    0,
  );
}
