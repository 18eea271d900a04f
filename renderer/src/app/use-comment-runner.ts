// Runs the comment action queue of the open store while the shell is mounted (the session gate pauses and resumes
// it), so hides, replies and deletes queued offline (or before a reload) are applied when the network returns
// without the Comments view being opened. Loaded with a dynamic import after the first paint, like the outbox and
// the publish queue; the views get the same queue from `commentQueueFor` (one per database).
import { useEffect, useState } from 'react';
import { type Bridge } from '../bridge';
import { type CommentActionQueue } from '../data/comment-actions/queue';
import { type DuetDb } from '../data/db';

/** The running comment action queue of `db` (null until it is loaded and started, or without a store). */
export function useCommentRunner(db: DuetDb | null, bridge: Bridge): CommentActionQueue | null {
  const [queue, setQueue] = useState<CommentActionQueue | null>(null);
  useEffect(() => {
    if (!db) return;
    let live = true;
    let started: CommentActionQueue | null = null;
    void import('../features/comments/comment-queue').then(({ commentQueueFor }) => {
      if (!live) return;
      started = commentQueueFor(db, bridge);
      void started.start();
      setQueue(started);
    });
    return () => {
      live = false;
      started?.stop();
      setQueue(null);
    };
  }, [db, bridge]);
  return queue;
}
