/** The Page feed and its posts: list, read and delete a post (publishing is in publish-fb.ts). */
import { render } from '../render/core.js';
import { pageDef, postDef } from '../render/facebook.js';
import { grants, requirePageToken, requirePerm } from './access.js';
import { fieldsOf, listResponse } from './list.js';
import { type Route, type RouteArgs, route } from './router.js';
import { type Resolved } from './resolve.js';

/** `/feed` (visitor posts only with pages_read_user_content), `/published_posts` and `/posts` (the Page's own). */
function listPosts({ ctx, req, target, edge }: RouteArgs<Extract<Resolved, { kind: 'page' }>>): unknown {
  requirePerm(ctx, 'pages_read_engagement', 'read');
  // Natively scheduled posts whose time has come join the feed (graph/publish-fb.ts).
  ctx.world.publish.promoteDue(ctx.now, ctx.world.postsByPage);
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
  route('GET', '/{post}', ({ ctx, req, target }) => {
    requirePerm(ctx, 'pages_read_engagement', 'read');
    return render(postDef, target.obj, fieldsOf(req), ctx);
  }),
  // https://developers.facebook.com/docs/pages-api/posts ("Delete a Post": DELETE /{page-post-id} with a Page token
  // and pages_manage_posts answers {"success": true}). Deleting is also the only way to cancel a scheduled post: Meta
  // has no unschedule call (Meta's sentence unverified here; client libraries agree, e.g. Kestra's Facebook plugin).
  route('DELETE', '/{post}', ({ svc, ctx, target }) => {
    requirePageToken(ctx, target.obj.pageId);
    requirePerm(ctx, 'pages_manage_posts', 'write');
    svc.world.posts.delete(target.obj.id);
    // A scheduled post deleted before its time never goes live (publishing ledger, world/publish.ts).
    svc.world.publish.forgetScheduled(target.obj.id, ctx.now);
    const list = svc.world.postsByPage.get(target.obj.pageId);
    const at = list ? list.indexOf(target.obj) : -1;
    if (list && at >= 0) list.splice(at, 1);
    return { success: true };
  }),
];
