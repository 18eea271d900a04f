/** Instagram: the account, its media and stories, carousel children (publishing is in publish-ig.ts). */
import { type Ctx, render } from '../render/core.js';
import { igUserDef, liveStories, mediaDef } from '../render/instagram.js';
import { type IgMedia } from '../world.js';
import { requirePerm } from './access.js';
import { fieldsOf, listResponse } from './list.js';
import { type GraphRequest } from './request.js';
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
  route('GET', '/{media}', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_basic', 'read');
    return render(mediaDef, target.obj, fieldsOf(req), ctx);
  }),
  route('GET', '/{media}/children', ({ ctx, req, target }) => {
    const w = ctx.world;
    const kids = (target.obj.childIds ?? []).map((id) => w.media.get(id)).filter((x): x is IgMedia => !!x);
    return mediaList(ctx, req, kids);
  }),
];
