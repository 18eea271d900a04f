/** The Page feed and its posts: list, publish (text, link, photo), read and delete a post, photo objects. */
import { GraphError, errors } from '../errors.js';
import { type Ctx, render } from '../render/core.js';
import { pageDef, postDef } from '../render/facebook.js';
import { fbTime } from '../time.js';
import { type Page } from '../world.js';
import { grants, requirePageToken, requirePerm } from './access.js';
import { fieldsOf, listResponse } from './list.js';
import { type GraphRequest, type Services } from './request.js';
import { type Route, type RouteArgs, route } from './router.js';
import { type Resolved } from './resolve.js';

/** `/feed` (visitor posts only with pages_read_user_content), `/published_posts` and `/posts` (the Page's own). */
function listPosts({ ctx, req, target, edge }: RouteArgs<Extract<Resolved, { kind: 'page' }>>): unknown {
  requirePerm(ctx, 'pages_read_engagement', 'read');
  const userContent = grants(ctx, 'pages_read_user_content');
  const all = ctx.world.postsByPage.get(target.obj.id) ?? [];
  const items = all.filter(
    (p) =>
      p.published &&
      p.createdTime <= ctx.now &&
      (edge === 'feed' ? userContent || p.kind !== 'visitor' : p.kind !== 'visitor'),
  );
  return listResponse(
    ctx,
    req,
    items,
    (p) => p.id,
    (p, f) => render(postDef, p, f, ctx),
  );
}

/** The routes of this area. */
export const feedRoutes: Route[] = [
  // Page fields are readable by anyone who can see the Page (https://developers.facebook.com/docs/graph-api/reference/page/).
  route('GET', '/{page}', ({ ctx, req, target }) => render(pageDef, target.obj, fieldsOf(req), ctx)),
  route('GET', '/{page}/feed', listPosts),
  route('GET', '/{page}/published_posts', listPosts),
  route('GET', '/{page}/posts', listPosts),
  route('POST', '/{page}/feed', ({ svc, ctx, req, target }) => createPost(svc, ctx, req, target.obj)),
  route('POST', '/{page}/photos', ({ svc, ctx, req, target }) => createPhoto(svc, ctx, req, target.obj)),
  route('GET', '/{post}', ({ ctx, req, target }) => {
    requirePerm(ctx, 'pages_read_engagement', 'read');
    return render(postDef, target.obj, fieldsOf(req), ctx);
  }),
  route('DELETE', '/{post}', ({ svc, ctx, target }) => {
    requirePageToken(ctx, target.obj.pageId);
    requirePerm(ctx, 'pages_manage_posts', 'write');
    svc.world.posts.delete(target.obj.id);
    const list = svc.world.postsByPage.get(target.obj.pageId);
    if (list) list.splice(list.indexOf(target.obj), 1);
    return { success: true };
  }),
  route('GET', '/{photo}', ({ target }) => {
    const out: Record<string, unknown> = { id: target.id, created_time: fbTime(target.createdTime) };
    if (target.postId) out.page_story_id = target.postId;
    return out;
  }),
];

/** https://developers.facebook.com/docs/pages-api/posts#publish-posts */
function createPost(svc: Services, ctx: Ctx, req: GraphRequest, page: Page): unknown {
  requirePageToken(ctx, page.id);
  requirePerm(ctx, 'pages_manage_posts', 'write');
  const message = req.params.str('message');
  const link = req.params.str('link');
  if (!message && !link) throw errors.param('Missing message or attachment');
  const published = req.params.str('published') !== 'false';
  const post = svc.world.addPost(
    page.id,
    {
      kind: link ? 'link' : 'status',
      published,
      ...(message ? { message } : {}),
      ...(link ? { link, linkTitle: link } : {}),
    },
    ctx.now,
  );
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
  if (source && !source.type.startsWith('image/')) throw new GraphError('(#324) Requires upload file', 324);
  const published = req.params.str('published') !== 'false';
  const photoId = svc.world.newId(16);
  if (source) {
    svc.uploads.set(photoId, source);
    // Keep at most 50 uploaded images in memory (oldest first out); older ones fall back to generated JPEGs.
    if (svc.uploads.size > 50) svc.uploads.delete(svc.uploads.keys().next().value as string);
  }
  const caption = req.params.str('caption') ?? req.params.str('message');
  let postId: string | undefined;
  if (published) {
    const post = svc.world.addPost(
      page.id,
      {
        kind: 'photo',
        photoCount: 1,
        imageKey: photoId,
        ...(caption ? { message: caption } : { story: `${page.name} added a new photo.` }),
      },
      ctx.now,
    );
    postId = post.id;
  }
  svc.world.photos.set(photoId, {
    id: photoId,
    pageId: page.id,
    createdTime: ctx.now,
    published,
    ...(postId ? { postId } : {}),
  });
  return postId ? { id: photoId, post_id: postId } : { id: photoId };
}
