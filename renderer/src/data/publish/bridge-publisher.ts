// The Publisher over the bridge (shared/bridge/calls/publish.ts): which publish/* calls each kind of post takes on
// each network. Files go to the host in bounded chunks from the bytes kept in the store (the renderer never passes a
// path); Instagram images go through an unpublished Page photo, whose CDN address the host hands Instagram (IG only
// fetches images from a public URL). A thrown bridge error is classified like the outbox's sends: only a refusal
// before the host could act is safe; a lost answer to a publish call is ambiguous.
import { type PublishFailure } from '../../../../shared/bridge/calls/publish';
import { IG_CAROUSEL_MAX } from '../../../../shared/publish-limits';
import { fbVideoAsFor } from '../../../../shared/publish/rules';
import { type Bridge } from '../../bridge';
import { type PublishMediaItem } from '../db';
import { outcomeOfError } from '../outbox/deliver';
import { type ContainerStatus, type Outcome, type PublishJob, type Publisher } from './publisher';
import { type UploadProgress } from './upload-progress';

type Failure = Exclude<Outcome<never>, { status: 'ok' }>;
const CHILD_POLL_MS = 1000;
const CHILD_POLLS = 90;

/** A thrown call: a refusal (invalid request, signed out) or, for a write that may have acted, ambiguous. */
function thrown(error: unknown, mayHaveActed: boolean): Failure {
  const o = outcomeOfError(error);
  if (o.status === 'permanent') return { status: 'permanent', reason: o.reason };
  if (o.status === 'auth') return { status: 'auth', reason: o.reason };
  if (o.status === 'ambiguous' && mayHaveActed) return { status: 'ambiguous', reason: o.reason };
  return { status: 'retryable', reason: 'Duet could not reach its host process.', retryAfterMs: 0 };
}

const failure = (o: PublishFailure): Failure =>
  o.status === 'permanent' ? { status: 'permanent', reason: o.reason } : o;

/** A prepare step that failed: thrown out of the step functions below and turned into its outcome. */
class StepFailed extends Error {
  constructor(readonly outcome: Failure) {
    super(outcome.reason);
  }
}

/** Base64 of a byte range (chunks are small: at most the host's chunkBytes). */
async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Creates the bridge publisher. `onCreatorAccount` remembers an Instagram account Meta said is a Creator account;
 * `onContainer` counts a container call that made (or may have made) one, toward the 400 a day; `progress` hears
 * how far each upload has got.
 */
export function createBridgePublisher(
  bridge: Bridge,
  opts: {
    onCreatorAccount?: (igAccountId: string) => void;
    onContainer?: (c: { igAccountId: string; targetId: string }) => Promise<void>;
    progress?: UploadProgress;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
  } = {},
): Publisher {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;

  /** Calls `fn`; a thrown error becomes a StepFailed (a prepare step never makes anything live). */
  async function step<T extends { status: string }>(
    fn: () => Promise<T>,
  ): Promise<Extract<T, { status: 'ok' }>> {
    let r: T;
    try {
      r = await fn();
    } catch (error) {
      throw new StepFailed(thrown(error, false));
    }
    if (r.status !== 'ok') throw new StepFailed(failure(r as unknown as PublishFailure));
    return r as Extract<T, { status: 'ok' }>;
  }

  /**
   * Frees the host's copy of a file Meta now has (the host keeps at most UPLOADS_OPEN_MAX files at once, so
   * uploads left behind refuse every later post). Each prepare uploads afresh from the stored bytes, so a copy is
   * never needed again once the call that handed it to Meta has answered (a Facebook video's bytes go to Meta when it
   * is staged, before its finish). Best effort: the host also sweeps.
   */
  const discard = (uploadId: string) =>
    bridge.invoke('publish/upload-discard', { uploadId }).then(
      () => undefined,
      () => undefined,
    );

  async function upload(job: PublishJob, m: PublishMediaItem & { blob: Blob }): Promise<string> {
    let begun: string | undefined;
    try {
      const { uploadId, chunkBytes } = await bridge.invoke('publish/upload-begin', {
        name: m.name.slice(0, 255) || 'file',
        size: m.blob.size,
        declaredType: m.mime.slice(0, 100),
      });
      opts.progress?.begin(uploadId, job.target.id, m.blob.size);
      begun = uploadId;
      for (let offset = 0; offset < m.blob.size; offset += chunkBytes) {
        const data = await base64(m.blob.slice(offset, offset + chunkBytes));
        await bridge.invoke('publish/upload-chunk', { uploadId, offset, data });
        opts.progress?.toHost(uploadId, Math.min(offset + chunkBytes, m.blob.size));
      }
      await bridge.invoke('publish/upload-end', { uploadId });
      return uploadId;
    } catch (error) {
      // A half-sent file is never resumed: the next prepare sends it again.
      if (begun) await discard(begun);
      throw new StepFailed(thrown(error, false));
    }
  }

  const pageOf = (job: PublishJob) => job.post.accountId;
  const igOf = (job: PublishJob) => job.post.igAccountId ?? '';

  async function fbPhoto(job: PublishJob, m: PublishMediaItem & { blob: Blob }): Promise<string> {
    const uploadId = await upload(job, m);
    try {
      const r = await step(() => bridge.invoke('publish/fb-photo', { accountId: pageOf(job), uploadId }));
      return r.photoId;
    } finally {
      await discard(uploadId);
    }
  }

  async function igContainer(job: PublishJob, req: Parameters<typeof igRequest>[1]): Promise<string> {
    // Each call that made a container, or may have (its answer was lost), counts toward the 400 a day.
    const spent = () => opts.onContainer?.({ igAccountId: igOf(job), targetId: job.target.id });
    try {
      const r = await bridge.invoke('publish/ig-container', igRequest(job, req));
      if (r.status === 'ok' || (r.status !== 'auth' && r.status !== 'ambiguous' && r.spent)) await spent();
      if (r.status === 'ok') return r.containerId;
      if (r.status === 'permanent' && r.code === 'creator-account') opts.onCreatorAccount?.(igOf(job));
      throw new StepFailed(failure(r));
    } catch (error) {
      if (error instanceof StepFailed) throw error;
      if (outcomeOfError(error).status === 'ambiguous') await spent();
      throw new StepFailed(thrown(error, false));
    } finally {
      // A video container's bytes went to Meta within that call.
      if ('uploadId' in req) await discard(req.uploadId);
    }
  }

  /** Waits for carousel children to be FINISHED (Meta refuses a parent whose children are still processing). */
  async function childrenReady(job: PublishJob, ids: string[]) {
    for (const id of ids) {
      for (let i = 0; ; i++) {
        const s = await step(() =>
          bridge.invoke('publish/ig-container-status', { accountId: igOf(job), containerId: id }),
        );
        if (s.statusCode === 'FINISHED') break;
        if (s.statusCode === 'ERROR' || s.statusCode === 'EXPIRED' || i >= CHILD_POLLS)
          throw new StepFailed({
            status: 'permanent',
            reason: s.message ?? 'Instagram could not process one of the carousel’s files.',
          });
        await sleep(CHILD_POLL_MS);
      }
    }
  }

  async function prepareFacebook(job: PublishJob): Promise<string | undefined> {
    const { kind } = job.post;
    if (kind === 'text') return undefined;
    if (kind === 'photo' || kind === 'photos') {
      const ids: string[] = [];
      for (const m of job.media) ids.push(await fbPhoto(job, m));
      return `photos:${ids.join(',')}`;
    }
    const m = job.media[0]!;
    if (kind === 'story' && m.kind === 'image') return `photo:${await fbPhoto(job, m)}`;
    // A video, reel or story video is staged here (start + bytes): its video id is on disk before the live finish.
    const as = kind === 'story' ? 'story' : fbVideoAsFor(job.post.fbVideoAs, job.media);
    const uploadId = await upload(job, m);
    let r;
    try {
      r = await step(() => bridge.invoke('publish/fb-video-stage', { accountId: pageOf(job), uploadId, as }));
    } finally {
      // The bytes went to Meta within the stage call (a failed stage uploads afresh from the stored bytes).
      await discard(uploadId);
    }
    if (as === 'video') return `video:${r.videoId},${r.uploadSessionId ?? ''}`;
    return `${as === 'story' ? 'vstory' : 'reel'}:${r.videoId}`;
  }

  /** A Facebook story by the photo or video it was made from (`/{page}/stories` lists media_id). */
  async function fbStoryStatus(job: PublishJob, mediaId: string): Promise<Outcome<ContainerStatus>> {
    const r = await bridge.invoke('publish/fb-stories', { accountId: pageOf(job) });
    if (r.status !== 'ok') return failure(r);
    const story = r.stories.find((x) => x.mediaId === mediaId);
    // Not listed: not live yet (before the attempt, ready to publish). After a lost answer an absence proves nothing
    // for sure (the list may lag), so reconciliation leaves such a story to the user (steps.ts).
    return {
      status: 'ok',
      value: story ? { kind: 'published', mediaId: story.postId } : { kind: 'finished' },
    };
  }

  /** A staged video or reel: not finished yet (the finish may be sent), processing, or live / scheduled. */
  async function fbVideoStatus(job: PublishJob, videoId: string): Promise<Outcome<ContainerStatus>> {
    const r = await bridge.invoke('publish/fb-video-status', { accountId: pageOf(job), videoId });
    if (r.status !== 'ok') return failure(r);
    const byState: Record<typeof r.state, ContainerStatus> = {
      staged: { kind: 'finished' },
      processing: { kind: 'undecided' },
      scheduled: { kind: 'published', mediaId: videoId },
      ready: { kind: 'published', mediaId: videoId },
      error: { kind: 'error', reason: r.errorMessage ?? 'Facebook could not process this video.' },
    };
    return { status: 'ok', value: byState[r.state] };
  }

  async function prepareInstagram(job: PublishJob): Promise<string> {
    const { kind } = job.post;
    const first = job.media[0]!;
    if (kind === 'photo')
      return igContainer(job, { kind: 'image', photoId: await fbPhoto(job, first), altText: first.altText });
    if (kind === 'video') return igContainer(job, { kind: 'reel', uploadId: await upload(job, first) });
    if (kind === 'story')
      return first.kind === 'image'
        ? igContainer(job, { kind: 'story-image', photoId: await fbPhoto(job, first) })
        : igContainer(job, { kind: 'story-video', uploadId: await upload(job, first) });
    const children: string[] = [];
    for (const m of job.media.slice(0, IG_CAROUSEL_MAX))
      children.push(
        m.kind === 'image'
          ? await igContainer(job, {
              kind: 'carousel-image',
              photoId: await fbPhoto(job, m),
              altText: m.altText,
            })
          : await igContainer(job, { kind: 'carousel-video', uploadId: await upload(job, m) }),
      );
    await childrenReady(job, children);
    return igContainer(job, { kind: 'carousel', children });
  }

  const idsOf = (containerId: string, prefix: string) =>
    containerId.startsWith(prefix) ? containerId.slice(prefix.length).split(',').filter(Boolean) : [];

  async function publishFacebook(job: PublishJob): Promise<Outcome<{ mediaId: string }>> {
    const c = job.target.containerId ?? '';
    const at = job.scheduleAt !== undefined ? { scheduledAt: job.scheduleAt } : {};
    const message = job.caption ? { message: job.caption } : {};
    if (c.startsWith('reel:') || c.startsWith('video:')) {
      // The staged video's or reel's finish: published now, or natively scheduled.
      const [videoId, uploadSessionId] = c.startsWith('reel:') ? idsOf(c, 'reel:') : idsOf(c, 'video:');
      const r = await bridge.invoke('publish/fb-video', {
        accountId: pageOf(job),
        videoId: videoId!,
        as: c.startsWith('reel:') ? 'reel' : 'video',
        ...(uploadSessionId ? { uploadSessionId } : {}),
        ...(job.caption ? { description: job.caption } : {}),
        ...at,
      });
      return r.status === 'ok' ? { status: 'ok', value: { mediaId: r.videoId } } : failure(r);
    }
    if (job.post.kind === 'story') {
      const photoId = idsOf(c, 'photo:')[0];
      const videoId = idsOf(c, 'vstory:')[0];
      const r = await bridge.invoke('publish/fb-story', {
        accountId: pageOf(job),
        ...(photoId ? { photoId } : { videoId: videoId! }),
      });
      return r.status === 'ok' ? { status: 'ok', value: { mediaId: r.postId } } : failure(r);
    }
    const r = await bridge.invoke('publish/fb-post', {
      accountId: pageOf(job),
      ...message,
      ...(job.post.link ? { link: job.post.link } : {}),
      photoIds: idsOf(c, 'photos:'),
      ...at,
    });
    return r.status === 'ok' ? { status: 'ok', value: { mediaId: r.postId } } : failure(r);
  }

  return {
    async prepare(job) {
      try {
        const containerId =
          job.target.network === 'facebook' ? await prepareFacebook(job) : await prepareInstagram(job);
        return { status: 'ok', value: containerId ? { containerId } : {} };
      } catch (error) {
        if (error instanceof StepFailed) return error.outcome;
        return thrown(error, false);
      } finally {
        opts.progress?.clear(job.target.id);
      }
    },

    async status(job, containerId) {
      try {
        if (job.target.network === 'facebook') {
          const video = idsOf(containerId, 'reel:')[0] ?? idsOf(containerId, 'video:')[0];
          if (video) return await fbVideoStatus(job, video);
          const media = idsOf(containerId, 'vstory:')[0] ?? idsOf(containerId, 'photo:')[0];
          if (media && job.post.kind === 'story') return await fbStoryStatus(job, media);
          // Facebook photos are ready once uploaded.
          return { status: 'ok', value: { kind: 'finished' } };
        }
        const r = await bridge.invoke('publish/ig-container-status', { accountId: igOf(job), containerId });
        if (r.status !== 'ok') return failure(r);
        const byCode: Record<typeof r.statusCode, ContainerStatus> = {
          IN_PROGRESS: { kind: 'in-progress' },
          FINISHED: { kind: 'finished' },
          PUBLISHED: { kind: 'published' },
          EXPIRED: { kind: 'expired' },
          ERROR: {
            kind: 'error',
            reason:
              r.message ?? `Instagram could not process the file (error ${r.errorSubcode ?? 'unknown'}).`,
          },
        };
        return { status: 'ok', value: byCode[r.statusCode] };
      } catch (error) {
        return thrown(error, false);
      }
    },

    statusTellsLive(job) {
      if (job.target.network === 'instagram') return true;
      const c = job.target.containerId ?? '';
      return /^(reel|video):/.test(c) || (job.post.kind === 'story' && /^(photo|vstory):/.test(c));
    },

    async publish(job) {
      try {
        if (job.target.network === 'facebook') return await publishFacebook(job);
        const r = await bridge.invoke('publish/ig-publish', {
          accountId: igOf(job),
          containerId: job.target.containerId ?? '',
        });
        return r.status === 'ok' ? { status: 'ok', value: { mediaId: r.mediaId } } : failure(r);
      } catch (error) {
        // The call may have reached Meta: never "retryable".
        return thrown(error, true);
      } finally {
        opts.progress?.clear(job.target.id);
      }
    },

    async fetchPublished(job, mediaId) {
      try {
        if (job.target.network === 'instagram') {
          const r = await bridge.invoke('publish/ig-media-get', { accountId: igOf(job), mediaId });
          if (r.status !== 'ok') return failure(r);
          const link = r.permalink ? { permalink: r.permalink } : {};
          if (job.post.kind === 'story') {
            const stories = await bridge.invoke('gallery/stories', { accountId: pageOf(job) });
            const story = stories.items.find((m) => m.nativeId === mediaId);
            return { status: 'ok', value: { ...link, ...(story ? { story } : {}) } };
          }
          const list = await bridge.invoke('gallery/list', { accountId: pageOf(job), limit: 10 });
          const media = list.items.find((m) => m.nativeId === mediaId);
          return { status: 'ok', value: { ...link, ...(media ? { media } : {}) } };
        }
        if (job.post.kind === 'video') {
          const r = await bridge.invoke('publish/fb-video-status', {
            accountId: pageOf(job),
            videoId: mediaId,
          });
          if (r.status !== 'ok') return failure(r);
          if (r.state !== 'ready' && r.state !== 'error')
            return { status: 'retryable', reason: 'Facebook is processing the video.', retryAfterMs: 5000 };
          return { status: 'ok', value: r.permalinkUrl ? { permalink: r.permalinkUrl } : {} };
        }
        if (job.post.kind === 'story') return { status: 'ok', value: {} };
        const r = await bridge.invoke('publish/fb-post-get', { accountId: pageOf(job), postId: mediaId });
        if (r.status !== 'ok') return failure(r);
        const list = await bridge.invoke('feed/list', { accountId: pageOf(job), limit: 10 });
        const post = list.items.find((p) => p.nativeId === mediaId);
        return {
          status: 'ok',
          value: { ...(r.permalinkUrl ? { permalink: r.permalinkUrl } : {}), ...(post ? { post } : {}) },
        };
      } catch (error) {
        return thrown(error, false);
      }
    },

    async recent(job) {
      try {
        if (job.target.network === 'facebook' && job.scheduleAt !== undefined) {
          const r = await bridge.invoke('publish/fb-scheduled', { accountId: pageOf(job) });
          if (r.status !== 'ok') return failure(r);
          // The whole list of pending scheduled posts: only ours can carry our caption at our time.
          const at = job.scheduleAt;
          const mine = r.posts.filter((p) => Math.abs(p.scheduledAt - at) < 60_000);
          const items = mine.map((p) => ({
            id: p.postId,
            caption: p.message,
            createdTime: Number.MAX_SAFE_INTEGER,
          }));
          // Once its time has come (Duet was closed past it), Facebook has moved it from the scheduled posts to the
          // feed: look there too, or a post that went live would be taken for one that never was.
          if (at - SCHEDULE_SLACK_MS > now()) return { status: 'ok', value: { items, hasMore: false } };
          const page = await bridge.invoke('feed/list', { accountId: pageOf(job), limit: 25 });
          return {
            status: 'ok',
            value: {
              items: [
                ...items,
                ...page.items.map((p) => ({
                  id: p.nativeId,
                  caption: p.message,
                  createdTime: p.createdTime,
                })),
              ],
              hasMore: page.paging.hasMore,
            },
          };
        }
        if (job.target.network === 'facebook') {
          const page = await bridge.invoke('feed/list', { accountId: pageOf(job), limit: 25 });
          return {
            status: 'ok',
            value: {
              items: page.items.map((p) => ({
                id: p.nativeId,
                caption: p.message,
                createdTime: p.createdTime,
              })),
              hasMore: page.paging.hasMore,
            },
          };
        }
        const page = await bridge.invoke('gallery/list', { accountId: pageOf(job), limit: 25 });
        return {
          status: 'ok',
          value: {
            items: page.items.map((m) => ({ id: m.nativeId, caption: m.caption, createdTime: m.timestamp })),
            hasMore: page.paging.hasMore,
          },
        };
      } catch (error) {
        return thrown(error, false);
      }
    },

    async updateScheduled({ accountId, postId }, change) {
      try {
        const r = await bridge.invoke('publish/fb-scheduled-update', { accountId, postId, ...change });
        return r.status === 'ok' ? { status: 'ok', value: null } : failure(r);
      } catch (error) {
        // The edit may have reached Facebook: the caller reads the post back before saying anything.
        return thrown(error, true);
      }
    },

    async cancelScheduled({ accountId, postId }) {
      try {
        const r = await bridge.invoke('publish/fb-scheduled-cancel', { accountId, postId });
        return r.status === 'ok' ? { status: 'ok', value: null } : failure(r);
      } catch (error) {
        return thrown(error, true);
      }
    },

    async readScheduled({ accountId, postId }, at) {
      try {
        const list = await bridge.invoke('publish/fb-scheduled', { accountId });
        if (list.status !== 'ok') return failure(list);
        const mine = list.posts.find((p) => p.postId === postId);
        if (mine)
          return {
            status: 'ok',
            value: { state: 'pending', message: mine.message, scheduledAt: mine.scheduledAt },
          };
        const r = await bridge.invoke('publish/fb-post-get', { accountId, postId });
        if (r.status === 'ok' && !r.exists) return { status: 'ok', value: { state: 'gone' } };
        if (r.status === 'ok' && r.isPublished) return { status: 'ok', value: { state: 'live' } };
        // Not among the scheduled posts and not readable: deleted. Only while its time is still well ahead, though —
        // a post that just went live can be missing from the list and answer Meta's false 100/33 too.
        if (r.status !== 'ok' && r.status !== 'auth' && at - SCHEDULE_SLACK_MS > now())
          return { status: 'ok', value: { state: 'gone' } };
        return r.status === 'ok'
          ? { status: 'retryable', reason: 'Facebook has not settled this post yet.', retryAfterMs: 5_000 }
          : failure(r);
      } catch (error) {
        return thrown(error, false);
      }
    },

    async scheduledState(job, mediaId) {
      try {
        if (job.post.kind === 'video') {
          // A natively scheduled reel, by its video id.
          const v = await bridge.invoke('publish/fb-video-status', {
            accountId: pageOf(job),
            videoId: mediaId,
          });
          if (v.status !== 'ok') return failure(v);
          return {
            status: 'ok',
            value: v.state === 'ready' ? 'live' : v.state === 'error' ? 'gone' : 'pending',
          };
        }
        const r = await bridge.invoke('publish/fb-post-get', { accountId: pageOf(job), postId: mediaId });
        if (r.status !== 'ok') return failure(r);
        return { status: 'ok', value: !r.exists ? 'gone' : r.isPublished ? 'live' : 'pending' };
      } catch (error) {
        return thrown(error, false);
      }
    },
  };
}

/** How far Meta's clock may be ahead of ours when deciding that a scheduled post's time has come. */
const SCHEDULE_SLACK_MS = 10 * 60_000;

/** The ig-container request for a job (the account and the caption filled in where Meta takes them). */
function igRequest(
  job: PublishJob,
  req:
    | { kind: 'image'; photoId: string; altText?: string | undefined }
    | { kind: 'reel'; uploadId: string }
    | { kind: 'story-image'; photoId: string }
    | { kind: 'story-video'; uploadId: string }
    | { kind: 'carousel-image'; photoId: string; altText?: string | undefined }
    | { kind: 'carousel-video'; uploadId: string }
    | { kind: 'carousel'; children: string[] },
) {
  const accountId = job.post.igAccountId ?? '';
  const caption = job.caption ? { caption: job.caption } : {};
  switch (req.kind) {
    case 'image':
      return {
        kind: req.kind,
        accountId,
        photoId: req.photoId,
        ...caption,
        ...(req.altText ? { altText: req.altText } : {}),
      };
    case 'carousel-image':
      return {
        kind: req.kind,
        accountId,
        photoId: req.photoId,
        ...(req.altText ? { altText: req.altText } : {}),
      };
    case 'reel':
      return { kind: req.kind, accountId, uploadId: req.uploadId, ...caption };
    case 'carousel':
      return { kind: req.kind, accountId, children: req.children, ...caption };
    default:
      return { ...req, accountId };
  }
}
