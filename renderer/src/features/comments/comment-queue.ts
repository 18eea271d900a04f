// One comment action queue per open store: started by the shell (app/use-comment-runner.ts), so actions queued
// offline go out when the network returns whatever view is on screen (after a reload too); used by the Comments
// view and a post's comments panel. Its code is loaded with a dynamic import (it stays out of the first download).
import { useLiveQuery } from 'dexie-react-hooks';
import { type Bridge } from '../../bridge';
import { createCommentActionQueue, type CommentActionQueue } from '../../data/comment-actions/queue';
import { type CommentActionRow, type DuetDb } from '../../data/db';
import { actionsOfLanes } from '../../data/repos/comment-actions';

const queues = new WeakMap<DuetDb, CommentActionQueue>();

/**
 * The comment action queue of a store (created on first use; one per database so two lanes never race). The shell
 * starts and stops it; an action queued before it runs waits on disk and goes out once it starts.
 */
export function commentQueueFor(db: DuetDb, bridge: Bridge): CommentActionQueue {
  let q = queues.get(db);
  if (!q) {
    q = createCommentActionQueue({ db, bridge, useWebLock: true });
    queues.set(db, q);
  }
  return q;
}

/** The actions of one lane (a comment's store id), oldest first; live. */
export function useLaneActions(db: DuetDb, lane: string): CommentActionRow[] {
  return useLiveQuery(() => actionsOfLanes(db, [lane]), [db, lane], []);
}
