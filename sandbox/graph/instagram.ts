/**
 * Instagram: the account, its media and stories, carousel children, and content publishing (containers,
 * `media_publish`, the 24 h publishing limit).
 */
import { GraphError, errors } from '../errors.js';
import { type Ctx, render } from '../render/core.js';
import { containerDef, containerStatus, igUserDef, liveStories, mediaDef } from '../render/instagram.js';
import { DAY } from '../time.js';
import { type Container, type IgAccount, type IgMedia } from '../world.js';
import { requirePerm } from './access.js';
import { fieldsOf, listResponse } from './list.js';
import { type GraphRequest, type Services } from './request.js';
import { type Route, route } from './router.js';

function mediaList(ctx: Ctx, req: GraphRequest, items: readonly IgMedia[]): unknown {
  return listResponse(
    ctx,
    req,
    items,
    (m) => m.id,
    (m, f) => render(mediaDef, m, f, ctx),
  );
}

/** The routes of this area. */
export const instagramRoutes: Route[] = [
  route('GET', '/{ig}', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_basic', 'read');
    return render(igUserDef, target.obj, fieldsOf(req), ctx);
  }),
  route('GET', '/{ig}/media', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_basic', 'read');
    return mediaList(ctx, req, ctx.world.mediaByIg.get(target.obj.id) ?? []);
  }),
  route('GET', '/{ig}/stories', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_basic', 'read');
    return mediaList(ctx, req, liveStories(ctx, target.obj.id));
  }),
  route('POST', '/{ig}/media', ({ svc, ctx, req, target }) => createContainer(svc, ctx, req, target.obj)),
  route('POST', '/{ig}/media_publish', ({ svc, ctx, req, target }) =>
    publishContainer(svc, ctx, req, target.obj),
  ),
  route('GET', '/{ig}/content_publishing_limit', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_content_publish', 'read');
    const usage = (ctx.world.publishLog.get(target.obj.id) ?? []).filter((x) => ctx.now - x < DAY).length;
    // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
    const item: Record<string, unknown> = {
      quota_usage: usage,
      config: { quota_total: 100, quota_duration: 86400 },
    };
    const f = fieldsOf(req);
    if (f) for (const k of Object.keys(item)) if (!f.some((n) => n.name === k)) delete item[k];
    return { data: [item] };
  }),
  route('GET', '/{media}', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_basic', 'read');
    return render(mediaDef, target.obj, fieldsOf(req), ctx);
  }),
  route('GET', '/{media}/children', ({ ctx, req, target }) => {
    const w = ctx.world;
    const kids = (target.obj.childIds ?? []).map((id) => w.media.get(id)).filter((x): x is IgMedia => !!x);
    return mediaList(ctx, req, kids);
  }),
  route('GET', '/{container}', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_content_publish', 'read');
    return render(containerDef, target.obj, fieldsOf(req), ctx);
  }),
];

/** https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#creating */
function createContainer(svc: Services, ctx: Ctx, req: GraphRequest, ig: IgAccount): unknown {
  requirePerm(ctx, 'instagram_content_publish', 'write');
  const p = req.params;
  const mediaType = (p.str('media_type') ?? '').toUpperCase();
  const imageUrl = p.str('image_url');
  const videoUrl = p.str('video_url');
  const children = p.str('children');
  let type: Container['mediaType'];
  let childIds: string[] | undefined;
  if (mediaType === 'CAROUSEL') {
    childIds = (children ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (childIds.length < 2 || childIds.length > 10)
      throw errors.param('The parameter children must contain between 2 and 10 container ids', 2207028);
    for (const id of childIds)
      if (!svc.world.containers.get(id)?.isCarouselItem)
        throw errors.param(`Invalid carousel child: ${id}`, 2207028);
    type = 'CAROUSEL_ALBUM';
  } else if (mediaType === 'REELS' || mediaType === 'VIDEO') {
    if (!videoUrl) throw errors.param('The parameter video_url is required', 2207013);
    type = 'REELS';
  } else if (mediaType === 'STORIES') {
    if (!imageUrl && !videoUrl) throw errors.param('The parameter image_url or video_url is required');
    type = 'STORIES';
  } else if (mediaType === '' || mediaType === 'IMAGE') {
    if (!imageUrl) throw errors.param('The parameter image_url is required.', 2207001);
    type = 'IMAGE';
  } else {
    throw new GraphError(
      'Only photo or video can be accepted as media type.',
      9004,
      'OAuthException',
      2207052,
    );
  }
  const isVideo = type === 'REELS' || (type === 'STORIES' && !!videoUrl);
  const c: Container = {
    id: svc.world.newId(17),
    igId: ig.id,
    mediaType: type,
    createdAt: ctx.now,
    // Images finish after 2 s, videos after 10 s of sandbox time.
    readyAt: ctx.now + (isVideo ? 10_000 : 2_000),
    isCarouselItem: p.str('is_carousel_item') === 'true',
  };
  const caption = p.str('caption');
  if (caption) c.caption = caption;
  if (childIds) c.childIds = childIds;
  if (isVideo) c.readyAt = ctx.now + 10_000;
  svc.world.containers.set(c.id, c);
  return { id: c.id };
}

/** https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish */
function publishContainer(svc: Services, ctx: Ctx, req: GraphRequest, ig: IgAccount): unknown {
  requirePerm(ctx, 'instagram_content_publish', 'write');
  const id = req.params.str('creation_id');
  const c = id ? svc.world.containers.get(id) : undefined;
  if (!c || c.igId !== ig.id)
    throw errors.param('The parameter creation_id is required and must be a valid container id', 2207006);
  const log = svc.world.publishLog.get(ig.id) ?? [];
  if (log.filter((x) => ctx.now - x < DAY).length >= 100) {
    throw new GraphError('Application request limit reached', 9, 'OAuthException', 2207042, 400, {
      error_user_title: 'Publishing limit reached',
      error_user_msg:
        'You reached maximum number of posts that is allowed to be published by Content Publishing API.',
    });
  }
  const status = containerStatus(c, ctx.now);
  if (status === 'PUBLISHED') return { id: c.publishedMediaId };
  if (status === 'EXPIRED')
    throw new GraphError('The media container has expired.', 9007, 'OAuthException', 2207008);
  if (status !== 'FINISHED') {
    throw new GraphError('Media ID is not available', 9007, 'OAuthException', 2207027, 400, {
      error_user_title: 'Media not ready for publishing',
      error_user_msg: 'The media is not ready for publishing, please wait for a moment',
    });
  }
  const isCarousel = c.mediaType === 'CAROUSEL_ALBUM';
  const productType = c.mediaType === 'STORIES' ? 'STORY' : c.mediaType === 'REELS' ? 'REELS' : 'FEED';
  const fields: Partial<IgMedia> = {
    mediaType: isCarousel ? 'CAROUSEL_ALBUM' : c.mediaType === 'REELS' ? 'VIDEO' : 'IMAGE',
    productType,
  };
  if (c.caption) fields.caption = c.caption;
  if (isCarousel && c.childIds) {
    fields.childIds = c.childIds.map((cid) => {
      const child = svc.world.addMedia(ig.id, { isChild: true }, ctx.now);
      // Children are not part of the gallery list.
      const list = svc.world.mediaByIg.get(ig.id);
      if (list && list[0] === child) list.shift();
      return child.id || cid;
    });
  }
  const m = svc.world.addMedia(ig.id, fields, ctx.now);
  c.publishedMediaId = m.id;
  log.push(ctx.now);
  svc.world.publishLog.set(ig.id, log);
  return { id: m.id };
}
