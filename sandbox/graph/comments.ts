/**
 * Comments on Page posts and IG media: list (with `summary=true` on posts), add, and read one.
 * https://developers.facebook.com/docs/graph-api/reference/object/comments/
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
 */
import { errors } from '../errors.js';
import { render } from '../render/core.js';
import { commentDef } from '../render/facebook.js';
import { igCommentDef } from '../render/instagram.js';
import { type IgAccount, type Page } from '../world.js';
import { requirePageToken, requirePerm } from './access.js';
import { fieldsOf, listResponse } from './list.js';
import { type Resolved } from './resolve.js';
import { type Route, type RouteArgs, route } from './router.js';

type Commentable = Extract<Resolved, { kind: 'post' | 'media' }>;

/** The Page a post or IG media belongs to. */
function pageIdOf(a: RouteArgs<Commentable>): string {
  const { ctx, target } = a;
  return target.kind === 'media'
    ? (ctx.world.igAccounts.get(target.obj.igId) as IgAccount).pageId
    : target.obj.pageId;
}

function listComments(a: RouteArgs<Commentable>): unknown {
  const { ctx, req, target } = a;
  const isMedia = target.kind === 'media';
  requirePerm(ctx, isMedia ? 'instagram_basic' : 'pages_read_engagement', 'read');
  const list = ctx.world.commentsFor(target.obj.id);
  const def = isMedia ? igCommentDef : commentDef;
  const out = listResponse(
    ctx,
    req,
    list,
    (c) => c.id,
    (c, f) => render(def, c, f, ctx),
  );
  const s = req.params.str('summary');
  if (!isMedia && s && s !== 'false')
    out.summary = { order: 'chronological', total_count: list.length, can_comment: true };
  return out;
}

function addComment(a: RouteArgs<Commentable>): unknown {
  const { ctx, req, target } = a;
  const w = ctx.world;
  const isMedia = target.kind === 'media';
  const pageId = pageIdOf(a);
  const message = req.params.str('message') ?? '';
  if (!message.trim())
    throw errors.param(isMedia ? 'The parameter message is required' : 'Missing message or attachment');
  if (isMedia) requirePerm(ctx, 'instagram_manage_comments', 'write');
  else {
    requirePageToken(ctx, pageId);
    requirePerm(ctx, 'pages_manage_engagement', 'write');
  }
  const page = w.pages.get(pageId) as Page;
  const ig = page.igId ? w.igAccounts.get(page.igId) : undefined;
  const c = isMedia
    ? w.addComment(target.obj.id, ig?.id ?? page.id, ig?.username ?? page.name, message, ctx.now)
    : w.addComment(target.obj.id, page.id, page.name, message, ctx.now);
  return { id: c.id };
}

/** The routes of this area. */
export const commentRoutes: Route[] = [
  route('GET', '/{post}/comments', listComments),
  route('GET', '/{media}/comments', listComments),
  route('POST', '/{post}/comments', addComment),
  route('POST', '/{media}/comments', addComment),
  route('GET', '/{comment}', ({ ctx, req, target }) =>
    render(
      ctx.world.media.has(target.obj.parentId) ? igCommentDef : commentDef,
      target.obj,
      fieldsOf(req),
      ctx,
    ),
  ),
];
