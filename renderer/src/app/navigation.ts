// How a view sends the user to another one: a comment to the conversation its private reply opened (the Inbox),
// a conversation back to the comment it started from (its post's comments beside Home). The shell provides it.
import { createContext } from 'react';

/** Moves between views; null outside the signed-in shell. */
export interface Navigation {
  /** Opens a conversation (store id) in the Inbox. */
  showConversation(id: string): void;
  /** Opens the comments of a post or medium (store id) beside Home. */
  showComments(postId: string): void;
}

export const NavigationContext = createContext<Navigation | null>(null);
