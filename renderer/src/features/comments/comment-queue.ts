// One comment action queue per open store, started on first use (the Comments view or a post's comments panel) and
// kept running while the page lives; a reload starts it again with the store's queued rows.
import { useLiveQuery } from 'dexie-react-hooks';
import { type Bridge } from '../../bridge';
import { createCommentActionQueue, type CommentActionQueue } from '../../data/comment-actions/queue';
import { type CommentActionRow, type DuetDb } from '../../data/db';
import { actionsOfLanes } from '../../data/repos/comment-actions';

const queues = new WeakMap<DuetDb, CommentActionQueue>();

/** The running queue of a store. */
export function commentQueueFor(db: DuetDb, bridge: Bridge): CommentActionQueue {
  let q = queues.get(db);
  if (!q) {
    q = createCommentActionQueue({ db, bridge, useWebLock: true });
    queues.set(db, q);
    void q.start();
    if (typeof window !== 'undefined') window.addEventListener('online', () => q?.kick());
  }
  return q;
}

/** The actions of one lane (a comment's store id), oldest first; live. */
export function useLaneActions(db: DuetDb, lane: string): CommentActionRow[] {
  return useLiveQuery(() => actionsOfLanes(db, [lane]), [db, lane], []);
}
