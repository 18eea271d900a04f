// One outbox per open store: created and started by the shell, used by the composer and the thread view.
import { useEffect, useMemo } from 'react';
import { type Bridge } from '../../bridge';
import { type DuetDb } from '../../data/db';
import { createOutbox } from '../../data/outbox/outbox';
import { type Outbox } from '../../data/outbox/types';

const outboxes = new WeakMap<DuetDb, Outbox>();

/** The outbox of a store (created on first use; one per database so two sends never race each other). */
export function outboxFor(db: DuetDb, bridge: Bridge): Outbox {
  let outbox = outboxes.get(db);
  if (!outbox) {
    outbox = createOutbox({ db, bridge, useWebLock: true });
    outboxes.set(db, outbox);
  }
  return outbox;
}

/** Runs the outbox of the open store while the shell is mounted (the session gate pauses and resumes it). */
export function useOutbox(db: DuetDb | null, bridge: Bridge): Outbox | null {
  const outbox = useMemo(() => (db ? outboxFor(db, bridge) : null), [db, bridge]);
  useEffect(() => {
    if (!db || !outbox) return;
    const ob = outbox;
    void ob.start();
    return () => {
      ob.stop();
    };
  }, [db, bridge, outbox]);
  return outbox;
}
