// What opening a conversation does besides showing it: no notifications for it while it is on screen, it is marked
// read (here, and on Meta unless the user turned that off), and its messages are fetched when never fetched or stale.
import { useEffect } from 'react';
import { type Bridge } from '../../bridge';
import { type ConversationRow, type DuetDb } from '../../data/db';
import { needsMessages } from '../../data/repos/inbox';
import { syncConversationMessages } from '../../data/streams/inbox';
import { markConversationRead } from './mark-read';
import { inboxNotifierFor } from './notifier';

/** Runs the effects of having `conversation` open in the thread view. */
export function useOpenedConversation(
  db: DuetDb,
  bridge: Bridge,
  conversation: ConversationRow,
  markSeen: boolean,
): void {
  const convId = conversation.id;

  // No notification for this conversation while it is on screen and the window has focus.
  useEffect(() => {
    const notifier = inboxNotifierFor(bridge);
    notifier.setOpenConversation(convId);
    return () => notifier.setOpenConversation(null);
  }, [bridge, convId]);

  // Opening marks it read here, and on Meta with mark_seen unless the user turned that off.
  const { unread, updatedTime, messagesSyncedFor, messagesUnsettled } = conversation;
  useEffect(() => {
    if (!unread) return;
    markConversationRead(
      db,
      bridge,
      {
        id: convId,
        accountId: conversation.accountId,
        platform: conversation.platform,
        customer: { id: conversation.customer.id },
      },
      markSeen,
    );
  }, [
    db,
    bridge,
    convId,
    unread,
    markSeen,
    conversation.accountId,
    conversation.platform,
    conversation.customer.id,
  ]);

  // A conversation never fetched (or moved since) gets its messages now; offline, what is stored is shown.
  useEffect(() => {
    if (!needsMessages({ updatedTime, messagesSyncedFor, messagesUnsettled })) return;
    void syncConversationMessages(db, bridge, conversation).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refetch only when the conversation moved.
  }, [db, bridge, convId, updatedTime, messagesSyncedFor, messagesUnsettled]);
}
