// How a conversation's customer is named everywhere the inbox names them: the list, the thread header, search
// results, notifications, the screen reader's "new message" announcement and the command palette. Instagram often
// gives only a user name, and Meta may give neither.
import { type ConversationRow } from '../../data/db';

/** The customer's name, else their @user name, else "Unknown person". */
export function customerName(c: Pick<ConversationRow, 'customer'>): string {
  return c.customer.name ?? (c.customer.username ? `@${c.customer.username}` : 'Unknown person');
}
