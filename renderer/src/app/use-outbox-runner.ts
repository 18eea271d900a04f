// Runs the outbox of the open store while the shell is mounted (use-lazy-runner.ts); the composer gets the same
// outbox from `outboxFor` (one per database).
import { type Bridge } from '../bridge';
import { type DuetDb } from '../data/db';
import { type Outbox } from '../data/outbox/types';
import { useLazyRunner } from './use-lazy-runner';

const load = () => import('../features/inbox/use-outbox').then((m) => m.outboxFor);

/** The running outbox of `db` (null until it is loaded and started, or without a store). */
export function useOutboxRunner(db: DuetDb | null, bridge: Bridge): Outbox | null {
  return useLazyRunner(db, bridge, load);
}
