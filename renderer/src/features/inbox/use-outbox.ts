// One outbox per open store: created and started by the shell, used by the composer and the thread view.
import { useEffect, useMemo } from 'react';
import { type SessionState } from '../../../../shared/bridge/calls/session';
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

/** Runs the outbox of the open store while the shell is mounted; pauses it while the session is not active. */
export function useOutbox(
  db: DuetDb | null,
  bridge: Bridge,
  sessionStatus: SessionState['status'],
): Outbox | null {
  const outbox = useMemo(() => (db ? outboxFor(db, bridge) : null), [db, bridge]);
  useEffect(() => {
    if (!db || !outbox) return;
    const ob = outbox;
    void ob.start();
    return () => {
      ob.stop();
    };
  }, [db, bridge, outbox]);
  useEffect(() => {
    if (!outbox) return;
    if (sessionStatus === 'active') outbox.resume();
    else outbox.pause(sessionStatus === 'expired' ? 'session-expired' : 'signed-out');
  }, [outbox, sessionStatus]);
  return outbox;
}
