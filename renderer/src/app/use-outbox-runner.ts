// Runs the outbox of the open store while the shell is mounted (the session gate pauses and resumes it). The outbox
// code is loaded with a dynamic import, so it stays out of the first download; the shell passes the store only
// once the first screen has painted. The composer gets the same outbox from `outboxFor` (one per database).
import { useEffect, useState } from 'react';
import { type Bridge } from '../bridge';
import { type DuetDb } from '../data/db';
import { type Outbox } from '../data/outbox/types';

/** The running outbox of `db` (null until it is loaded and started, or without a store). */
export function useOutboxRunner(db: DuetDb | null, bridge: Bridge): Outbox | null {
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  useEffect(() => {
    if (!db) return;
    let live = true;
    let started: Outbox | null = null;
    void import('../features/inbox/use-outbox').then(({ outboxFor }) => {
      if (!live) return;
      started = outboxFor(db, bridge);
      void started.start();
      setOutbox(started);
    });
    return () => {
      live = false;
      started?.stop();
      setOutbox(null);
    };
  }, [db, bridge]);
  return outbox;
}
