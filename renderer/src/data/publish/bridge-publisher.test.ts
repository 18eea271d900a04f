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
