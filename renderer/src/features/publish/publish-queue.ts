// One publish queue per open store: started by the shell (app/use-publish-runner.ts), used by the composer and the
// Posts view. Its code is loaded with a dynamic import (it stays out of the first download). Beside it, one upload
// progress source per bridge, fed by the queue's chunks and the host's `publish/upload-progress` events.
import { type Bridge } from '../../bridge';
import { type DuetDb } from '../../data/db';
import { createBridgePublisher } from '../../data/publish/bridge-publisher';
import { createPublishQueue, type PublishQueue } from '../../data/publish/queue';
import { createUploadProgress, type UploadProgress } from '../../data/publish/upload-progress';
import { rememberCreatorAccount } from '../../data/repos/publish';
import { recordUsage } from '../../data/repos/publish-usage';

const queues = new WeakMap<DuetDb, PublishQueue>();
const progresses = new WeakMap<Bridge, UploadProgress>();

/** The upload progress of this bridge's uploads (created, and subscribed to the host, on first use). */
export function uploadProgressFor(bridge: Bridge): UploadProgress {
  let p = progresses.get(bridge);
  if (!p) {
    const source = createUploadProgress();
    bridge.on('publish/upload-progress', (e) => source.toMeta(e));
    progresses.set(bridge, (p = source));
  }
  return p;
}

/** The publish queue of a store (created on first use; one per database so two targets never race). */
export function publishQueueFor(db: DuetDb, bridge: Bridge): PublishQueue {
  let queue = queues.get(db);
  if (!queue) {
    const publisher = createBridgePublisher(bridge, {
      onCreatorAccount: (igId) => void rememberCreatorAccount(db, igId).catch(() => undefined),
      // A record that cannot be written leaves the count low; the publish itself goes on.
      onContainer: ({ igAccountId, targetId }) =>
        recordUsage(
          db,
          { kind: 'ig-container', accountId: igAccountId, targetId, at: Date.now() },
          Date.now(),
        ).catch(() => undefined),
      progress: uploadProgressFor(bridge),
    });
    queue = createPublishQueue({ db, publisher, useWebLock: true });
    queues.set(db, queue);
  }
  return queue;
}
