// What can be done with a thread from the list. "Mark done" is local: the comment leaves Unanswered.
import { isUnanswered } from '../../../../shared/comment-rules';
import { type DuetDb } from '../../data/db';
import { setCommentDone } from '../../data/repos/comments';
import { type Thread } from './use-comments';

/** The actions row of a thread. */
export function CommentActions({ db, thread, now }: { db: DuetDb; thread: Thread; now: number }) {
  const c = thread.comment;
  if (c.fromPage) return null;
  const done = c.doneAt !== undefined;
  const open = isUnanswered(c, thread.replies);
  if (!done && !open) return null;
  return (
    <button
      className="btn btn-sm"
      onClick={() => void setCommentDone(db, c.id, !done, now)}
      data-testid="mark-done"
    >
      {done ? 'Mark not done' : 'Mark done'}
    </button>
  );
}
