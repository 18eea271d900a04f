// The total unread count of an account, live (for the window title, the app badge and the Inbox tab).
import { useLiveQuery } from 'dexie-react-hooks';
import { type DuetDb } from '../../data/db';
import { totalUnread } from '../../data/repos/inbox';

/** Total unread messages of the account (0 while the store is opening). */
export function useTotalUnread(db: DuetDb | null, accountId: string | undefined): number {
  return useLiveQuery(() => (db && accountId ? totalUnread(db, accountId) : 0), [db, accountId], 0);
}
