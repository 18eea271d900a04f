// Runs the publish queue of the open store while the shell is mounted (use-lazy-runner.ts), so queued posts and
// Duet's own schedules go out whatever view is on screen.
import { type Bridge } from '../bridge';
import { type DuetDb } from '../data/db';
import { type PublishQueue } from '../data/publish/queue';
import { useLazyRunner } from './use-lazy-runner';

const load = () => import('../features/publish/publish-queue').then((m) => m.publishQueueFor);

/** The running publish queue of `db` (null until it is loaded and started, or without a store). */
export function usePublishRunner(db: DuetDb | null, bridge: Bridge): PublishQueue | null {
  return useLazyRunner(db, bridge, load);
}
