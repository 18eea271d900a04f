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

describe('bridge publisher: reading a scheduled post back after an edit or a cancel', () => {
  const ref = { accountId: 'page1', postId: 'page1_77' };
  /** Meta answers the post read the way it does for a deleted post (and, falsely, sometimes for a live one). */
  const notFound = (bridge: ReturnType<typeof createFakeBridge>) =>
    bridge.handle(
      'publish/fb-post-get',
      () =>
        ({
          status: 'retryable',
          reason: 'Facebook could not find it just now.',
          retryAfterMs: 5_000,
        }) as never,
    );

  it('still pending: what Facebook holds, from the scheduled posts', async () => {
    const bridge = bridgeWith([{ postId: 'page1_77', message: 'New words', scheduledAt: T + 7_200_000 }]);
    const r = await createBridgePublisher(bridge, { now: () => T }).readScheduled(ref, T + 3_600_000);
    expect(r).toEqual({
      status: 'ok',
      value: { state: 'pending', message: 'New words', scheduledAt: T + 7_200_000 },
    });
  });

  it('gone only while its time is still ahead: near or past it, a missing post may have gone live', async () => {
    const bridge = bridgeWith([]);
    notFound(bridge);
    const ahead = await createBridgePublisher(bridge, { now: () => T }).readScheduled(ref, T + 3_600_000);
    expect(ahead).toEqual({ status: 'ok', value: { state: 'gone' } });
    const near = await createBridgePublisher(bridge, { now: () => T }).readScheduled(ref, T + 5 * 60_000);
    expect(near.status).toBe('retryable');
  });

  it('a lost answer to a cancel is ambiguous, never ok', async () => {
    const bridge = createFakeBridge();
    bridge.handle('publish/fb-scheduled-cancel', () => {
      throw new Error('The host did not answer.');
    });
    const r = await createBridgePublisher(bridge, { now: () => T }).cancelScheduled(ref);
    expect(r.status).toBe('ambiguous');
  });
});
