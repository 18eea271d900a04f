// Runs the comment action queue of the open store while the shell is mounted (use-lazy-runner.ts), so hides,
// replies and deletes queued offline (or before a reload) are applied when the network returns without the Comments
// view being opened; the views get the same queue from `commentQueueFor` (one per database).
import { type Bridge } from '../bridge';
import { type CommentActionQueue } from '../data/comment-actions/queue';
import { type DuetDb } from '../data/db';
import { useLazyRunner } from './use-lazy-runner';

const load = () => import('../features/comments/comment-queue').then((m) => m.commentQueueFor);

/** The running comment action queue of `db` (null until it is loaded and started, or without a store). */
export function useCommentRunner(db: DuetDb | null, bridge: Bridge): CommentActionQueue | null {
  return useLazyRunner(db, bridge, load);
}
