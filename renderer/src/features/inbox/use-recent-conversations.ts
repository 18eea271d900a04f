// The account's most recently active conversations, live (for announcing new messages wherever the user is).
import { useLiveQuery } from 'dexie-react-hooks';
import { type ConversationRow, type DuetDb } from '../../data/db';
import { listConversations } from '../../data/repos/inbox';

/** How many of the newest conversations are watched for new messages. */
const RECENT = 20;

/** The newest conversations of the account (undefined while the store opens or the query runs). */
export function useRecentConversations(
  db: DuetDb | null,
  accountId: string | undefined,
): ConversationRow[] | undefined {
  return useLiveQuery(
    () => (db && accountId ? listConversations(db, accountId, { limit: RECENT }) : undefined),
    [db, accountId],
  );
}
