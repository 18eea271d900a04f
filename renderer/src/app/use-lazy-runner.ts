// One way for the shell to run a store's background queue (the outbox, the publish queue, the comment action queue):
// its code is loaded with a dynamic import once the shell has a store (after the first paint, so it stays out of the
// first download), the store's one queue is started, and it is stopped when the shell or the store goes. The session
// gate pauses and resumes what this returns.
import { useEffect, useState } from 'react';
import { type Bridge } from '../bridge';
import { type DuetDb } from '../data/db';

/** A queue the shell runs. */
export interface ShellRunnable {
  start(): unknown;
  stop(): void;
}

/**
 * The running queue of `db` (null until it is loaded and started, or without a store). `load` resolves to the
 * queue's "one per database" getter; pass a function defined once at module level, so it never restarts the queue.
 */
export function useLazyRunner<T extends ShellRunnable>(
  db: DuetDb | null,
  bridge: Bridge,
  load: () => Promise<(db: DuetDb, bridge: Bridge) => T>,
): T | null {
  const [queue, setQueue] = useState<T | null>(null);
  useEffect(() => {
    if (!db) return;
    let live = true;
    let started: T | null = null;
    void load().then((queueFor) => {
      if (!live) return;
      started = queueFor(db, bridge);
      void started.start();
      setQueue(started);
    });
    return () => {
      live = false;
      started?.stop();
      setQueue(null);
    };
  }, [db, bridge, load]);
  return queue;
}
