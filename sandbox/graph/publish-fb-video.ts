/**
 * Facebook Reels: `POST /{page}/video_reels?upload_phase=start` → `{video_id, upload_url}`, the bytes to rupload
 * (http/rupload.ts), `upload_phase=finish&video_id&video_state=PUBLISHED&description` → `{success:true}`, then the
 * reel processes and goes live on the sandbox clock; `video_state=SCHEDULED&scheduled_publish_time` schedules it
 * natively instead (the same 10 min–30 days window as feed posts; notes §1.1, n8n's reels template). `GET
 * /{video-id}?fields=status,permalink_url` reads it: before the finish the processing and publishing phases are
 * `not_started`; after it processing runs, then publishing says `published` (or `scheduled` until its time).
 * 30 API-published reels per Page per 24 h; 3–90 s long.
 * https://developers.facebook.com/documentation/video-api/guides/reels-publishing
 */
import {
  FB_REEL_MAX_MS,
  FB_REEL_MIN_MS,
  FB_REELS_PER_DAY,
  FB_VIDEO_STORY_MAX_MS,
} from '../../shared/publish-limits';
import { GraphError, errors } from '../errors.js';
import { type Ctx } from '../render/core.js';
import { type Page, type Post } from '../world.js';
import { type FbVideo } from '../world/publish.js';
import { DAY, fbTime } from '../time.js';
import { requirePageToken, requirePerm } from './access.js';
import { scheduleOf } from './publish-fb.js';
import { sniffBytes } from '../../shared/media-sniff';
import { type GraphRequest, type Services } from './request.js';
import { type Route, route } from './router.js';
import { VIDEO_READY_MS } from './publish-ig.js';

/** The routes of this area. */
export const publishFbVideoRoutes: Route[] = [
  route('POST', '/{page}/photo_stories', ({ svc, ctx, req, target }) =>
    photoStory(svc, ctx, req, target.obj),
  ),
  route('POST', '/{page}/video_stories', ({ svc, ctx, req, target }) =>
    videoStory(svc, ctx, req, target.obj),
  ),
  route('POST', '/{page}/video_reels', ({ svc, ctx, req, target }) => reelPhase(svc, ctx, req, target.obj)),
  route('POST', '/{page}/videos', ({ svc, ctx, req, target }) => videoPhase(svc, ctx, req, target.obj)),
  route('GET', '/{page}/stories', ({ ctx, target }) => pageStories(ctx, target.obj)),
  route('GET', '/{video}', ({ ctx, target }) => {
    const v = target.obj;
    ctx.world.publish.promoteDue(ctx.now, ctx.world.postsByPage);
    const finished = v.state === 'ready' || v.state === 'processing' || v.state === 'error';
    const processed = v.state === 'ready' && (v.readyAt ?? Infinity) <= ctx.now;
    const live = processed && (v.publishAt ?? 0) <= ctx.now;
    const scheduled = v.state === 'ready' && !live && (v.publishAt ?? 0) > ctx.now;
    const out: Record<string, unknown> = {
      id: v.id,
      status: {
        video_status:
          v.state === 'error'
            ? 'error'
            : live
              ? 'ready'
              : !v.uploaded
                ? 'upload_pending'
                : finished
                  ? 'processing'
                  : 'upload_complete',
        uploading_phase: { status: v.uploaded ? 'complete' : 'not_started' },
        processing_phase: {
          status:
            v.state === 'error'
              ? 'error'
              : !finished
                ? 'not_started'
                : processed
                  ? 'complete'
                  : 'in_progress',
        },
        publishing_phase: {
          status: live ? 'complete' : scheduled ? 'in_progress' : 'not_started',
          publish_status: live ? 'published' : scheduled ? 'scheduled' : 'not_published',
          ...(scheduled ? { publish_time: Math.floor((v.publishAt ?? 0) / 1000) } : {}),
        },
      },
    };
    if (live && v.postId) out.permalink_url = `https://www.facebook.com/reel/${v.id}`;
    return out;
  }),
];

/** Bytes per `transfer` the sandbox asks for (Meta picks its own; clients follow start_offset / end_offset). */
export const VIDEO_CHUNK_BYTES = 1024 * 1024;

/**
 * A plain Page video, chunked: `POST /{page}/videos upload_phase=start&file_size` → `{video_id, upload_session_id,
 * start_offset, end_offset}`; `upload_phase=transfer&upload_session_id&start_offset` with the bytes in the multipart
 * field `video_file_chunk` → the next `{start_offset, end_offset}` (equal when all is in); `upload_phase=finish
 * &upload_session_id&description[&published=false&scheduled_publish_time]` → `{success:true}`, the live write. The
 * video processes, then its post goes live (or at its scheduled time, the feed's window).
 * https://developers.facebook.com/docs/graph-api/reference/page/videos/#Creating (upload_phase, upload_session_id,
 * start_offset, video_file_chunk, published, scheduled_publish_time);
 * https://developers.facebook.com/docs/video-api/guides/publishing (Video API publishing guide).
 */
function videoPhase(svc: Services, ctx: Ctx, req: GraphRequest, page: Page): unknown {
  requirePageToken(ctx, page.id);
  requirePerm(ctx, 'pages_manage_posts', 'write');
  const pub = svc.world.publish;
  const phase = req.params.str('upload_phase');
  if (phase === 'start') {
    const size = Number(req.params.str('file_size') ?? NaN);
    if (!Number.isInteger(size) || size <= 0)
      throw errors.param('file_size must be a positive number of bytes');
    const v: FbVideo = {
      id: pub.newId(16),
      pageId: page.id,
      purpose: 'video',
      state: 'awaiting-upload',
      uploaded: false,
      session: { id: pub.newId(15), size, chunks: [], received: 0 },
    };
    pub.videos.set(v.id, v);
    return {
      video_id: v.id,
      upload_session_id: v.session!.id,
      start_offset: '0',
      end_offset: String(Math.min(size, VIDEO_CHUNK_BYTES)),
    };
  }
  const sid = req.params.str('upload_session_id') ?? '';
  const v = [...pub.videos.values()].find((x) => x.session?.id === sid && x.pageId === page.id);
  if (!v || !v.session) throw errors.param('The parameter upload_session_id is required and must be valid');
  const s = v.session;
  if (phase === 'transfer') {
    const chunk = req.files.get('video_file_chunk');
    const at = Number(req.params.str('start_offset') ?? NaN);
    if (!chunk) throw errors.param('The parameter video_file_chunk is required');
    if (at !== s.received) throw errors.param(`start_offset must be ${s.received}`);
    if (s.received + chunk.data.length > s.size) throw errors.param('More bytes than file_size');
    s.chunks.push(chunk.data);
    s.received += chunk.data.length;
    if (s.received === s.size) {
      const sniffed = sniffBytes(Buffer.concat(s.chunks));
      v.uploaded = true;
      v.durationMs = sniffed?.kind === 'video' ? sniffed.durationMs : -1;
    }
    return {
      start_offset: String(s.received),
      end_offset: String(Math.min(s.size, s.received + VIDEO_CHUNK_BYTES)),
    };
  }
  if (phase !== 'finish') throw errors.param('upload_phase must be start, transfer or finish');
  // A second finish of the same session changes nothing (it is already on its way).
  if (v.state !== 'awaiting-upload') return { success: true };
  if (!v.uploaded) throw errors.param('The video has not been uploaded completely yet');
  const published = req.params.str('published') !== 'false';
  const publishAt = scheduleOf(ctx, req);
  if (!published && publishAt === undefined)
    throw errors.param('An unpublished video needs scheduled_publish_time in the sandbox');
  if ((v.durationMs ?? -1) < 0) {
    v.state = 'error';
    return { success: true };
  }
  return goLiveLater(svc, ctx, page, v, 'video', publishAt, req.params.str('description'));
}

/** A finished reel or video: processing, then its post goes live at the later of processing's end and its time. */
function goLiveLater(
  svc: Services,
  ctx: Ctx,
  page: Page,
  v: FbVideo,
  type: 'reel' | 'video',
  publishAt: number | undefined,
  description: string | undefined,
): unknown {
  const pub = svc.world.publish;
  v.state = 'ready';
  v.readyAt = ctx.now + VIDEO_READY_MS;
  if (publishAt !== undefined) v.publishAt = publishAt;
  const liveAt = Math.max(v.readyAt, publishAt ?? 0);
  if (description) v.description = description;
  const post: Post = {
    id: `${page.id}_${pub.newId(16)}`,
    pageId: page.id,
    kind: 'video',
    createdTime: ctx.now,
    updatedTime: ctx.now,
    photoCount: 0,
    fromId: page.id,
    fromName: page.name,
    reactions: 0,
    shares: 0,
    published: false,
    scheduledAt: liveAt,
    ...(description ? { message: description } : {}),
  };
  v.postId = post.id;
  svc.world.posts.set(post.id, post);
  pub.scheduled.push(post);
  pub.record({
    kind: 'fb-post',
    id: post.id,
    accountId: page.id,
    type,
    at: liveAt,
    ...(description ? { text: description } : {}),
  });
  return { success: true };
}

/** A reel's or story video's `upload_phase=start`: a video awaiting its bytes at rupload. */
function startRupload(svc: Services, ctx: Ctx, page: Page, purpose: 'reel' | 'story'): unknown {
  const v: FbVideo = {
    id: svc.world.publish.newId(16),
    pageId: page.id,
    purpose,
    state: 'awaiting-upload',
    uploaded: false,
  };
  svc.world.publish.videos.set(v.id, v);
  return {
    video_id: v.id,
    upload_url: `${ctx.origin}/rupload/video-upload/${ctx.version || 'v27.0'}/${v.id}`,
  };
}

/** The video an `upload_phase=finish` names (of this Page and this kind), or Meta's refusal. */
function finishing(svc: Services, req: GraphRequest, page: Page, purpose: 'reel' | 'story'): FbVideo {
  if (req.params.str('upload_phase') !== 'finish') throw errors.param('upload_phase must be start or finish');
  const v = svc.world.publish.videos.get(req.params.str('video_id') ?? '');
  if (!v || v.pageId !== page.id || v.purpose !== purpose)
    throw errors.param('The parameter video_id is required and must be a valid video');
  return v;
}

function reelPhase(svc: Services, ctx: Ctx, req: GraphRequest, page: Page): unknown {
  requirePageToken(ctx, page.id);
  requirePerm(ctx, 'pages_manage_posts', 'write');
  const pub = svc.world.publish;
  const phase = req.params.str('upload_phase');
  if (phase === 'start') {
    if (pub.reelsInDay(page.id, ctx.now) >= FB_REELS_PER_DAY)
      throw new GraphError(
        'This Page has reached the limit of 30 reels published through the API in 24 hours.',
        100,
        'OAuthException',
      );
    return startRupload(svc, ctx, page, 'reel');
  }
  const v = finishing(svc, req, page, 'reel');
  if (v.state !== 'awaiting-upload') return { success: true };
  if (!v.uploaded) throw errors.param('The video has not been uploaded yet');
  const state = (req.params.str('video_state') ?? 'PUBLISHED').toUpperCase();
  if (state !== 'PUBLISHED' && state !== 'SCHEDULED')
    throw errors.param('The sandbox publishes reels with video_state=PUBLISHED or SCHEDULED only');
  const publishAt = state === 'SCHEDULED' ? scheduleOf(ctx, req) : undefined;
  if (state === 'SCHEDULED' && publishAt === undefined)
    throw errors.param('A scheduled reel needs scheduled_publish_time');
  const d = v.durationMs ?? -1;
  if (d < FB_REEL_MIN_MS || d > FB_REEL_MAX_MS) {
    // Accepted, then failed in processing: not a 3–90 s video.
    v.state = 'error';
    return { success: true };
  }
  return goLiveLater(svc, ctx, page, v, 'reel', publishAt, req.params.str('description'));
}

/**
 * Page stories: `POST /{page}/photo_stories?photo_id=<unpublished photo>` and `POST /{page}/video_stories` with
 * `upload_phase=start|finish` (bytes to rupload in between), each answering `{success:true, post_id}`. Video stories
 * are at most 60 s. What went live is listed by `GET /{page}/stories` (pageStories below) and the ledger.
 * https://developers.facebook.com/docs/page-stories-api
 */
function photoStory(svc: Services, ctx: Ctx, req: GraphRequest, page: Page): unknown {
  requirePageToken(ctx, page.id);
  requirePerm(ctx, 'pages_manage_posts', 'write');
  const id = req.params.str('photo_id') ?? '';
  const photo = svc.world.photos.get(id);
  if (!photo || photo.pageId !== page.id) throw errors.noObject(id, 'POST');
  // "The media must not have been used in an earlier post" (Page Stories API).
  if (photo.published || photo.postId) throw errors.param(`The photo ${id} has already been posted`, 1366051);
  photo.postId = `${page.id}_${svc.world.publish.newId(16)}`;
  return storyLive(svc, ctx, page, photo.postId, photo.id, 'photo');
}

function videoStory(svc: Services, ctx: Ctx, req: GraphRequest, page: Page): unknown {
  requirePageToken(ctx, page.id);
  requirePerm(ctx, 'pages_manage_posts', 'write');
  const pub = svc.world.publish;
  const phase = req.params.str('upload_phase');
  if (phase === 'start') {
    return startRupload(svc, ctx, page, 'story');
  }
  const v = finishing(svc, req, page, 'story');
  if (v.postId) return { success: true, post_id: v.postId };
  if (!v.uploaded) throw errors.param('The video has not been uploaded yet');
  const d = v.durationMs ?? -1;
  // Wording unverified: the Page Stories API states the 60 s limit but not its error.
  if (d < 0 || d > FB_VIDEO_STORY_MAX_MS)
    throw errors.param('Video stories must be a video of at most 60 seconds.');
  v.state = 'ready';
  v.readyAt = ctx.now;
  v.postId = `${page.id}_${pub.newId(16)}`;
  return storyLive(svc, ctx, page, v.postId, v.id, 'video');
}

function storyLive(
  svc: Services,
  ctx: Ctx,
  page: Page,
  postId: string,
  mediaId: string,
  type: 'photo' | 'video',
): unknown {
  svc.world.publish.record({ kind: 'fb-story', id: postId, accountId: page.id, type, at: ctx.now });
  svc.world.publish.stories.push({ postId, pageId: page.id, mediaId, mediaType: type, at: ctx.now });
  return { success: true, post_id: postId };
}

/**
 * `GET /{page}/stories`: the Page's stories of the last 24 h, newest first, each with post_id, status
 * (PUBLISHED), creation_time, media_type (photo | video), media_id (the photo or video it was made from) and url.
 * Stories never appear in the feed. https://developers.facebook.com/docs/page-stories-api (field list as
 * third-party clients read it; media_id being the uploaded photo's / video's id is unverified).
 */
function pageStories(ctx: Ctx, page: Page): unknown {
  requirePageToken(ctx, page.id);
  requirePerm(ctx, 'pages_read_engagement', 'read');
  const data = ctx.world.publish.stories
    .filter((e) => e.pageId === page.id && ctx.now - e.at < DAY && e.at <= ctx.now)
    .reverse()
    .map((e) => ({
      post_id: e.postId,
      status: 'PUBLISHED',
      creation_time: fbTime(e.at),
      media_type: e.mediaType,
      media_id: e.mediaId,
      url: `https://www.facebook.com/stories/${e.pageId}/${e.postId}`,
    }));
  return { data };
}
