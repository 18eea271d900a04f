import { describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../test/fake-bridge';
import { createBridgePublisher } from './bridge-publisher';
import { type PublishJob } from './publisher';

const T = Date.UTC(2026, 11, 1, 9, 0);

/** A text post natively scheduled on Facebook at `at`. */
const scheduledJob = (at: number) =>
  ({
    post: { id: 'p1', accountId: 'page1', kind: 'text', caption: 'Sale starts now', scheduleAt: at },
    target: {
      id: 'p1|facebook',
      postId: 'p1',
      accountId: 'page1',
      network: 'facebook',
      state: 'unconfirmed',
    },
    caption: 'Sale starts now',
    media: [],
    scheduleAt: at,
  }) as unknown as PublishJob;

function bridgeWith(scheduled: Array<{ postId: string; message: string; scheduledAt: number }>) {
  const bridge = createFakeBridge();
  bridge.handle('publish/fb-scheduled', () => ({ status: 'ok', posts: scheduled }) as never);
  bridge.handle(
    'feed/list',
    () =>
      ({
        items: [{ nativeId: 'page1_77', message: 'Sale starts now', createdTime: T + 60_000 }],
        skipped: 0,
        paging: { hasMore: false },
        notModified: false,
      }) as never,
  );
  return bridge;
}

describe('bridge publisher: finding a natively scheduled post to reconcile', () => {
  it('looks only at the pending scheduled posts while its time is still ahead', async () => {
    const bridge = bridgeWith([
      { postId: 'page1_77', message: 'Sale starts now', scheduledAt: T + 3_600_000 },
    ]);
    const pub = createBridgePublisher(bridge, { now: () => T });
    const r = await pub.recent(scheduledJob(T + 3_600_000));
    expect(r.status === 'ok' && r.value.items.map((i) => i.id)).toEqual(['page1_77']);
    expect(bridge.callsOf('feed/list')).toHaveLength(0);
  });

  it('also looks in the feed once its time has passed (Duet was closed): a post that went live is found', async () => {
    // Facebook moved it from the scheduled posts to the feed while Duet was away.
    const bridge = bridgeWith([]);
    const pub = createBridgePublisher(bridge, { now: () => T + 25 * 3_600_000 });
    const r = await pub.recent(scheduledJob(T + 20 * 60_000));
    expect(r.status === 'ok' && r.value.items.map((i) => [i.id, i.caption])).toEqual([
      ['page1_77', 'Sale starts now'],
    ]);
  });
});

/** Three bytes (jsdom's Blob has no arrayBuffer, which the chunked upload reads). */
const bytes3 = {
  size: 3,
  slice: () => ({ arrayBuffer: async () => new Uint8Array([1, 2, 3]).buffer }),
} as unknown as Blob;

/** A post of `kind` with one file of `fileKind`, for `network`. */
const fileJob = (network: 'facebook' | 'instagram', kind: 'photo' | 'video', fileKind: 'image' | 'video') =>
  ({
    post: { id: 'p2', accountId: 'page1', igAccountId: 'ig1', kind, caption: 'New wax melts' },
    target: { id: `p2|${network}`, postId: 'p2', accountId: 'page1', network, state: 'uploading' },
    caption: 'New wax melts',
    media: [
      {
        id: 'm1',
        name: fileKind === 'image' ? 'a.jpg' : 'a.mp4',
        mime: fileKind === 'image' ? 'image/jpeg' : 'video/mp4',
        kind: fileKind,
        bytes: 3,
        blob: bytes3,
      },
    ],
  }) as unknown as PublishJob;

function uploadingBridge(answer: 'ok' | 'refused' | 'busy') {
  const bridge = createFakeBridge();
  let n = 0;
  bridge.handle('publish/upload-begin', () => ({ uploadId: `up_${++n}`, chunkBytes: 1024 }) as never);
  bridge.handle('publish/upload-chunk', () => ({ receivedBytes: 3 }) as never);
  bridge.handle('publish/upload-end', () => ({}) as never);
  bridge.handle('publish/upload-discard', () => ({ discarded: true }) as never);
  const refused =
    answer === 'busy'
      ? { status: 'retryable', reason: 'Facebook is busy.', retryAfterMs: 1000 }
      : { status: 'permanent', reason: 'Meta refused the file.', code: 'media' };
  bridge.handle(
    'publish/fb-photo',
    () => (answer === 'ok' ? { status: 'ok', photoId: '555' } : refused) as never,
  );
  bridge.handle(
    'publish/ig-container',
    () => (answer === 'ok' ? { status: 'ok', containerId: '1789' } : refused) as never,
  );
  bridge.handle(
    'publish/fb-video',
    () => (answer === 'ok' ? { status: 'ok', videoId: '777' } : refused) as never,
  );
  return bridge;
}

describe('bridge publisher: the host’s copy of a file is freed once Meta has answered for it', () => {
  it.each([
    ['a Facebook photo', 'facebook', 'photo', 'image', 'ok'],
    ['a Facebook photo Meta refused', 'facebook', 'photo', 'image', 'refused'],
    ['an Instagram photo (through an unpublished Page photo)', 'instagram', 'photo', 'image', 'ok'],
    ['an Instagram reel', 'instagram', 'video', 'video', 'ok'],
    ['an Instagram reel Meta refused', 'instagram', 'video', 'video', 'refused'],
  ] as const)('%s', async (_name, network, kind, fileKind, answer) => {
    const bridge = uploadingBridge(answer);
    const pub = createBridgePublisher(bridge);
    await pub.prepare(fileJob(network, kind, fileKind));
    expect(bridge.callsOf('publish/upload-discard')).toEqual([{ uploadId: 'up_1' }]);
  });

  it('a Facebook video keeps its upload while an attempt may be retried with it, and frees it after', async () => {
    const job = fileJob('facebook', 'video', 'video');
    const busy = uploadingBridge('busy');
    const prepared = await createBridgePublisher(busy).prepare(job);
    expect(prepared).toEqual({ status: 'ok', value: { containerId: 'upload:up_1' } });
    const withUpload = { ...job, target: { ...job.target, containerId: 'upload:up_1' } } as PublishJob;
    await createBridgePublisher(busy).publish(withUpload);
    expect(busy.callsOf('publish/upload-discard')).toEqual([]);
    for (const answer of ['ok', 'refused'] as const) {
      const bridge = uploadingBridge(answer);
      await createBridgePublisher(bridge).publish(withUpload);
      expect(bridge.callsOf('publish/upload-discard')).toEqual([{ uploadId: 'up_1' }]);
    }
  });
});
