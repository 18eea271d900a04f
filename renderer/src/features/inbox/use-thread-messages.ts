// The messages of one conversation, live: the newest `limit` of them (the thread's window) and how many are stored.
import { useLiveQuery } from 'dexie-react-hooks';
import { type DuetDb, type MessageRow } from '../../data/db';
import { countMessages, threadWindow } from '../../data/repos/inbox';

/** The thread's window of messages (undefined while it loads) and the number stored for the conversation. */
export function useThreadMessages(
  db: DuetDb,
  conversationId: string,
  limit: number,
): { messages: MessageRow[] | undefined; stored: number } {
  const messages = useLiveQuery(() => threadWindow(db, conversationId, limit), [db, conversationId, limit]);
  const stored = useLiveQuery(() => countMessages(db, conversationId), [db, conversationId], 0);
  return { messages, stored };
}
