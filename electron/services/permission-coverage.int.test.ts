// Integration: every Graph call the host makes belongs to a feature of the feature → permission map
// (shared/permissions/features.ts), and that feature lists every permission the call needs. The host core runs every
// bridge call that reaches Graph against the real sandbox; the sandbox logs which route each request (batch
// sub-requests too) matched and which permissions its handler checked. A new Graph call with no entry in the map,
// or needing a permission its feature does not name, fails here; a new bridge call fails until it is listed below.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, type CallName, type CallRequest, type CallResponse } from '../../shared/bridge/contract';
import { parseRequest, parseResponse } from '../../shared/bridge/validate';
import { FEATURE_IDS, FEATURES, type FeatureId } from '../../shared/permissions/features';
import { POLLED_STREAMS } from '../../shared/streams';
import { makeMp4 } from '../../shared/test/mp4';
import { videoIdOf } from '../../renderer/src/data/streams/insights';
import { startSandbox, type SandboxHandle } from '../../sandbox/index';
import { sandboxControl } from '../../sandbox/test/control';
import type { RouteUse } from '../../sandbox/request-log';
import { browserPlatformBase } from '../browser-host/platform';
import { createHostCore } from './index';
import type { HostCore } from './types';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

let sandbox: SandboxHandle;
let core: HostCore;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42, scale: 'small', live: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'duet-perm-'));
  core = await createHostCore({
    ...browserPlatformBase(dataDir, {
      DUET_GRAPH_URL: sandbox.url,
      DUET_LOGIN_URL: sandbox.url,
      DUET_APP_ID: '1234567890123456',
      DUET_DEMO_SANDBOX_URL: sandbox.url,
    }),
    kind: 'browser',
    emit: () => {},
    openExternal: async () => true,
    notify: () => false,
    setBadge: () => false,
    loginRedirectUri: 'http://127.0.0.1:1/login/callback',
  });
});
afterAll(async () => {
  await core.dispose();
  await sandbox.close();
});

async function call<K extends CallName>(name: K, req: CallRequest<K>): Promise<CallResponse<K>> {
  const handler = core.handlers[name] as (a: unknown) => Promise<unknown>;
  return parseResponse(name, await handler(parseRequest(name, req)));
}

/**
 * Every bridge call, either exercised against the sandbox below (it may reach Graph) or known not to reach Graph.
 * A compile error names a new call that is in neither list.
 */
const CALL_KINDS: Record<CallName, 'exercised' | 'no-graph'> = {
  'export/begin': 'no-graph',
  'export/append': 'no-graph',
  'export/add-media': 'no-graph',
  'export/finish': 'no-graph',
  'export/cancel': 'no-graph',
  'app/info': 'no-graph',
  'app/open-external': 'no-graph',
  'app/notify': 'no-graph',
  'app/set-badge': 'no-graph',
  'settings/get': 'no-graph',
  'settings/set': 'no-graph',
  'session/get': 'no-graph',
  'session/sign-in-demo': 'exercised',
  'session/sign-in-token': 'exercised',
  'session/login-start': 'no-graph',
  'session/login-complete': 'exercised',
  'session/sign-out': 'exercised',
  'feed/list': 'exercised',
  'gallery/list': 'exercised',
  'gallery/stories': 'exercised',
  'sync/poll': 'exercised',
  'sync/usage': 'no-graph',
  'inbox/conversations': 'exercised',
  'inbox/messages': 'exercised',
  'inbox/messages-batch': 'exercised',
  'inbox/send': 'exercised',
  'inbox/send-status': 'no-graph',
  'inbox/mark-seen': 'exercised',
  'diagnostics/get': 'no-graph',
  'media/clear-cache': 'no-graph',
  'media/cache-stats': 'no-graph',
  'privacy/permissions': 'exercised',
  'privacy/revoke': 'exercised',
  'privacy/grant-again': 'exercised',
  'publish/upload-begin': 'no-graph',
  'publish/upload-chunk': 'no-graph',
  'publish/upload-end': 'no-graph',
  'publish/upload-discard': 'no-graph',
  'publish/fb-photo': 'exercised',
  'publish/fb-post': 'exercised',
  'publish/fb-video-stage': 'exercised',
  'publish/fb-video': 'exercised',
  'publish/fb-video-status': 'exercised',
  'publish/fb-story': 'exercised',
  'publish/fb-stories': 'exercised',
  'publish/fb-post-get': 'exercised',
  'publish/fb-scheduled': 'exercised',
  'publish/fb-scheduled-update': 'exercised',
  'publish/fb-scheduled-cancel': 'exercised',
  'publish/ig-container': 'exercised',
  'publish/ig-container-status': 'exercised',
  'publish/ig-publish': 'exercised',
  'publish/ig-media-get': 'exercised',
  'publish/ig-quota': 'exercised',
  'comments/threads': 'exercised',
  'comments/act': 'exercised',
  'comments/lookup': 'exercised',
  'insights/account': 'exercised',
  'insights/demographics': 'exercised',
  'insights/items': 'exercised',
};

type Run = <K extends CallName>(name: K, req: CallRequest<K>) => Promise<CallResponse<K>>;

const advance = (ms: number) => sandboxControl(sandbox, 'clock', { advanceMs: ms });
const jpg = (fill: number) =>
  Buffer.from(jpeg.encode({ data: Buffer.alloc(24 * 16 * 4, fill), width: 24, height: 16 }, 80).data);

/** Streams a file to the host in chunks, as the renderer does, and closes the upload (no Graph call). */
async function upload(run: Run, bytes: Buffer, name: string) {
  const { uploadId, chunkBytes } = await run('publish/upload-begin', {
    name,
    size: bytes.length,
    declaredType: name.endsWith('.mp4') ? 'video/mp4' : 'image/jpeg',
  });
  for (let at = 0; at < bytes.length; at += chunkBytes)
    await run('publish/upload-chunk', {
      uploadId,
      offset: at,
      data: bytes.subarray(at, at + chunkBytes).toString('base64'),
    });
  return run('publish/upload-end', { uploadId });
}

/** Asserts an outcome is `ok` and narrows it (a failed step would leave the calls after it unexercised). */
function ok<T extends { status: string }>(r: T): Extract<T, { status: 'ok' }> {
  expect(r, JSON.stringify(r)).toMatchObject({ status: 'ok' });
  return r as Extract<T, { status: 'ok' }>;
}

/** Every publish call that reaches Graph: a photo cross-post, a reel, stories, a scheduled post, the quota. */
async function exercisePublishing(run: Run, pageId: string, igId: string): Promise<void> {
  const photo = async (fill: number) => {
    const media = await upload(run, jpg(fill), 'photo.jpg');
    return ok(await run('publish/fb-photo', { accountId: pageId, uploadId: media.uploadId })).photoId;
  };
  const post = ok(
    await run('publish/fb-post', { accountId: pageId, message: 'Cover', photoIds: [await photo(200)] }),
  );
  ok(await run('publish/fb-post-get', { accountId: pageId, postId: post.postId }));
  const c = ok(
    await run('publish/ig-container', { kind: 'image', accountId: igId, photoId: await photo(201) }),
  );
  await advance(3000);
  ok(await run('publish/ig-container-status', { accountId: igId, containerId: c.containerId }));
  const pub = ok(await run('publish/ig-publish', { accountId: igId, containerId: c.containerId }));
  ok(await run('publish/ig-media-get', { accountId: igId, mediaId: pub.mediaId }));
  ok(await run('publish/ig-quota', { accountId: igId }));

  const clip = makeMp4({ durationMs: 10_000, width: 1080, height: 1920 });
  const reel = await upload(run, clip, 'reel.mp4');
  const fbReel = ok(
    await run('publish/fb-video-stage', { accountId: pageId, uploadId: reel.uploadId, as: 'reel' }),
  );
  ok(await run('publish/fb-video', { accountId: pageId, videoId: fbReel.videoId, as: 'reel' }));
  ok(await run('publish/fb-video-status', { accountId: pageId, videoId: fbReel.videoId }));
  const fbVideo = ok(
    await run('publish/fb-video-stage', { accountId: pageId, uploadId: reel.uploadId, as: 'video' }),
  );
  ok(
    await run('publish/fb-video', {
      accountId: pageId,
      videoId: fbVideo.videoId,
      as: 'video',
      uploadSessionId: fbVideo.uploadSessionId ?? '',
    }),
  );
  ok(await run('publish/ig-container', { kind: 'reel', accountId: igId, uploadId: reel.uploadId }));
  ok(await run('publish/fb-story', { accountId: pageId, photoId: await photo(77) }));
  const story = await upload(run, makeMp4({ durationMs: 9_000, width: 1080, height: 1920 }), 'story.mp4');
  const storyVideo = ok(
    await run('publish/fb-video-stage', { accountId: pageId, uploadId: story.uploadId, as: 'story' }),
  );
  ok(await run('publish/fb-story', { accountId: pageId, videoId: storyVideo.videoId }));
  ok(await run('publish/fb-stories', { accountId: pageId }));
  ok(await run('publish/ig-container', { kind: 'story-image', accountId: igId, photoId: await photo(78) }));
  ok(await run('publish/ig-container', { kind: 'story-video', accountId: igId, uploadId: story.uploadId }));
  const items = await Promise.all([photo(90), photo(91)]);
  const children = [];
  for (const photoId of items)
    children.push(
      ok(await run('publish/ig-container', { kind: 'carousel-image', accountId: igId, photoId })).containerId,
    );
  ok(await run('publish/ig-container', { kind: 'carousel', accountId: igId, children }));

  const { now } = await sandboxControl<{ now: number }>(sandbox, 'clock');
  const scheduled = ok(
    await run('publish/fb-post', { accountId: pageId, message: 'Later', scheduledAt: now + 3600_000 }),
  );
  ok(await run('publish/fb-scheduled', { accountId: pageId }));
  ok(
    await run('publish/fb-scheduled-update', {
      accountId: pageId,
      postId: scheduled.postId,
      scheduledAt: now + 7200_000,
    }),
  );
  ok(await run('publish/fb-scheduled-cancel', { accountId: pageId, postId: scheduled.postId }));
}

/** Comments of a post and a media item in one batch; the Page's and Instagram's insights. */
async function exerciseCommentsAndInsights(run: Run, pageId: string): Promise<void> {
  const posts = (await run('feed/list', { accountId: pageId, limit: 50 })).items;
  const post = posts[0];
  // A video post's numbers come from its video's video_insights edge (the id as the insights stream reads it).
  const withVideo = posts.find((p) => videoIdOf(p));
  expect(withVideo).toBeDefined();
  const [media] = (await run('gallery/list', { accountId: pageId, limit: 1 })).items;
  const threads = await run('comments/threads', {
    accountId: pageId,
    targets: [
      { platform: 'fb', nativeId: post!.nativeId },
      { platform: 'ig', nativeId: media!.nativeId },
    ],
  });
  expect(threads.threads.map((t) => t.ok)).toEqual([true, true]);
  await exerciseCommentWrites(run, pageId, threads.threads);
  const { now } = await sandboxControl<{ now: number }>(sandbox, 'clock');
  for (const network of ['facebook', 'instagram'] as const)
    await run('insights/account', { accountId: pageId, network, since: now - 5 * 86_400_000, until: now });
  await run('insights/demographics', { accountId: pageId });
  await run('insights/items', {
    accountId: pageId,
    items: [
      { kind: 'post', nativeId: post!.nativeId, timestamp: post!.createdTime },
      {
        kind: 'post',
        nativeId: withVideo!.nativeId,
        videoId: videoIdOf(withVideo!),
        timestamp: withVideo!.createdTime,
      },
      {
        kind: 'media',
        nativeId: media!.nativeId,
        mediaType: media!.mediaType,
        productType: media!.productType,
        timestamp: media!.timestamp,
      },
    ],
  });
}

/** Every comment write and its lookup, on a Facebook post's comment and an Instagram medium's. */
async function exerciseCommentWrites(
  run: Run,
  pageId: string,
  threads: CallResponse<'comments/threads'>['threads'],
): Promise<void> {
  let n = 0;
  for (const t of threads) {
    if (!t.ok) continue;
    const { id } = await sandboxControl<{ id: string }>(sandbox, 'comments', {
      objectId: t.target.nativeId,
      text: 'Is this still available?',
    });
    const base = { accountId: pageId, platform: t.target.platform, postNativeId: t.target.nativeId };
    const on = { ...base, commentNativeId: id };
    type Action = CallRequest<'comments/act'>['action'];
    const last: Array<[typeof base, Action]> =
      t.target.platform === 'fb'
        ? [[on, { kind: 'like', liked: true }]]
        : [[base, { kind: 'comments-enabled', enabled: false }]];
    const actions: Array<[typeof base, Action]> = [
      [on, { kind: 'reply', text: 'Thanks!' }],
      [base, { kind: 'reply', text: 'Thanks, everyone' }],
      [on, { kind: 'private-reply', text: 'Sent you a message' }],
      [on, { kind: 'hide', hidden: true }],
      [on, { kind: 'hide', hidden: false }],
      ...last,
      [on, { kind: 'delete' }],
    ];
    for (const [where, action] of actions) {
      const act = { ...where, clientId: `cover-comment-${n++}`, action };
      const attemptAt = Date.now();
      expect(await run('comments/act', act), JSON.stringify(action)).toMatchObject({ status: 'done' });
      await run('comments/lookup', { act, attemptAt, taken: [] });
    }
  }
}

/** True when a feature endpoint (`GET /{page}/feed`, `* /debug_token`) names this logged route. */
function endpointMatches(endpoint: string, route: string): boolean {
  const [m, p] = endpoint.split(' ');
  const [rm, rp] = route.split(' ');
  return p === rp && (m === '*' || m === rm);
}

/** The features whose endpoints include `route`. */
function featuresOf(route: string): FeatureId[] {
  return FEATURE_IDS.filter((id) => FEATURES[id].endpoints.some((e) => endpointMatches(e, route)));
}

/** Why a logged route is not covered by the map, or null when it is. */
function uncovered(use: RouteUse): string | null {
  const owners = featuresOf(use.route);
  if (owners.length === 0) return `${use.route}: no feature lists this endpoint`;
  const covering = owners.some((id) => use.permissions.every((p) => FEATURES[id].permissions.includes(p)));
  return covering
    ? null
    : `${use.route} needs ${use.permissions.join(', ')}: not all in ${owners.join(' / ')}`;
}

describe('feature → permission map covers every Graph call the host makes', () => {
  it('lists every bridge call as exercised here or not reaching Graph', () => {
    expect(callNames.filter((n) => !(n in CALL_KINDS))).toEqual([]);
  });

  it('every route the host called is in a feature that names all the permissions it needed', async () => {
    await sandboxControl(sandbox, 'requests', undefined, 'DELETE');
    const exercised = new Set<CallName>();
    const run: Run = async (name, req) => {
      exercised.add(name);
      return call(name, req);
    };
    const { access_token } = await sandboxControl<{ access_token: string }>(sandbox, 'tokens', {});
    const st = await run('session/sign-in-token', { token: access_token });
    for (const acc of st.session!.accounts) {
      const accountId = acc.id;
      await run('feed/list', { accountId, limit: 5 });
      await run('gallery/list', { accountId, limit: 5 });
      await run('gallery/stories', { accountId });
      await run('sync/poll', { accountId, streams: [...POLLED_STREAMS] });
      for (const platform of ['messenger', 'instagram'] as const) {
        const conv = await run('inbox/conversations', { accountId, platform, limit: 3 });
        const c = conv.items[0];
        if (!c) continue;
        await run('inbox/messages', { accountId, platform, conversationId: c.nativeId });
        await run('inbox/messages-batch', {
          accountId,
          conversations: conv.items.map((x) => ({ platform, conversationId: x.nativeId })),
        });
        await run('inbox/send', {
          accountId,
          platform,
          clientId: `cover-${platform}-${accountId}`,
          conversationId: c.nativeId,
          recipientId: c.customer.id,
          text: 'Checking in',
        });
        await run('inbox/mark-seen', { accountId, platform, recipientId: c.customer.id });
      }
      if (acc.instagram) {
        await exercisePublishing(run, accountId, acc.instagram.id);
        await exerciseCommentsAndInsights(run, accountId);
      }
    }
    // The demo and Facebook Login sign in through the dialog, then the same token check as sign-in-token.
    expect((await run('session/sign-in-demo', {})).status).toBe('active');
    await run('privacy/permissions', {});
    await run('privacy/revoke', { permission: 'instagram_manage_messages' });
    await run('privacy/grant-again', { permission: 'instagram_manage_messages' });
    exercised.add('session/login-complete');
    await run('session/sign-out', { disconnect: true });

    const { uses } = await sandboxControl<{ uses: RouteUse[] }>(sandbox, 'routes-used');
    expect(uses.length).toBeGreaterThan(20);
    expect(new Set(uses.map((u) => u.route)).size).toBeGreaterThan(8);
    expect(uses.map(uncovered).filter(Boolean)).toEqual([]);
    const listed = Object.entries(CALL_KINDS).filter(([, k]) => k === 'exercised');
    expect(listed.map(([n]) => n).filter((n) => !exercised.has(n as CallName))).toEqual([]);
  });

  it('the check itself fails for a route no feature lists, or a permission its feature does not name', () => {
    expect(uncovered({ route: 'GET /{page}/insights', permissions: ['read_insights'], ok: true })).toBeNull();
    expect(uncovered({ route: 'GET /{page}/ratings', permissions: [], ok: true })).toMatch(/no feature/);
    expect(
      uncovered({ route: 'GET /{page}/feed', permissions: ['pages_read_engagement', 'ads_read'], ok: true }),
    ).toMatch(/not all in facebook-feed/);
  });
});
