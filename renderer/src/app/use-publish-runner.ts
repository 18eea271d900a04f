// Runs the publish queue of the open store while the shell is mounted (the session gate pauses and resumes it), so
// queued posts and Duet's own schedules go out whatever view is on screen. Loaded with a dynamic import after the
// first paint, like the outbox.
import { useEffect, useState } from 'react';
import { type Bridge } from '../bridge';
import { type DuetDb } from '../data/db';
import { type PublishQueue } from '../data/publish/queue';

/** The running publish queue of `db` (null until it is loaded and started, or without a store). */
export function usePublishRunner(db: DuetDb | null, bridge: Bridge): PublishQueue | null {
  const [queue, setQueue] = useState<PublishQueue | null>(null);
  useEffect(() => {
    if (!db) return;
    let live = true;
    let started: PublishQueue | null = null;
    void import('../features/publish/publish-queue').then(({ publishQueueFor }) => {
      if (!live) return;
      started = publishQueueFor(db, bridge);
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
