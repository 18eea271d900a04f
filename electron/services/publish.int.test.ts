// Integration: publish/* through createHostCore against the real sandbox over loopback — uploads (chunked, sniffed,
// bounded, cleaned), a photo cross-posted to the Page and Instagram, a carousel, native FB scheduling, stories
// refused for a Creator account, the quota, and how every publish hazard is classified. The sandbox's own ledger
// of what went live is the judge.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BridgeError,
  type CallName,
  type CallRequest,
  type CallResponse,
} from '../../shared/bridge/contract';
import { parseRequest, parseResponse } from '../../shared/bridge/validate';
import { UPLOAD_CHUNK_BYTES } from '../../shared/publish-limits';
import { makeMp4 } from '../../shared/test/mp4';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import { sandboxControl } from '../../sandbox/test/control';
import { browserPlatformBase } from '../browser-host/platform';
import { createHostCore } from './index';
import type { HostCore } from './types';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let sandbox: SandboxHandle;
let core: HostCore;
let dataDir: string;
let token: string;
let pageId: string;
let igId: string;
const wire: string[] = [];
/** A request body containing this has its answer dropped after the sandbox processed it (a lost response). */
let dropAnswerOf: string | undefined;
const droppingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const body = init?.body;
  const text = body instanceof URLSearchParams ? body.toString() : typeof body === 'string' ? body : '';
  if (dropAnswerOf && text.includes(dropAnswerOf)) {
    await res.arrayBuffer();
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
  }
  return res;
};
const progress: Array<{ uploadId: string; sentBytes: number; totalBytes: number }> = [];

const control = <T = Record<string, unknown>>(path: string, body?: unknown, method?: string) =>
  sandboxControl<T>(sandbox, path, body, method);

async function call<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>> {
  const handler = core.handlers[name] as (a: unknown) => Promise<unknown>;
  try {
    const res = parseResponse(name, await handler(parseRequest(name, req)));
    wire.push(JSON.stringify(res));
    return res;
  } catch (err) {
    if (err instanceof BridgeError) wire.push(JSON.stringify(err.toShape()));
    throw err;
  }
}

interface LiveEntry {
  kind: string;
  id: string;
  containerId?: string;
  text?: string;
}
const ledger = async () =>
  (await control<{ live: LiveEntry[]; scheduled: LiveEntry[] }>('publish/ledger')).live;
const sandboxNow = async () => (await control<{ now: number }>('clock')).now;
const advance = (ms: number) => control('clock', { advanceMs: ms });
const fault = (route: string, kind: string) => control('faults', { route, kind, count: 1 });

const jpg = (w = 24, h = 16, fill = 120) =>
  Buffer.from(jpeg.encode({ data: Buffer.alloc(w * h * 4, fill), width: w, height: h }, 80).data);

/** Streams a file to the host in chunks, as the renderer does, and closes the upload. */
async function upload(bytes: Buffer, name = 'photo.jpg') {
  const { uploadId, chunkBytes } = await call('publish/upload-begin', {
    name,
    size: bytes.length,
    declaredType: 'image/jpeg',
  });
  for (let at = 0; at < bytes.length; at += chunkBytes)
    await call('publish/upload-chunk', {
      uploadId,
      offset: at,
      data: bytes.subarray(at, at + chunkBytes).toString('base64'),
    });
  return call('publish/upload-end', { uploadId });
}

/** An unpublished Page photo from fresh bytes. */
async function pagePhoto(fill = 120): Promise<string> {
  const media = await upload(jpg(24, 16, fill));
  const r = await call('publish/fb-photo', { accountId: pageId, uploadId: media.uploadId });
  if (r.status !== 'ok') throw new Error(`fb-photo: ${JSON.stringify(r)}`);
  return r.photoId;
}

/** A FINISHED image container. */
async function finishedContainer(caption: string): Promise<string> {
  const c = await call('publish/ig-container', {
    kind: 'image',
    accountId: igId,
    photoId: await pagePhoto(),
    caption,
  });
  if (c.status !== 'ok') throw new Error(`container: ${JSON.stringify(c)}`);
  await advance(3000);
  return c.containerId;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small' });
  dataDir = mkdtempSync(join(tmpdir(), 'duet-publish-'));
  core = await createHostCore(
    {
      ...browserPlatformBase(dataDir, {
        DUET_GRAPH_URL: sandbox.url,
        DUET_LOGIN_URL: sandbox.url,
        DUET_APP_ID: '1234567890123456',
      }),
      kind: 'browser',
      emit: (name, payload) => {
        if (name === 'publish/upload-progress') progress.push(payload as (typeof progress)[number]);
      },
      openExternal: async () => true,
      notify: () => false,
      setBadge: () => false,
      loginRedirectUri: 'http://127.0.0.1:1/login/callback',
    },
    { fetch: droppingFetch },
  );
  token = (await control<{ access_token: string }>('tokens', {})).access_token;
  const st = await call('session/sign-in-token', { token });
  const acc = st.session!.accounts.find((a) => a.instagram)!;
  pageId = acc.id;
  igId = acc.instagram!.id;
});
afterAll(async () => {
  await core.dispose();
  await sandbox.close();
});
beforeEach(async () => {
  await control('faults', undefined, 'DELETE');
});

const uploadDir = () => join(dataDir, 'publish-uploads');

describe('uploads', () => {
  it('a file sent in chunks is sniffed from its bytes: size and type, whatever its name says', async () => {
    const big = jpg(700, 500);
    const media = await upload(big, 'holiday.png');
    expect(media).toMatchObject({
      kind: 'image',
      mime: 'image/jpeg',
      width: 700,
      height: 500,
      bytes: big.length,
    });
    const video = await upload(
      makeMp4({ durationMs: 7_500, width: 1080, height: 1920, mdatBytes: UPLOAD_CHUNK_BYTES + 10 }),
      'clip.jpg',
    );
    expect(video).toMatchObject({
      kind: 'video',
      mime: 'video/mp4',
      width: 1080,
      height: 1920,
      durationMs: 7_500,
    });
  });

  it('a program named .jpg is refused with the reason, and its temp file is gone', async () => {
    const before = readdirSync(uploadDir()).length;
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(4000, 1)]);
    await expect(upload(exe, 'cute-cat.jpg')).rejects.toThrow(/“cute-cat\.jpg” is not a JPEG or PNG picture/);
    expect(readdirSync(uploadDir()).length).toBe(before);
  });

  it('chunks out of order, past the announced size or after discard are refused', async () => {
    const bytes = jpg();
    const { uploadId } = await call('publish/upload-begin', {
      name: 'a.jpg',
      size: 10,
      declaredType: 'image/jpeg',
    });
    await expect(
      call('publish/upload-chunk', { uploadId, offset: 5, data: bytes.subarray(0, 5).toString('base64') }),
    ).rejects.toThrow(/starts at byte 5/);
    await expect(
      call('publish/upload-chunk', { uploadId, offset: 0, data: bytes.subarray(0, 11).toString('base64') }),
    ).rejects.toThrow(/larger than announced/);
    await expect(call('publish/upload-end', { uploadId })).rejects.toThrow(/has 0 of 10 bytes/);
    expect(await call('publish/upload-discard', { uploadId })).toEqual({ discarded: true });
    expect(existsSync(join(uploadDir(), uploadId))).toBe(false);
    await expect(
      call('publish/upload-chunk', { uploadId, offset: 0, data: bytes.subarray(0, 5).toString('base64') }),
    ).rejects.toThrow(/no longer on the host/);
    // A chunk larger than chunkBytes is refused by the contract itself.
    await expect(
      call('publish/upload-chunk', {
        uploadId,
        offset: 0,
        data: Buffer.alloc(UPLOAD_CHUNK_BYTES + 3).toString('base64'),
      }),
    ).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('at most 20 uploads are open at once', async () => {
    const ids: string[] = [];
    let refused: unknown;
    for (let i = 0; i < 25 && !refused; i++) {
      try {
        ids.push(
          (await call('publish/upload-begin', { name: `f${i}.jpg`, size: 100, declaredType: 'image/jpeg' }))
            .uploadId,
        );
      } catch (err) {
        refused = err;
      }
    }
    expect(String(refused)).toMatch(/At most 20 files/);
    for (const uploadId of ids) await call('publish/upload-discard', { uploadId });
  });
});

describe('cross-posting a photo', () => {
  it('to the Page and to Instagram: each goes live once and shows in feed/list and gallery/list', async () => {
    const caption = 'Autumn candles are here 🕯️';
    const fbPhoto = await pagePhoto(200);
    const post = await call('publish/fb-post', { accountId: pageId, message: caption, photoIds: [fbPhoto] });
    expect(post).toMatchObject({ status: 'ok' });
    const igPhoto = await pagePhoto(201);
    const c = await call('publish/ig-container', {
      kind: 'image',
      accountId: igId,
      photoId: igPhoto,
      caption,
      altText: 'Three candles',
    });
    expect(c.status).toBe('ok');
    const containerId = c.status === 'ok' ? c.containerId : '';
    expect(await call('publish/ig-container-status', { accountId: igId, containerId })).toMatchObject({
      status: 'ok',
      statusCode: 'IN_PROGRESS',
    });
    const early = await call('publish/ig-publish', { accountId: igId, containerId });
    expect(early).toMatchObject({ status: 'permanent', graphSubcode: 2207027 });
    await advance(3000);
    const pub = await call('publish/ig-publish', { accountId: igId, containerId });
    expect(pub.status).toBe('ok');
    const mediaId = pub.status === 'ok' ? pub.mediaId : '';
    const media = await call('publish/ig-media-get', { accountId: igId, mediaId });
    expect(media).toMatchObject({
      status: 'ok',
      caption,
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\//),
    });
    const feed = await call('feed/list', { accountId: pageId, limit: 1 });
    expect(feed.items[0]).toMatchObject({ message: caption });
    const gallery = await call('gallery/list', { accountId: pageId, limit: 1 });
    expect(gallery.items[0]).toMatchObject({ nativeId: mediaId, caption });
    const live = await ledger();
    expect(
      live
        .filter((e) => e.text === caption)
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['fb-post', 'ig-media']);
  });

  it('a carousel of two pictures, and the quota read from Meta', async () => {
    const kids: string[] = [];
    for (const fill of [10, 20]) {
      const k = await call('publish/ig-container', {
        kind: 'carousel-image',
        accountId: igId,
        photoId: await pagePhoto(fill),
      });
      if (k.status === 'ok') kids.push(k.containerId);
    }
    const parent = await call('publish/ig-container', {
      kind: 'carousel',
      accountId: igId,
      children: kids,
      caption: 'Two',
    });
    expect(parent.status).toBe('ok');
    await advance(3000);
    const pub = await call('publish/ig-publish', {
      accountId: igId,
      containerId: parent.status === 'ok' ? parent.containerId : '',
    });
    expect(pub.status).toBe('ok');
    const q = await call('publish/ig-quota', { accountId: igId });
    expect(q).toMatchObject({ status: 'ok', quotaTotal: 50, quotaDurationS: 86400 });
    expect(q.status === 'ok' && q.quotaUsage).toBeGreaterThanOrEqual(1);
  });

  it('a story for a Creator account is refused with the reason', async () => {
    await control('publish/config', { igAccountType: { [igId]: 'CREATOR' } });
    try {
      const r = await call('publish/ig-container', {
        kind: 'story-image',
        accountId: igId,
        photoId: await pagePhoto(),
      });
      expect(r).toMatchObject({
        status: 'permanent',
        code: 'creator-account',
        reason: expect.stringMatching(/Business accounts/),
      });
    } finally {
      await control('publish/config', { igAccountType: { [igId]: 'BUSINESS' } });
    }
  });

  it('an account id of no signed-in Page is refused before any Graph call', async () => {
    expect(await call('publish/ig-quota', { accountId: '17841400000000001' })).toMatchObject({
      status: 'permanent',
      code: 'permission',
    });
    expect(await call('publish/fb-post-get', { accountId: pageId, postId: '999_1' })).toMatchObject({
      status: 'permanent',
      code: 'permission',
    });
  });
});

describe('videos: streamed from the temp file to rupload', () => {
  const mp4 = (durationMs: number) =>
    makeMp4({ durationMs, width: 1080, height: 1920, mdatBytes: 2 * UPLOAD_CHUNK_BYTES + 123 });

  it('an Instagram reel: resumable container, bytes with progress, FINISHED after processing, then live', async () => {
    const media = await upload(mp4(12_000), 'reel.mp4');
    const c = await call('publish/ig-container', {
      kind: 'reel',
      accountId: igId,
      uploadId: media.uploadId,
      caption: 'Reel time',
    });
    expect(c.status).toBe('ok');
    const containerId = c.status === 'ok' ? c.containerId : '';
    expect(progress.filter((p) => p.uploadId === media.uploadId).at(-1)).toEqual({
      uploadId: media.uploadId,
      sentBytes: media.bytes,
      totalBytes: media.bytes,
    });
    expect(await call('publish/ig-container-status', { accountId: igId, containerId })).toMatchObject({
      statusCode: 'IN_PROGRESS',
    });
    await advance(11_000);
    expect(await call('publish/ig-container-status', { accountId: igId, containerId })).toMatchObject({
      statusCode: 'FINISHED',
    });
    const pub = await call('publish/ig-publish', { accountId: igId, containerId });
    expect(pub.status).toBe('ok');
    const gallery = await call('gallery/list', { accountId: pageId, limit: 1 });
    expect(gallery.items[0]).toMatchObject({
      caption: 'Reel time',
      productType: 'REELS',
      mediaType: 'VIDEO',
    });
  });

  /** A staged reel (start + bytes): its video id, before anything is live. */
  async function stagedReel(durationMs = 20_000): Promise<string> {
    const media = await upload(mp4(durationMs), 'fb-reel.mp4');
    const r = await call('publish/fb-video-stage', {
      accountId: pageId,
      uploadId: media.uploadId,
      as: 'reel',
    });
    if (r.status !== 'ok') throw new Error(`stage: ${JSON.stringify(r)}`);
    await call('publish/upload-discard', { uploadId: media.uploadId });
    return r.videoId;
  }

  it('a Facebook reel: staged (not live, reads "staged"), then the finish; processing, then live in the feed', async () => {
    const videoId = await stagedReel();
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId })).toMatchObject({
      state: 'staged',
    });
    expect((await ledger()).filter((e) => e.text === 'Behind the scenes')).toHaveLength(0);
    const r = await call('publish/fb-video', {
      accountId: pageId,
      videoId,
      as: 'reel',
      description: 'Behind the scenes',
    });
    expect(r).toMatchObject({ status: 'ok', videoId });
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId })).toMatchObject({
      state: 'processing',
    });
    await advance(11_000);
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId })).toMatchObject({
      state: 'ready',
      permalinkUrl: expect.stringMatching(/^https:\/\/www\.facebook\.com\/reel\//),
    });
    const feed = await call('feed/list', { accountId: pageId, limit: 1 });
    expect(feed.items[0]).toMatchObject({ message: 'Behind the scenes' });
    expect((await ledger()).filter((e) => e.text === 'Behind the scenes')).toHaveLength(1);
  });

  it('a natively scheduled reel reads "scheduled" until its time, then goes live once; outside the window it is refused', async () => {
    const videoId = await stagedReel();
    const at = (await sandboxNow()) + 60 * 60_000;
    expect(
      await call('publish/fb-video', {
        accountId: pageId,
        videoId,
        as: 'reel',
        description: 'Reel later',
        scheduledAt: at,
      }),
    ).toMatchObject({ status: 'ok', videoId });
    await advance(11_000);
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId })).toMatchObject({
      state: 'scheduled',
    });
    expect((await ledger()).filter((e) => e.text === 'Reel later')).toHaveLength(0);
    await advance(60 * 60_000);
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId })).toMatchObject({
      state: 'ready',
    });
    expect((await ledger()).filter((e) => e.text === 'Reel later')).toHaveLength(1);
    const soon = await stagedReel();
    expect(
      await call('publish/fb-video', {
        accountId: pageId,
        videoId: soon,
        as: 'reel',
        scheduledAt: (await sandboxNow()) + 2 * 60_000,
      }),
    ).toMatchObject({ status: 'permanent' });
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId: soon })).toMatchObject({
      state: 'staged',
    });
  });

  it('a reel longer than 90 s ends in error and never goes live; a photo is refused as a reel', async () => {
    const videoId = await stagedReel(120_000);
    await call('publish/fb-video', { accountId: pageId, videoId, as: 'reel', description: 'Too long' });
    await advance(11_000);
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId })).toMatchObject({
      state: 'error',
    });
    expect((await ledger()).filter((e) => e.text === 'Too long')).toHaveLength(0);
    const photo = await upload(jpg());
    expect(
      await call('publish/fb-video-stage', { accountId: pageId, uploadId: photo.uploadId, as: 'reel' }),
    ).toMatchObject({
      status: 'permanent',
      code: 'media',
    });
  });

  it('a plain Facebook video: start, the bytes in the ranges Meta asks for (with progress), then the finish goes live', async () => {
    // 3 minutes: too long for a reel, fine as a video. Over 2 MiB: the sandbox asks for it in 1 MiB ranges.
    const bytes = makeMp4({
      durationMs: 180_000,
      width: 1920,
      height: 1080,
      mdatBytes: 2 * 1024 * 1024 + 77,
    });
    const media = await upload(bytes, 'talk.mp4');
    const st = await call('publish/fb-video-stage', {
      accountId: pageId,
      uploadId: media.uploadId,
      as: 'video',
    });
    expect(st).toMatchObject({ status: 'ok', uploadSessionId: expect.stringMatching(/^\d+$/) });
    if (st.status !== 'ok') return;
    const sent = progress.filter((p) => p.uploadId === media.uploadId).map((p) => p.sentBytes);
    expect(sent).toEqual([1024 * 1024, 2 * 1024 * 1024, bytes.length]);
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId: st.videoId })).toMatchObject({
      state: 'staged',
    });
    expect((await ledger()).filter((e) => e.text === 'The whole talk')).toHaveLength(0);
    const fin = await call('publish/fb-video', {
      accountId: pageId,
      videoId: st.videoId,
      as: 'video',
      uploadSessionId: st.uploadSessionId!,
      description: 'The whole talk',
    });
    expect(fin).toMatchObject({ status: 'ok', videoId: st.videoId });
    await advance(11_000);
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId: st.videoId })).toMatchObject({
      state: 'ready',
    });
    const feed = await call('feed/list', { accountId: pageId, limit: 1 });
    expect(feed.items[0]).toMatchObject({ message: 'The whole talk' });
    expect((await ledger()).filter((e) => e.text === 'The whole talk')).toHaveLength(1);
  });

  it('a plain video scheduled natively (published=false + scheduled_publish_time) goes live at its time; a lost finish is ambiguous with its id', async () => {
    const stage = async () => {
      const media = await upload(makeMp4({ durationMs: 120_000, width: 1280, height: 720 }), 'v.mp4');
      const st = await call('publish/fb-video-stage', {
        accountId: pageId,
        uploadId: media.uploadId,
        as: 'video',
      });
      await call('publish/upload-discard', { uploadId: media.uploadId });
      if (st.status !== 'ok') throw new Error(`stage: ${JSON.stringify(st)}`);
      return st;
    };
    const a = await stage();
    const at = (await sandboxNow()) + 20 * 60_000;
    expect(
      await call('publish/fb-video', {
        accountId: pageId,
        videoId: a.videoId,
        as: 'video',
        uploadSessionId: a.uploadSessionId!,
        description: 'Video later',
        scheduledAt: at,
      }),
    ).toMatchObject({ status: 'ok' });
    await advance(11_000);
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId: a.videoId })).toMatchObject({
      state: 'scheduled',
    });
    await advance(20 * 60_000);
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId: a.videoId })).toMatchObject({
      state: 'ready',
    });
    expect((await ledger()).filter((e) => e.text === 'Video later')).toHaveLength(1);
    const b = await stage();
    dropAnswerOf = `upload_session_id=${b.uploadSessionId}`;
    const lost = await call('publish/fb-video', {
      accountId: pageId,
      videoId: b.videoId,
      as: 'video',
      uploadSessionId: b.uploadSessionId!,
      description: 'Video lost answer',
    });
    dropAnswerOf = undefined;
    expect(lost).toMatchObject({ status: 'ambiguous', ref: b.videoId });
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId: b.videoId })).toMatchObject({
      state: 'processing',
    });
  });

  it('a failed or dropped rupload is retryable (nothing is live); a dropped reel finish is ambiguous with its video id', async () => {
    const media = await upload(mp4(10_000), 'r.mp4');
    await fault('POST /rupload/**', 'http-500');
    expect(
      await call('publish/ig-container', { kind: 'reel', accountId: igId, uploadId: media.uploadId }),
    ).toMatchObject({
      status: 'retryable',
    });
    await fault('POST /rupload/**', 'reset');
    expect(
      await call('publish/fb-video-stage', { accountId: pageId, uploadId: media.uploadId, as: 'reel' }),
    ).toMatchObject({
      status: 'retryable',
    });
    const videoId = await stagedReel(10_000);
    dropAnswerOf = 'upload_phase=finish';
    const r = await call('publish/fb-video', {
      accountId: pageId,
      videoId,
      as: 'reel',
      description: 'dropped finish',
    });
    dropAnswerOf = undefined;
    expect(r).toMatchObject({ status: 'ambiguous', ref: videoId });
    // Reconciliation reads that video: it is processing towards live, so it must not be finished again.
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId })).toMatchObject({
      state: 'processing',
    });
    await advance(11_000);
    expect(await call('publish/fb-video-status', { accountId: pageId, videoId })).toMatchObject({
      state: 'ready',
    });
    expect((await ledger()).filter((e) => e.text === 'dropped finish')).toHaveLength(1);
  });
});

describe('Facebook stories', () => {
  it('a photo story and a video story go live once; a used photo and a 2-minute video are refused', async () => {
    const photoId = await pagePhoto(77);
    const ps = await call('publish/fb-story', { accountId: pageId, photoId });
    expect(ps).toMatchObject({ status: 'ok', postId: expect.stringMatching(new RegExp(`^${pageId}_`)) });
    expect(await call('publish/fb-story', { accountId: pageId, photoId })).toMatchObject({
      status: 'permanent',
      graphSubcode: 1366051,
    });
    const storyVideo = async (durationMs: number) => {
      const clip = await upload(makeMp4({ durationMs, width: 1080, height: 1920 }), 'story.mp4');
      const st = await call('publish/fb-video-stage', {
        accountId: pageId,
        uploadId: clip.uploadId,
        as: 'story',
      });
      if (st.status !== 'ok') throw new Error(`stage: ${JSON.stringify(st)}`);
      await call('publish/upload-discard', { uploadId: clip.uploadId });
      return st.videoId;
    };
    const videoId = await storyVideo(15_000);
    const vs = await call('publish/fb-story', { accountId: pageId, videoId });
    expect(vs.status).toBe('ok');
    expect(
      await call('publish/fb-story', { accountId: pageId, videoId: await storyVideo(120_000) }),
    ).toMatchObject({
      status: 'permanent',
      metaMessage: expect.stringMatching(/60 seconds/),
    });
    const stories = (await ledger()).filter((e) => e.kind === 'fb-story');
    expect(stories.map((e) => e.id).sort()).toEqual(
      [ps.status === 'ok' ? ps.postId : '', vs.status === 'ok' ? vs.postId : ''].sort(),
    );
    // The Page's stories list each by the photo or video it was made from (reconciliation's lookup).
    const listed = await call('publish/fb-stories', { accountId: pageId });
    expect(listed.status).toBe('ok');
    const byMedia = new Map((listed.status === 'ok' ? listed.stories : []).map((x) => [x.mediaId, x.postId]));
    expect(byMedia.get(photoId)).toBe(ps.status === 'ok' ? ps.postId : 'missing');
    expect(byMedia.get(videoId)).toBe(vs.status === 'ok' ? vs.postId : 'missing');
  });

  it('a dropped story answer is ambiguous with the media id, and the story is found in /{page}/stories', async () => {
    const photoId = await pagePhoto(91);
    dropAnswerOf = `photo_id=${photoId}`;
    const r = await call('publish/fb-story', { accountId: pageId, photoId });
    dropAnswerOf = undefined;
    expect(r).toMatchObject({ status: 'ambiguous', ref: photoId });
    const listed = await call('publish/fb-stories', { accountId: pageId });
    const found = (listed.status === 'ok' ? listed.stories : []).filter((x) => x.mediaId === photoId);
    expect(found).toHaveLength(1);
    expect((await ledger()).filter((e) => e.id === found[0]?.postId)).toHaveLength(1);
  });

  it('an Instagram video story uploads its bytes like a reel', async () => {
    const clip = await upload(makeMp4({ durationMs: 9_000, width: 1080, height: 1920 }), 'ig-story.mp4');
    const c = await call('publish/ig-container', {
      kind: 'story-video',
      accountId: igId,
      uploadId: clip.uploadId,
    });
    expect(c.status).toBe('ok');
    await advance(11_000);
    const pub = await call('publish/ig-publish', {
      accountId: igId,
      containerId: c.status === 'ok' ? c.containerId : '',
    });
    expect(pub.status).toBe('ok');
  });
});

describe('native Facebook scheduling', () => {
  it('scheduled, listed, moved, then live when the sandbox clock passes its time', async () => {
    const now = await sandboxNow();
    const tooSoon = await call('publish/fb-post', {
      accountId: pageId,
      message: 'Soon',
      scheduledAt: now + 60_000,
    });
    expect(tooSoon).toMatchObject({
      status: 'permanent',
      graphCode: 100,
      metaMessage: expect.stringMatching(/scheduled publish time/),
    });
    const s = await call('publish/fb-post', {
      accountId: pageId,
      message: 'Weekend sale',
      scheduledAt: now + 3600_000,
    });
    expect(s.status).toBe('ok');
    const postId = s.status === 'ok' ? s.postId : '';
    const list = await call('publish/fb-scheduled', { accountId: pageId });
    expect(list.status === 'ok' && list.posts.find((p) => p.postId === postId)).toMatchObject({
      message: 'Weekend sale',
    });
    expect(
      await call('publish/fb-scheduled-update', { accountId: pageId, postId, scheduledAt: now + 7200_000 }),
    ).toEqual({ status: 'ok' });
    await advance(7201_000);
    const got = await call('publish/fb-post-get', { accountId: pageId, postId });
    expect(got).toMatchObject({ status: 'ok', exists: true });
    expect((await ledger()).filter((e) => e.id === postId)).toHaveLength(1);
  });

  it('cancelled before its time, it never goes live', async () => {
    const now = await sandboxNow();
    const s = await call('publish/fb-post', {
      accountId: pageId,
      message: 'Never',
      scheduledAt: now + 3600_000,
    });
    const postId = s.status === 'ok' ? s.postId : '';
    expect(await call('publish/fb-scheduled-cancel', { accountId: pageId, postId })).toEqual({
      status: 'ok',
    });
    await advance(3601_000);
    expect((await ledger()).filter((e) => e.id === postId)).toHaveLength(0);
  });
});

describe('every publish hazard is classified so nothing is published twice', () => {
  it('a dropped answer after media_publish went live is ambiguous, never retryable', async () => {
    const containerId = await finishedContainer('dropped after success');
    await fault('POST /*/media_publish', 'commit-then-drop');
    expect(await call('publish/ig-publish', { accountId: igId, containerId })).toMatchObject({
      status: 'ambiguous',
    });
    expect((await ledger()).filter((e) => e.containerId === containerId)).toHaveLength(1);
    // Reconciliation: the container says PUBLISHED.
    expect(await call('publish/ig-container-status', { accountId: igId, containerId })).toMatchObject({
      statusCode: 'PUBLISHED',
    });
  });

  it('4/2207051 after media_publish went live is ambiguous', async () => {
    const containerId = await finishedContainer('error after success');
    await fault('POST /*/media_publish', 'error-after-success');
    expect(await call('publish/ig-publish', { accountId: igId, containerId })).toMatchObject({
      status: 'ambiguous',
    });
    expect((await ledger()).filter((e) => e.containerId === containerId)).toHaveLength(1);
  });

  it('a 500 or a dropped answer after a feed post went live is ambiguous', async () => {
    await fault('POST /*/feed', 'error-after-success');
    expect(await call('publish/fb-post', { accountId: pageId, message: 'after 500' })).toMatchObject({
      status: 'ambiguous',
    });
    await fault('POST /*/feed', 'commit-then-drop');
    expect(await call('publish/fb-post', { accountId: pageId, message: 'after drop' })).toMatchObject({
      status: 'ambiguous',
    });
    const live = await ledger();
    expect(live.filter((e) => e.text === 'after 500' || e.text === 'after drop')).toHaveLength(2);
  });

  it('a false 100/33 is retryable on a container read and ambiguous on media_publish', async () => {
    const containerId = await finishedContainer('false not found');
    await fault(`GET /${containerId}`, 'false-not-found');
    expect(await call('publish/ig-container-status', { accountId: igId, containerId })).toMatchObject({
      status: 'retryable',
    });
    await fault('POST /*/media_publish', 'false-not-found');
    expect(await call('publish/ig-publish', { accountId: igId, containerId })).toMatchObject({
      status: 'ambiguous',
    });
  });

  it('throttling (80002) is retryable and nothing went live', async () => {
    const containerId = await finishedContainer('throttled');
    await fault('POST /*/media_publish', 'throttle');
    const r = await call('publish/ig-publish', { accountId: igId, containerId });
    expect(r).toMatchObject({ status: 'retryable' });
    expect(r.status === 'retryable' && r.retryAfterMs).toBeGreaterThan(0);
    expect((await ledger()).filter((e) => e.containerId === containerId)).toHaveLength(0);
    // The client now holds this Page's calls back for Meta's wait; a new session starts with a fresh budget.
    const held = await call('publish/ig-quota', { accountId: igId });
    expect(held).toMatchObject({ status: 'retryable' });
    await call('session/sign-out', { disconnect: false });
    await call('session/sign-in-token', { token });
  });

  it('a 500 on an unpublished photo is retryable (nothing goes live); a policy block is permanent with Meta’s words', async () => {
    const media = await upload(jpg());
    await fault('POST /*/photos', 'http-500');
    expect(await call('publish/fb-photo', { accountId: pageId, uploadId: media.uploadId })).toMatchObject({
      status: 'retryable',
    });
    await fault('POST /*/feed', 'policy-block');
    expect(await call('publish/fb-post', { accountId: pageId, message: 'blocked' })).toMatchObject({
      status: 'permanent',
      code: 'blocked',
      graphCode: 368,
      metaMessage: expect.stringMatching(/deemed abusive/),
    });
  });

  it('a checkpoint (190/459) pauses: auth, and the session is expired', async () => {
    const containerId = await finishedContainer('checkpoint');
    await fault('POST /*/media_publish', 'checkpoint');
    expect(await call('publish/ig-publish', { accountId: igId, containerId })).toMatchObject({
      status: 'auth',
    });
    expect((await call('session/get', {})).status).toBe('expired');
    // Signed in again, the same container publishes once.
    await call('session/sign-in-token', { token });
    expect(await call('publish/ig-publish', { accountId: igId, containerId })).toMatchObject({
      status: 'ok',
    });
    expect((await ledger()).filter((e) => e.containerId === containerId)).toHaveLength(1);
  });
});

describe('tokens and temp files', () => {
  it('no answer of any publish call carried the access token', () => {
    expect(wire.length).toBeGreaterThan(20);
    expect(wire.filter((w) => w.includes(token))).toEqual([]);
  });

  it('sign-out deletes every upload', async () => {
    await upload(jpg());
    expect(readdirSync(uploadDir()).length).toBeGreaterThan(0);
    await call('session/sign-out', { disconnect: false });
    expect(readdirSync(uploadDir())).toEqual([]);
  });
});
