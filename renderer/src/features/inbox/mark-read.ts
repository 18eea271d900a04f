// Marking a conversation read: in Duet's store always, on Meta (mark_seen, the sender sees "Seen") only when the
// user keeps read receipts on. Opening a conversation and the "Mark as read" command both come here.
import { type Bridge } from '../../bridge';
import { type ConversationRow, type DuetDb } from '../../data/db';
import { markReadLocally } from '../../data/repos/inbox';

/** Marks the conversation read locally, and on Meta when `sendReceipt`. Never throws (offline: local only). */
export function markConversationRead(
  db: DuetDb,
  bridge: Bridge,
  conversation: Pick<ConversationRow, 'id' | 'accountId' | 'platform' | 'customer'>,
  sendReceipt: boolean,
): void {
  void markReadLocally(db, conversation.id);
  if (!sendReceipt) return;
  void bridge
    .invoke('inbox/mark-seen', {
      accountId: conversation.accountId,
      platform: conversation.platform,
      recipientId: conversation.customer.id,
    })
    .catch(() => undefined);
}
