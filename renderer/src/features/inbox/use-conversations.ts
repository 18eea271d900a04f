// The inbox's conversation reads, live: one page of the list under a filter, and the one conversation that is open.
import { useLiveQuery } from 'dexie-react-hooks';
import { type ConversationRow, type DuetDb } from '../../data/db';
import { getConversation, type InboxFilter, listConversations } from '../../data/repos/inbox';

/** The newest `limit` conversations of the account under `filter` (undefined while the query runs). */
export function useConversations(
  db: DuetDb,
  accountId: string,
  filter: InboxFilter,
  limit: number,
): ConversationRow[] | undefined {
  return useLiveQuery(
    () => listConversations(db, accountId, { filter, limit }),
    [db, accountId, filter, limit],
  );
}

/** The conversation with this id (undefined while it loads, when there is none, or when no id is given). */
export function useConversation(db: DuetDb, id: string | undefined): ConversationRow | undefined {
  return useLiveQuery(async () => (id ? await getConversation(db, id) : undefined), [db, id]);
}
