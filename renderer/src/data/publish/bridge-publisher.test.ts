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

/** A file of `size` zero bytes (jsdom's Blob has no arrayBuffer(); the publisher reads chunks with it). */
const bytesBlob = (size: number): Blob =>
  ({
    size,
    slice: (a = 0, b = size) => ({ arrayBuffer: async () => new ArrayBuffer(Math.min(b, size) - a) }),
  }) as unknown as Blob;

describe('bridge publisher: containers counted and uploads reported', () => {
  const file = (id: string, kind: 'image' | 'video', bytes: number) => ({
    id,
    name: `${id}.${kind === 'image' ? 'jpg' : 'mp4'}`,
    mime: kind === 'image' ? 'image/jpeg' : 'video/mp4',
    kind,
    bytes,
    blob: bytesBlob(bytes),
  });
  const igJob = (kind: 'photos' | 'video', media: ReturnType<typeof file>[]) =>
    ({
      post: { id: 'p1', accountId: 'page1', igAccountId: 'ig1', kind, caption: 'c', media },
      target: {
        id: 'p1|instagram',
        postId: 'p1',
        accountId: 'page1',
        network: 'instagram',
        state: 'uploading',
      },
      caption: 'c',
      media,
    }) as unknown as PublishJob;

  function igBridge(container: () => unknown) {
    const bridge = createFakeBridge();
    let up = 0;
    bridge.handle('publish/upload-begin', () => ({
      uploadId: `up_${String(++up).padStart(32, '0')}`,
      chunkBytes: 512 * 1024,
    }));
    bridge.handle('publish/upload-chunk', () => ({ receivedBytes: 0 }) as never);
    bridge.handle('publish/upload-end', () => ({}) as never);
    bridge.handle('publish/fb-photo', () => ({ status: 'ok', photoId: '555' }) as never);
    bridge.handle('publish/ig-container', container as never);
    bridge.handle('publish/ig-container-status', () => ({ status: 'ok', statusCode: 'FINISHED' }) as never);
    return bridge;
  }

  it('counts every carousel item and the carousel, and a container call whose answer was lost', async () => {
    let n = 0;
    const counted: string[] = [];
    const bridge = igBridge(() => {
      if (++n === 2) throw new Error('The host process did not answer.');
      return { status: 'ok', containerId: String(100 + n) };
    });
    const pub = createBridgePublisher(bridge, {
      onContainer: async (c) => void counted.push(`${c.igAccountId}:${c.targetId}`),
      sleep: async () => {},
    });
    const media = [file('a', 'image', 10), file('b', 'image', 10)];
    // The second child's answer is lost: it may exist, so it counts; prepare fails (safe to repeat).
    expect((await pub.prepare(igJob('photos', media))).status).toBe('retryable');
    expect(counted).toEqual(['ig1:p1|instagram', 'ig1:p1|instagram']);
    // Again: two children and the carousel.
    expect(await pub.prepare(igJob('photos', media))).toEqual({
      status: 'ok',
      value: { containerId: '105' },
    });
    expect(counted).toHaveLength(5);
  });

  it('does not count a container Meta never made (refused, or not sent), and counts one made before its bytes failed', async () => {
    const answers: unknown[] = [
      { status: 'retryable', reason: 'throttled', retryAfterMs: 1000 },
      { status: 'retryable', reason: 'daily limit', retryAfterMs: 3_600_000, limit: 'ig-daily' },
      { status: 'permanent', reason: 'upload refused', code: 'media', spent: true },
    ];
    const bridge = igBridge(() => answers.shift());
    let counted = 0;
    const pub = createBridgePublisher(bridge, { onContainer: async () => void counted++ });
    const job = igJob('video', [file('v', 'video', 10)]);
    expect(await pub.prepare(job)).toMatchObject({ status: 'retryable', retryAfterMs: 1000 });
    expect(await pub.prepare(job)).toMatchObject({ status: 'retryable', limit: 'ig-daily' });
    expect(counted).toBe(0);
    expect((await pub.prepare(job)).status).toBe('permanent');
    expect(counted).toBe(1);
  });

  it('reports each chunk handed to the host for the target, and clears it when prepare ends', async () => {
    const seen: Array<[string, number]> = [];
    const progress = {
      begin: (_u: string, t: string, total: number) => void seen.push([`begin ${t}`, total]),
      toHost: (_u: string, sent: number) => void seen.push(['host', sent]),
      toMeta: () => {},
      clear: (t: string) => void seen.push([`clear ${t}`, 0]),
      get: () => undefined,
      subscribe: () => () => {},
    };
    const bridge = igBridge(() => ({ status: 'ok', containerId: '9' }));
    const pub = createBridgePublisher(bridge, { progress });
    const r = await pub.prepare(igJob('video', [file('v', 'video', 1_200_000)]));
    expect(r.status).toBe('ok');
    // 512 KiB chunks; the last one is short.
    expect(seen).toEqual([
      ['begin p1|instagram', 1_200_000],
      ['host', 524_288],
      ['host', 1_048_576],
      ['host', 1_200_000],
      ['clear p1|instagram', 0],
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
    'publish/fb-video-stage',
    () => (answer === 'ok' ? { status: 'ok', videoId: '777' } : refused) as never,
  );
  return bridge;
}

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

function videoUploadBridge() {
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

  it('a Facebook video frees its upload once staging has answered: its bytes are on Facebook, or go again', async () => {
    for (const answer of ['ok', 'refused', 'busy'] as const) {
      const bridge = uploadingBridge(answer);
      await createBridgePublisher(bridge).prepare(fileJob('facebook', 'video', 'video'));
      expect(bridge.callsOf('publish/upload-discard')).toEqual([{ uploadId: 'up_1' }]);
    }
  });
});

describe('bridge publisher: Facebook videos and reels are staged, then finished by their video id', () => {
  it('stages a 20 s clip as a reel and a 3-minute one as a plain video; the id is the container', async () => {
    const bridge = videoUploadBridge();
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
