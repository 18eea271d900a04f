// Runs the comment action queue of the open store while the shell is mounted, so hides, replies and deletes queued
// offline (or before a reload) are applied when the network returns without the Comments view being opened. Loaded
// with a dynamic import after the first paint, like the outbox and the publish queue; the views get the same queue
// from `commentQueueFor` (one per database).
import { useEffect } from 'react';
import { type Bridge } from '../bridge';
import { type DuetDb } from '../data/db';

/** Starts the comment action queue of `db` (nothing without a store) and stops it when the shell goes. */
export function useCommentRunner(db: DuetDb | null, bridge: Bridge): void {
  useEffect(() => {
    if (!db) return;
    let live = true;
    let stop: (() => void) | null = null;
    void import('../features/comments/comment-queue').then(({ commentQueueFor }) => {
      if (!live) return;
      const queue = commentQueueFor(db, bridge);
      void queue.start();
      stop = () => queue.stop();
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [db, bridge]);
}
