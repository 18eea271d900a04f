/**
 * Instagram content publishing: containers (image, reel, story, carousel item, carousel), their status on the
 * sandbox clock, `media_publish`, and the 24 h publishing quota. Sources:
 * - https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media (containers)
 * - https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container (status_code)
 * - https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/media_publish
 * - https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit/
 * - https://developers.facebook.com/documentation/instagram-platform/content-publishing/resumable-uploads
 */
import { IG_CAROUSEL_MAX, IG_CAROUSEL_MIN, IG_CONTAINERS_PER_DAY } from '../../shared/publish-limits';
import { GraphError, errors } from '../errors.js';
import { type Ctx, render } from '../render/core.js';
import { containerDef, containerStatus } from '../render/instagram.js';
import { type Container, type IgAccount, type IgMedia } from '../world.js';
import { requirePerm } from './access.js';
import { fieldsOf } from './list.js';
import { type GraphRequest, type Services } from './request.js';
import { type Route, route } from './router.js';

/** Images are processed in 2 s of sandbox time, videos in 10 s after their bytes arrived. */
const IMAGE_READY_MS = 2_000;
export const VIDEO_READY_MS = 10_000;

/** The routes of this area. */
export const publishIgRoutes: Route[] = [
  route('POST', '/{ig}/media', ({ svc, ctx, req, target }) => createContainer(svc, ctx, req, target.obj)),
  route('POST', '/{ig}/media_publish', ({ svc, ctx, req, target }) =>
    publishContainer(svc, ctx, req, target.obj),
  ),
  route('GET', '/{ig}/content_publishing_limit', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_content_publish', 'read');
    const p = ctx.world.publish;
    const item: Record<string, unknown> = {
      quota_usage: p.igPublishedInDay(target.obj.id, ctx.now),
      config: { quota_total: p.config.igQuotaTotal, quota_duration: 86400 },
    };
    const f = fieldsOf(req);
    if (f) for (const k of Object.keys(item)) if (!f.some((n) => n.name === k)) delete item[k];
    return { data: [item] };
  }),
  route('GET', '/{container}', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_content_publish', 'read');
    return render(containerDef, target.obj, fieldsOf(req), ctx);
  }),
];

/**
 * Instagram "cURLs" the media from `image_url`/`video_url` at creation: the sandbox has no internet, so only
 * addresses its own CDN serves (signed and not expired) can be fetched — a Page photo's `images[0].source`, a
 * media's `media_url`. Anything else fails as Meta's fetch would (9004 / 2207052).
 */
function checkFetchable(ctx: Ctx, raw: string): void {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  const fetchable =
    !!url &&
    url.origin === ctx.origin &&
    url.pathname.startsWith('/cdn/') &&
    ctx.signer.verify(url.pathname, url.searchParams, ctx.now) === undefined;
  if (!fetchable)
    throw new GraphError(
      'The media could not be fetched from this uri: the server answered with an error or is not reachable.',
      9004,
      'OAuthException',
      2207052,
      400,
      {
        error_user_title: 'Media download has failed.',
        error_user_msg: 'The media could not be fetched from this uri.',
      },
    );
}

/** The container's kind from its parameters (what Meta's media_type / is_carousel_item combinations mean). */
function kindOf(
  svc: Services,
  req: GraphRequest,
): { type: Container['mediaType']; childIds?: string[]; video: boolean } {
  const p = req.params;
  const mediaType = (p.str('media_type') ?? '').toUpperCase();
  const resumable = p.str('upload_type') === 'resumable';
  const hasVideo = !!p.str('video_url') || resumable;
  if (mediaType === 'CAROUSEL') {
    const childIds = (p.str('children') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (childIds.length < IG_CAROUSEL_MIN || childIds.length > IG_CAROUSEL_MAX)
      throw errors.param('The parameter children must contain between 2 and 10 container ids', 2207028);
    for (const id of childIds)
      if (!svc.world.containers.get(id)?.isCarouselItem)
        throw errors.param(`Invalid carousel child: ${id}`, 2207028);
    return { type: 'CAROUSEL_ALBUM', childIds, video: false };
  }
  if (mediaType === 'REELS' || mediaType === 'VIDEO') {
    if (!hasVideo) throw errors.param('The parameter video_url is required', 2207013);
    return { type: 'REELS', video: true };
  }
  if (mediaType === 'STORIES') {
    if (!p.str('image_url') && !hasVideo)
      throw errors.param('The parameter image_url or video_url is required');
    return { type: 'STORIES', video: hasVideo };
  }
  if (mediaType === '' || mediaType === 'IMAGE') {
    if (!p.str('image_url')) throw errors.param('The parameter image_url is required.', 2207001);
    return { type: 'IMAGE', video: false };
  }
  throw new GraphError('Only photo or video can be accepted as media type.', 9004, 'OAuthException', 2207052);
}

/** POST /{ig-user-id}/media. */
function createContainer(svc: Services, ctx: Ctx, req: GraphRequest, ig: IgAccount): unknown {
  requirePerm(ctx, 'instagram_content_publish', 'write');
  const p = req.params;
  const pub = svc.world.publish;
  // "400 containers per IG account in a rolling 24 h period" (IG User Media reference, Limitations). Meta's error
  // for it is undocumented: the sandbox answers the publishing-limit error family (unverified).
  if (pub.containersInDay(ig.id, ctx.now) >= IG_CONTAINERS_PER_DAY)
    throw new GraphError(
      'You have reached the limit of 400 containers in 24 hours.',
      9,
      'OAuthException',
      2207042,
    );
  const { type, childIds, video } = kindOf(svc, req);
  // Stories: "only available to business accounts" (Instagram API with Facebook Login, Content Publishing).
  // Meta's error for a Creator account is undocumented; the sandbox answers a 10 with that sentence (unverified).
  if (type === 'STORIES' && pub.accountType(ig.id) !== 'BUSINESS')
    throw new GraphError(
      '(#10) Stories can only be published for Instagram business accounts. This is a creator account.',
      10,
      'OAuthException',
    );
  const altText = p.str('alt_text');
  // alt_text: "for image posts only" (Content Publishing guide, since 24 Mar 2025).
  if (altText !== undefined && (type !== 'IMAGE' || video))
    throw errors.param('The parameter alt_text is only supported for images.');
  const imageUrl = p.str('image_url');
  const videoUrl = p.str('video_url');
  if (imageUrl && !video) checkFetchable(ctx, imageUrl);
  if (videoUrl) checkFetchable(ctx, videoUrl);
  const resumable = p.str('upload_type') === 'resumable' && video;
  const c: Container = {
    id: pub.newId(17),
    igId: ig.id,
    mediaType: type,
    createdAt: ctx.now,
    readyAt: ctx.now + (video ? VIDEO_READY_MS : IMAGE_READY_MS),
    isCarouselItem: p.str('is_carousel_item') === 'true',
    isVideo: video,
  };
  const caption = p.str('caption');
  if (caption) c.caption = caption;
  if (altText) c.altText = altText;
  if (childIds) c.childIds = childIds;
  if (resumable) c.awaitingUpload = true;
  svc.world.containers.set(c.id, c);
  pub.noteContainer(ig.id, ctx.now);
  // The resumable variant answers the rupload address for the bytes (here: this sandbox's /rupload path).
  if (resumable)
    return { id: c.id, uri: `${ctx.origin}/rupload/ig-api-upload/${ctx.version || 'v27.0'}/${c.id}` };
  return { id: c.id };
}

/** POST /{ig-user-id}/media_publish: only FINISHED containers, within the quota; the media joins the gallery. */
function publishContainer(svc: Services, ctx: Ctx, req: GraphRequest, ig: IgAccount): unknown {
  requirePerm(ctx, 'instagram_content_publish', 'write');
  const id = req.params.str('creation_id');
  const w = svc.world;
  const c = id ? w.containers.get(id) : undefined;
  if (!c || c.igId !== ig.id)
    throw errors.param('The parameter creation_id is required and must be a valid container id', 2207006);
  const status = containerStatus(c, ctx.now);
  // Publishing a container twice answers the same media (the container is PUBLISHED): nothing new goes live.
  if (status === 'PUBLISHED') return { id: c.publishedMediaId };
  if (w.publish.igPublishedInDay(ig.id, ctx.now) >= w.publish.config.igQuotaTotal) {
    throw new GraphError('Application request limit reached', 9, 'OAuthException', 2207042, 400, {
      error_user_title: 'Publishing limit reached',
      error_user_msg:
        'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
    });
  }
  if (status === 'EXPIRED')
    throw new GraphError('The media container has expired.', 9007, 'OAuthException', 2207008);
  if (status === 'ERROR')
    throw new GraphError(
      'The media could not be published.',
      9007,
      'OAuthException',
      c.errorSubcode ?? 2207026,
    );
  if (status !== 'FINISHED') {
    throw new GraphError('Media ID is not available', 9007, 'OAuthException', 2207027, 400, {
      error_user_title: 'Media not ready for publishing',
      error_user_msg: 'The media is not ready for publishing, please wait for a moment',
    });
  }
  const m = w.addMedia(ig.id, mediaFields(svc, ctx, c, ig), ctx.now);
  c.publishedMediaId = m.id;
  for (const cid of c.childIds ?? []) {
    const child = w.containers.get(cid);
    if (child) child.publishedMediaId = m.id;
  }
  w.publish.record({
    kind: 'ig-media',
    id: m.id,
    accountId: ig.id,
    containerId: c.id,
    type: m.productType,
    at: ctx.now,
    ...(c.caption ? { text: c.caption } : {}),
    ...(m.childIds
      ? {
          children: m.childIds.map((cid) => ({ id: cid, mediaType: w.media.get(cid)?.mediaType ?? '' })),
        }
      : {}),
  });
  return { id: m.id };
}

/** The media a container becomes (carousel children are media of their own, outside the gallery list). */
function mediaFields(svc: Services, ctx: Ctx, c: Container, ig: IgAccount): Partial<IgMedia> {
  const w = svc.world;
  const pub = w.publish;
  const isCarousel = c.mediaType === 'CAROUSEL_ALBUM';
  const productType = c.mediaType === 'STORIES' ? 'STORY' : c.mediaType === 'REELS' ? 'REELS' : 'FEED';
  const fields: Partial<IgMedia> = {
    id: `178${pub.newId(14)}`,
    shortcode: pub.rng.bytes(9).toString('base64url').slice(0, 11),
    mediaType: isCarousel ? 'CAROUSEL_ALBUM' : c.isVideo ? 'VIDEO' : 'IMAGE',
    productType,
  };
  if (c.caption) fields.caption = c.caption;
  if (isCarousel && c.childIds) {
    fields.childIds = c.childIds.map((cid) => {
      const kid = w.containers.get(cid);
      const child: IgMedia = {
        id: `178${pub.newId(14)}`,
        igId: ig.id,
        mediaType: kid?.isVideo ? 'VIDEO' : 'IMAGE',
        productType: 'FEED',
        timestamp: ctx.now,
        likeCount: 0,
        commentsCount: 0,
        shortcode: pub.rng.bytes(9).toString('base64url').slice(0, 11),
        isChild: true,
      };
      w.media.set(child.id, child);
      return child.id;
    });
  }
  return fields;
}
