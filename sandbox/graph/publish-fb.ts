/**
 * Publishing to a Facebook Page: feed posts (text, link, attached unpublished photos, native scheduling),
 * photos (url or multipart `source`, `published=false`), photo objects with their CDN `images`, and the Page's
 * scheduled posts (list, edit, reschedule). What goes live is recorded in the publishing ledger (world/publish.ts).
 */
import { FB_PHOTO_MAX_BYTES, FB_SCHEDULE_MAX_MS, FB_SCHEDULE_MIN_MS } from '../../shared/publish-limits';
import { sniffBytes } from '../../shared/media-sniff';
import { GraphError, errors } from '../errors.js';
import { type Ctx, cdnUrl } from '../render/core.js';
import { fbTime } from '../time.js';
import { type Page, type Post } from '../world.js';
import { requirePageToken, requirePerm } from './access.js';
import { fieldsOf } from './list.js';
import { type GraphRequest, type Services } from './request.js';
import { type Route, route } from './router.js';

/** The routes of this area. */
export const publishFbRoutes: Route[] = [
  route('POST', '/{page}/feed', ({ svc, ctx, req, target }) => createPost(svc, ctx, req, target.obj)),
  route('POST', '/{page}/photos', ({ svc, ctx, req, target }) => createPhoto(svc, ctx, req, target.obj)),
  // https://developers.facebook.com/docs/graph-api/reference/photo/ (images: the photo's renditions on the CDN)
  route('GET', '/{photo}', ({ ctx, req, target }) => {
    const out: Record<string, unknown> = { id: target.id, created_time: fbTime(target.createdTime) };
    if (target.postId) out.page_story_id = target.postId;
    const f = fieldsOf(req);
    if (f?.some((x) => x.name === 'images')) {
      const size = target.width && target.height ? target : { width: 640, height: 640 };
      out.images = [
        { width: size.width, height: size.height, source: cdnUrl(ctx, `/cdn/fb/${target.id}.jpg`) },
      ];
    }
    return out;
  }),
  // https://developers.facebook.com/docs/graph-api/reference/page/scheduled_posts/ (via the Business SDK's Page edge)
  route('GET', '/{page}/scheduled_posts', ({ ctx, target }) => {
    requirePageToken(ctx, target.obj.id);
    requirePerm(ctx, 'pages_manage_posts', 'read');
    const w = ctx.world;
    w.publish.promoteDue(ctx.now, w.postsByPage);
    const data = w.publish.scheduled
      // A reel processing towards going live waits in the same list, but is no scheduled post.
      .filter((p) => p.pageId === target.obj.id && p.kind !== 'video')
      .sort((a, b) => (a.scheduledAt ?? 0) - (b.scheduledAt ?? 0))
      .map((p) => ({
        id: p.id,
        created_time: fbTime(p.createdTime),
        scheduled_publish_time: Math.floor((p.scheduledAt ?? 0) / 1000),
        is_published: false,
        ...(p.message ? { message: p.message } : {}),
        ...(p.link ? { link: p.link } : {}),
      }));
    return { data };
  }),
  // https://developers.facebook.com/docs/pages-api/posts (update a post: message; a scheduled one: its time)
  route('POST', '/{post}', ({ svc, ctx, req, target }) => updatePost(svc, ctx, req, target.obj)),
];

/** Meta's answer for a schedule outside 10 min–30 days ahead (wording as clients report it; window unverified). */
function badScheduleTime(): GraphError {
  return errors.param('The specified scheduled publish time is invalid.');
}

/** Reads `scheduled_publish_time` (unix seconds or ISO 8601); checks the window. */
export function scheduleOf(ctx: Ctx, req: GraphRequest): number | undefined {
  const raw = req.params.str('scheduled_publish_time');
  if (raw === undefined) return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  if (!Number.isFinite(ms)) throw badScheduleTime();
  const ahead = ms - ctx.now;
  if (ahead < FB_SCHEDULE_MIN_MS || ahead > FB_SCHEDULE_MAX_MS) throw badScheduleTime();
  return ms;
}

/** `attached_media` as `[{"media_fbid":"…"}]` (JSON) or `attached_media[0]={"media_fbid":"…"}` form fields. */
function attachedPhotoIds(req: GraphRequest): string[] {
  const items: unknown[] = [];
  const whole = req.params.map.get('attached_media');
  if (whole !== undefined) {
    const v = req.params.json('attached_media');
    if (!Array.isArray(v)) throw errors.param('param attached_media must be an array');
    items.push(...(v as unknown[]));
  }
  for (const [k, v] of req.params.map)
    if (/^attached_media\[\d+\]$/.test(k)) items.push(typeof v === 'string' ? safeJson(v) : v);
  return items.map((x) => {
    const id = (x as { media_fbid?: unknown } | null)?.media_fbid;
    if (typeof id !== 'string' || !/^\d+$/.test(id))
      throw errors.param('param attached_media[media_fbid] must be an id');
    return id;
  });
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    throw errors.param('param attached_media must be a JSON object');
  }
}

/** https://developers.facebook.com/docs/pages-api/posts#publish-posts (message, link, attached_media, scheduling) */
function createPost(svc: Services, ctx: Ctx, req: GraphRequest, page: Page): unknown {
  requirePageToken(ctx, page.id);
  requirePerm(ctx, 'pages_manage_posts', 'write');
  const message = req.params.str('message');
  const link = req.params.str('link');
  const photoIds = attachedPhotoIds(req);
  if (!message && !link && photoIds.length === 0) throw errors.param('Missing message or attachment');
  const published = req.params.str('published') !== 'false';
  const scheduledAt = scheduleOf(ctx, req);
  if (scheduledAt !== undefined && published)
    throw errors.param('You cannot specify a scheduled publish time on a published post');
  const w = svc.world;
  for (const id of photoIds) {
    const photo = w.photos.get(id);
    // Attached photos must be this Page's unpublished photos, each used once (Postiz maps 1366051: already posted).
    if (!photo || photo.pageId !== page.id) throw errors.noObject(id, 'POST');
    if (photo.published || photo.postId)
      throw errors.param(`The photo ${id} has already been posted`, 1366051);
  }
  const fields: Partial<Post> = {
    kind: photoIds.length > 1 ? 'multi' : photoIds.length === 1 ? 'photo' : link ? 'link' : 'status',
    published: scheduledAt !== undefined ? false : published,
    ...(message ? { message } : {}),
    ...(link ? { link, linkTitle: link } : {}),
    ...(photoIds.length ? { photoCount: photoIds.length, imageKey: photoIds[0], photoIds } : {}),
  };
  let post: Post;
  if (scheduledAt !== undefined) {
    post = {
      id: `${page.id}_${w.publish.newId(16)}`,
      pageId: page.id,
      createdTime: ctx.now,
      updatedTime: ctx.now,
      photoCount: 0,
      fromId: page.id,
      fromName: page.name,
      reactions: 0,
      shares: 0,
      kind: 'status',
      ...fields,
      published: false,
      scheduledAt,
    } as Post;
    w.posts.set(post.id, post);
    w.publish.scheduled.push(post);
  } else {
    post = w.addPost(page.id, { ...fields, id: `${page.id}_${w.publish.newId(16)}` }, ctx.now);
  }
  for (const id of photoIds) {
    const photo = w.photos.get(id);
    if (photo) photo.postId = post.id;
  }
  if (post.published || scheduledAt !== undefined)
    w.publish.record({
      kind: 'fb-post',
      id: post.id,
      accountId: page.id,
      type: post.kind,
      at: scheduledAt ?? ctx.now,
      ...(message ? { text: message } : {}),
    });
  return { id: post.id };
}

/** https://developers.facebook.com/docs/graph-api/reference/page/photos/#Creating */
function createPhoto(svc: Services, ctx: Ctx, req: GraphRequest, page: Page): unknown {
  requirePageToken(ctx, page.id);
  requirePerm(ctx, 'pages_manage_posts', 'write');
  const url = req.params.str('url');
  const source = req.files.get('source');
  if (!url && !source) throw errors.param('Requires one of the params: url, source, attachment_url', 324);
  if (url && !/^https?:\/\//.test(url)) throw errors.param('url should represent a valid URL');
  let size: { width: number; height: number } | undefined;
  if (source) {
    // Meta looks at the bytes: a file that is no image is refused whatever its name or type says.
    const sniffed = sniffBytes(source.data);
    if (!source.type.startsWith('image/') || sniffed?.kind !== 'image')
      throw new GraphError('(#324) Missing or invalid image file', 324);
    // "Photos should be less than 4 MB" (Page photos reference); Postiz maps subcode 1366046 to it.
    if (source.data.length >= FB_PHOTO_MAX_BYTES)
      throw errors.param('Your photo couldn’t be uploaded. Photos should be less than 4 MB.', 1366046);
    size = { width: sniffed.width, height: sniffed.height };
  }
  const published = req.params.str('published') !== 'false';
  const w = svc.world;
  const photoId = w.publish.newId(16);
  if (source) {
    svc.uploads.set(photoId, source);
    // Keep at most 50 uploaded images in memory (oldest first out); older ones fall back to generated JPEGs.
    if (svc.uploads.size > 50) svc.uploads.delete(svc.uploads.keys().next().value as string);
  }
  const caption = req.params.str('caption') ?? req.params.str('message');
  let postId: string | undefined;
  if (published) {
    const post = w.addPost(
      page.id,
      {
        id: `${page.id}_${w.publish.newId(16)}`,
        kind: 'photo',
        photoCount: 1,
        imageKey: photoId,
        ...(caption ? { message: caption } : { story: `${page.name} added a new photo.` }),
      },
      ctx.now,
    );
    postId = post.id;
    w.publish.record({
      kind: 'fb-post',
      id: post.id,
      accountId: page.id,
      type: 'photo',
      at: ctx.now,
      ...(caption ? { text: caption } : {}),
    });
  }
  w.photos.set(photoId, {
    id: photoId,
    pageId: page.id,
    createdTime: ctx.now,
    published,
    ...(postId ? { postId } : {}),
    ...(size ?? {}),
  });
  return postId ? { id: photoId, post_id: postId } : { id: photoId };
}

/** Edits a post's message; a scheduled post's time too (moving it keeps the 10 min–30 days window). */
function updatePost(svc: Services, ctx: Ctx, req: GraphRequest, post: Post): unknown {
  requirePageToken(ctx, post.pageId);
  requirePerm(ctx, 'pages_manage_posts', 'write');
  const w = svc.world;
  w.publish.promoteDue(ctx.now, w.postsByPage);
  const message = req.params.str('message');
  const at = scheduleOf(ctx, req);
  const pending = w.publish.scheduled.includes(post);
  if (at !== undefined && !pending) throw errors.param('This post is not scheduled');
  if (message === undefined && at === undefined) throw errors.param('Nothing to update');
  if (message !== undefined) post.message = message;
  post.updatedTime = ctx.now;
  if (at !== undefined) {
    post.scheduledAt = at;
    w.publish.reschedule(post.id, at);
  }
  const entry = w.publish.ledger.find((e) => e.id === post.id);
  if (entry && message !== undefined) entry.text = message;
  return { success: true };
}
