// The words of comment actions as the list shows them while they are queued, going out, done or refused.
import { type CommentActionRow } from '../../data/db';

/** What an action is, in a few words ("Hide", "Reply “Thanks!”"). */
export function actionLabel(row: Pick<CommentActionRow, 'action'>): string {
  const a = row.action;
  switch (a.kind) {
    case 'reply':
      return `Reply “${a.text.length > 40 ? `${a.text.slice(0, 40)}…` : a.text}”`;
    case 'hide':
      return a.hidden ? 'Hide' : 'Unhide';
    case 'delete':
      return 'Delete';
    case 'like':
      return a.liked ? 'Like' : 'Unlike';
    case 'private-reply':
      return 'Private reply';
    case 'comments-enabled':
      return a.enabled ? 'Turn comments on' : 'Turn comments off';
  }
}

/** Where an action is, in words. */
export function actionState(row: Pick<CommentActionRow, 'state' | 'reason'>, online: boolean): string {
  switch (row.state) {
    case 'queued':
      if (!online) return 'waits until you are online';
      return row.reason ? `will try again (${row.reason})` : 'waiting to go out';
    case 'sending':
      return 'going out';
    case 'unconfirmed':
      return 'checking it reached Meta';
    case 'done':
      return 'done';
    case 'failed':
      return `not done: ${row.reason ?? 'Meta refused it.'}`;
  }
}

/** Why Meta does not allow liking an Instagram comment. */
export const IG_NO_LIKE = 'Instagram does not let apps like comments.';

/** Why "Reply privately" is not offered again: Meta allows one private reply per comment. */
export const PRIVATE_REPLY_SENT = 'Already sent: Meta allows one private reply per comment.';

/** Why "Reply privately" waits: the one allowed is queued or going out. */
export const PRIVATE_REPLY_QUEUED = 'A private reply is on its way (one per comment).';
