// One outbox per open store: started by the shell (app/use-outbox-runner.ts), used by the composer and the thread
// view.
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
