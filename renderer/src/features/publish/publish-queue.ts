// One publish queue per open store: started by the shell (app/use-publish-runner.ts), used by the composer and the
// Posts view. Its code is loaded with a dynamic import (it stays out of the first download).
import { type Bridge } from '../../bridge';
import { type DuetDb } from '../../data/db';
import { createBridgePublisher } from '../../data/publish/bridge-publisher';
import { createPublishQueue, type PublishQueue } from '../../data/publish/queue';
import { rememberCreatorAccount } from '../../data/repos/publish';

const queues = new WeakMap<DuetDb, PublishQueue>();

/** The publish queue of a store (created on first use; one per database so two targets never race). */
export function publishQueueFor(db: DuetDb, bridge: Bridge): PublishQueue {
  let queue = queues.get(db);
  if (!queue) {
    const publisher = createBridgePublisher(bridge, {
      onCreatorAccount: (igId) => void rememberCreatorAccount(db, igId).catch(() => undefined),
    });
    queue = createPublishQueue({ db, publisher, useWebLock: true });
    queues.set(db, queue);
  }
  return queue;
}
