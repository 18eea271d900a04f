// The rules of comments that every layer must read the same way: the private-reply window and "unanswered".
// Private replies: one message per comment, sent within 7 days of the comment
// (https://developers.facebook.com/documentation/business-messaging/messenger-platform/discovery/private-replies ,
// https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/private-replies).
import { type Comment } from './models';

/** How long after a comment its private reply may be sent. */
export const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** What the private reply of a comment can be now. */
export type PrivateReplyState =
  | { kind: 'sent' }
  | { kind: 'open'; closesAt: number }
  | { kind: 'closed'; reason: 'expired' | 'not-allowed' };

/**
 * The private-reply state of `c` at `now` (Meta's clock as well as Duet knows it): sent once → `sent` forever;
 * otherwise open until 7 days after the comment, when Meta allows it at all (`canReplyPrivately`). A comment dated
 * in the future (a skewed clock) is open for the whole window from its own time, never longer.
 */
export function privateReplyState(
  c: Pick<Comment, 'createdTime' | 'canReplyPrivately' | 'privateReply' | 'fromPage'>,
  now: number,
): PrivateReplyState {
  if (c.privateReply) return { kind: 'sent' };
  if (c.fromPage || !c.canReplyPrivately) return { kind: 'closed', reason: 'not-allowed' };
  // A time more than a window ahead is no skew but junk: nothing is promised for it.
  if (!Number.isFinite(c.createdTime) || c.createdTime - now > PRIVATE_REPLY_WINDOW_MS)
    return { kind: 'closed', reason: 'not-allowed' };
  const closesAt = c.createdTime + PRIVATE_REPLY_WINDOW_MS;
  if (now >= closesAt) return { kind: 'closed', reason: 'expired' };
  return { kind: 'open', closesAt };
}

/**
 * Unanswered: a person's comment with no reply from the Page under it and no private reply, which the user has not
 * marked done. Replies are the comment's own (`parentId` = its id); a Page reply to someone else's reply in the same
 * thread does not answer this comment.
 */
export function isUnanswered(
  c: Pick<Comment, 'id' | 'fromPage' | 'privateReply'>,
  replies: ReadonlyArray<Pick<Comment, 'parentId' | 'fromPage'>>,
  markedDone = false,
): boolean {
  if (c.fromPage || c.privateReply || markedDone) return false;
  return !replies.some((r) => r.parentId === c.id && r.fromPage);
}
