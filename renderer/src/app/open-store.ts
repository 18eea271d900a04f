// Which local store the shell has open right now (at most one per page). Module state, read through onOpenStore and
// never put on `window`: only code bundled with the app can see it.
import { type DuetDb } from '../data/db';

type Listener = (db: DuetDb | null) => void;

let current: DuetDb | null = null;
const listeners = new Set<Listener>();

function set(db: DuetDb | null) {
  if (db === current) return;
  current = db;
  for (const listener of listeners) listener(db);
}

/** The shell opened `db` (and claimed it for the signed-in user). */
export function storeOpened(db: DuetDb): void {
  set(db);
}

/** The shell closed `db`; nothing changes if another store has been opened since. */
export function storeClosed(db: DuetDb): void {
  if (current === db) set(null);
}

/** Calls `listener` with the open store (or null) now and on every change; returns the unsubscribe function. */
export function onOpenStore(listener: Listener): () => void {
  listeners.add(listener);
  listener(current);
  return () => listeners.delete(listener);
}
