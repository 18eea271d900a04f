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

// jsdom's Blob has no arrayBuffer(); the platform's (as in Chromium) does.
const clip = await new Response('abcd').blob();

/** A Facebook video post: a 20 s clip (a reel by default) or a 3-minute one (a plain video by default). */
const videoJob = (over: {
  durationMs?: number;
  fbVideoAs?: 'video' | 'reel';
  containerId?: string;
  at?: number;
}) =>
  ({
    post: {
      id: 'p2',
      accountId: 'page1',
      kind: 'video',
      caption: 'Glaze day',
      ...(over.fbVideoAs ? { fbVideoAs: over.fbVideoAs } : {}),
      ...(over.at ? { scheduleAt: over.at } : {}),
    },
    target: {
      id: 'p2|facebook',
      postId: 'p2',
      accountId: 'page1',
      network: 'facebook',
      state: 'queued',
      ...(over.containerId ? { containerId: over.containerId } : {}),
    },
    caption: 'Glaze day',
    media: [
      {
        id: 'm1',
        name: 'clip.mp4',
        mime: 'video/mp4',
        kind: 'video',
        bytes: 4,
        durationMs: over.durationMs ?? 20_000,
        blob: clip,
      },
    ],
    ...(over.at ? { scheduleAt: over.at } : {}),
  }) as unknown as PublishJob;

function uploadingBridge() {
  const bridge = createFakeBridge();
  bridge.handle('publish/upload-begin', () => ({ uploadId: `up_${'a'.repeat(32)}`, chunkBytes: 1024 }));
  bridge.handle('publish/upload-chunk', () => ({ receivedBytes: 4 }));
  bridge.handle(
    'publish/upload-end',
    () =>
      ({
        uploadId: `up_${'a'.repeat(32)}`,
        kind: 'video',
        mime: 'video/mp4',
        bytes: 4,
        width: 0,
        height: 0,
      }) as never,
  );
  return bridge;
}

describe('bridge publisher: Facebook videos and reels are staged, then finished by their video id', () => {
  it('stages a 20 s clip as a reel and a 3-minute one as a plain video; the id is the container', async () => {
    const bridge = uploadingBridge();
    bridge.handle('publish/fb-video-stage', (a) =>
      a.as === 'reel'
        ? ({ status: 'ok', videoId: '111' } as never)
        : ({ status: 'ok', videoId: '222', uploadSessionId: '9' } as never),
    );
    const pub = createBridgePublisher(bridge);
    expect(await pub.prepare(videoJob({}))).toEqual({ status: 'ok', value: { containerId: 'reel:111' } });
    expect(await pub.prepare(videoJob({ durationMs: 180_000 }))).toEqual({
      status: 'ok',
      value: { containerId: 'video:222,9' },
    });
    // The user's choice wins over the length.
    await pub.prepare(videoJob({ fbVideoAs: 'video' }));
    expect(bridge.callsOf('publish/fb-video-stage').map((c) => c.as)).toEqual(['reel', 'video', 'video']);
    expect(bridge.callsOf('publish/fb-video')).toHaveLength(0);
  });

  it('finishes the staged video (natively scheduled when the job says so) and reads its fate by the same id', async () => {
    const bridge = createFakeBridge();
    bridge.handle('publish/fb-video', (a) => ({ status: 'ok', videoId: a.videoId }) as never);
    const states = ['staged', 'processing', 'scheduled', 'ready'] as const;
    let i = 0;
    bridge.handle('publish/fb-video-status', () => ({ status: 'ok', state: states[i++]! }) as never);
    const pub = createBridgePublisher(bridge);
    const at = T + 3_600_000;
    const job = videoJob({ containerId: 'video:222,9', at });
    expect(pub.statusTellsLive(job)).toBe(true);
    expect(await pub.publish(job)).toEqual({ status: 'ok', value: { mediaId: '222' } });
    expect(bridge.callsOf('publish/fb-video')[0]).toEqual({
      accountId: 'page1',
      videoId: '222',
      as: 'video',
      uploadSessionId: '9',
      description: 'Glaze day',
      scheduledAt: at,
    });
    const kinds = [];
    for (let n = 0; n < states.length; n++) {
      const s = await pub.status(job, 'video:222,9');
      kinds.push(s.status === 'ok' ? s.value : s.status);
    }
    // Never finished: it may be finished; processing: cannot tell yet; scheduled or live: adopt the video.
    expect(kinds).toEqual([
      { kind: 'finished' },
      { kind: 'undecided' },
      { kind: 'published', mediaId: '222' },
      { kind: 'published', mediaId: '222' },
    ]);
  });

  it('finds a Facebook story among the Page’s stories by the photo it was made from, not in the feed', async () => {
    const bridge = createFakeBridge();
    bridge.handle(
      'publish/fb-stories',
      () =>
        ({ status: 'ok', stories: [{ postId: 'page1_5', mediaId: '333' }, { postId: 'page1_6' }] }) as never,
    );
    const pub = createBridgePublisher(bridge);
    const story = (containerId: string) =>
      ({
        ...videoJob({ containerId }),
        post: { id: 'p3', accountId: 'page1', kind: 'story', caption: '' },
      }) as unknown as PublishJob;
    expect(pub.statusTellsLive(story('photo:333'))).toBe(true);
    expect(await pub.status(story('photo:333'), 'photo:333')).toEqual({
      status: 'ok',
      value: { kind: 'published', mediaId: 'page1_5' },
    });
    expect(await pub.status(story('vstory:444'), 'vstory:444')).toEqual({
      status: 'ok',
      value: { kind: 'finished' },
    });
    // A feed post's photos say nothing about whether it went live: reconciliation searches the feed.
    expect(
      pub.statusTellsLive({
        ...scheduledJob(T),
        target: { ...scheduledJob(T).target, containerId: 'photos:1' },
      }),
    ).toBe(false);
  });
});
