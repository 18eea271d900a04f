// The conversation a comment's private reply opened, once the inbox has stored it: Facebook names it on the comment
// (`private_reply_conversation`), for Instagram the host finds the person's conversation when the reply is sent
// (gateway/comment-writes.ts). Messenger conversations go with Facebook comments, Instagram Direct with Instagram.
import { useLiveQuery } from 'dexie-react-hooks';
import { makeId } from '../../../../shared/store-id';
import { type CommentRow, type ConversationRow, type DuetDb } from '../../data/db';
import { getConversation } from '../../data/repos/inbox';

/** The stored conversation of `c`'s private reply (undefined while unknown or not synced yet); live. */
export function usePrivateReplyConversation(db: DuetDb, c: CommentRow): ConversationRow | undefined {
  const native = c.privateReply?.conversationId;
  const id = native ? makeId(c.platform === 'fb' ? 'messenger' : 'instagram', native) : undefined;
  return useLiveQuery(async () => (id ? await getConversation(db, id) : undefined), [db, id]);
}
