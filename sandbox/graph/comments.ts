/**
 * Comments on Page posts and IG media: list (with `filter`, `order` and `summary` on posts), add, read one, and the
 * replies of a comment (`/{comment}/comments` on Facebook, `/{comment}/replies` on Instagram). Moderation (hide,
 * delete, like, comments off) is in `comment-moderation.ts`, private replies in `private-replies.ts`.
 * https://developers.facebook.com/docs/graph-api/reference/object/comments/
 * https://developers.facebook.com/docs/graph-api/reference/comment/
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies
 */
import { GraphError, errors } from '../errors.js';
import { type Ctx, render } from '../render/core.js';
import { commentDef } from '../render/facebook.js';
import { igCommentDef } from '../render/instagram.js';
import { type Comment, type IgAccount, type Page } from '../world.js';
import { commentState } from '../world/comments.js';
import { requirePageToken, requirePerm } from './access.js';
import { fieldsOf, listResponse } from './list.js';
import { commentModerationRoutes, commentPage, type OnComment, wrongNetwork } from './comment-moderation.js';
import { type GraphRequest } from './request.js';
import { type Resolved } from './resolve.js';
import { type Route, type RouteArgs, route } from './router.js';

type Commentable = Extract<Resolved, { kind: 'post' | 'media' }>;

/**
 * Reading people's comments on a Page needs pages_read_user_content, else `(#283) Requires pages_read_user_content
 * permission` (the wording Meta returns, as quoted in https://www.volcengine.com/article/155793 ; the permission:
 * https://developers.facebook.com/docs/permissions#pages_read_user_content).
 */
function requireUserContent(ctx: Ctx): void {
  requirePerm(ctx, 'pages_read_engagement', 'read');
  const t = ctx.token;
  if (t && !ctx.tokens.has(t.userId, 'pages_read_user_content'))
    throw new GraphError('(#283) Requires pages_read_user_content permission', 283);
}

/** The Page a post or IG media belongs to. */
function pageIdOf(a: RouteArgs<Commentable>): string {
  const { ctx, target } = a;
  return target.kind === 'media'
    ? (ctx.world.igAccounts.get(target.obj.igId) as IgAccount).pageId
    : target.obj.pageId;
}

/**
 * A Facebook comment list as `filter` and `order` ask: `toplevel` (the default) lists the object's own comments,
 * `stream` every level, each reply after the comment it answers; `chronological` (default) or
 * `reverse_chronological`. `summary.total_count` counts what the filter lists.
 */
function fbList(ctx: Ctx, req: GraphRequest, top: Comment[]): unknown {
  const filter = req.params.str('filter') ?? 'toplevel';
  if (filter !== 'toplevel' && filter !== 'stream')
    throw errors.param('param filter must be one of {toplevel, stream}');
  const order = req.params.str('order') ?? 'chronological';
  if (order !== 'chronological' && order !== 'reverse_chronological' && order !== 'ranked')
    throw errors.param('param order must be one of {chronological, reverse_chronological, ranked}');
  const s = commentState(ctx.world);
  let list = filter === 'stream' ? top.flatMap((c) => [c, ...s.repliesOf(c)]) : [...top];
  list.sort((a, b) => a.createdTime - b.createdTime);
  if (order === 'reverse_chronological') list = list.reverse();
  const out = listResponse(
    ctx,
    req,
    list,
    (c) => c.id,
    (c, f) => render(commentDef, c, f, ctx),
  );
  const sum = req.params.str('summary');
  if (sum && sum !== 'false')
    out.summary = {
      order: order === 'ranked' ? 'ranked' : order,
      total_count: list.length,
      can_comment: true,
    };
  return out;
}

function listComments(a: RouteArgs<Commentable>): unknown {
  const { ctx, req, target } = a;
  if (target.kind === 'media') {
    requirePerm(ctx, 'instagram_basic', 'read');
    // Top-level comments only; replies come from /{ig-comment}/replies (IG Media comments reference).
    return listResponse(
      ctx,
      req,
      ctx.world.commentsFor(target.obj.id),
      (c) => c.id,
      (c, f) => render(igCommentDef, c, f, ctx),
    );
  }
  requireUserContent(ctx);
  return fbList(ctx, req, ctx.world.commentsFor(target.obj.id));
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
  if (isMedia && commentState(w).commentsOff.has(target.obj.id))
    throw errors.param('Comments on this media are turned off.');
  const page = w.pages.get(pageId) as Page;
  const ig = page.igId ? w.igAccounts.get(page.igId) : undefined;
  const c = isMedia
    ? w.addComment(target.obj.id, ig?.id ?? page.id, ig?.username ?? page.name, message, ctx.now)
    : w.addComment(target.obj.id, page.id, page.name, message, ctx.now);
  commentState(w).writes.push({
    kind: 'reply',
    target: target.obj.id,
    created: c.id,
    text: message,
    at: ctx.now,
  });
  return { id: c.id };
}

/** Replies: FB `/{comment}/comments` (list / add), IG `/{comment}/replies`. */
function replies(a: OnComment, edge: 'comments' | 'replies'): unknown {
  const { ctx, req, target, method } = a;
  const s = commentState(ctx.world);
  const ig = s.isInstagram(target.obj);
  if (ig !== (edge === 'replies')) throw wrongNetwork(edge, ig);
  const page = commentPage(a);
  if (method === 'GET') {
    if (!ig) {
      requireUserContent(ctx);
      return fbList(ctx, req, s.repliesOf(target.obj));
    }
    requirePerm(ctx, 'instagram_basic', 'read');
    return listResponse(
      ctx,
      req,
      s.repliesOf(target.obj),
      (c) => c.id,
      (c, f) => render(igCommentDef, c, f, ctx),
    );
  }
  const message = req.params.str('message') ?? '';
  if (!message.trim())
    throw errors.param(ig ? 'The parameter message is required' : 'Missing message or attachment');
  if (ig) {
    requirePerm(ctx, 'instagram_manage_comments', 'write');
    // "You can only reply to top-level comments"; replies to hidden comments are refused (IG comment moderation
    // guide, https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/guides/comment-moderation).
    // The error's wording here is the sandbox's (unverified).
    if (s.parentOf(target.obj)) throw errors.param('Replies can only be made to top-level comments.');
    if (s.flagsOf(target.obj.id).hidden) throw errors.param('Cannot reply to a hidden comment.');
  } else {
    requirePageToken(ctx, page.id);
    requirePerm(ctx, 'pages_manage_engagement', 'write');
    // Facebook threads are one level deep: a reply to a reply joins the top-level comment's thread.
  }
  const w = ctx.world;
  const parent = !ig ? (s.parentOf(target.obj) ?? target.obj) : target.obj;
  const igAcc = page.igId ? w.igAccounts.get(page.igId) : undefined;
  const c = ig
    ? s.add(parent.id, igAcc?.id ?? page.id, igAcc?.username ?? page.name, message, ctx.now)
    : s.add(parent.id, page.id, page.name, message, ctx.now);
  s.writes.push({ kind: 'reply', target: target.obj.id, created: c.id, text: message, at: ctx.now });
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
      commentState(ctx.world).isInstagram(target.obj) ? igCommentDef : commentDef,
      target.obj,
      fieldsOf(req),
      ctx,
    ),
  ),
  route('GET', '/{comment}/comments', (a) => replies(a, 'comments')),
  route('POST', '/{comment}/comments', (a) => replies(a, 'comments')),
  route('GET', '/{comment}/replies', (a) => replies(a, 'replies')),
  route('POST', '/{comment}/replies', (a) => replies(a, 'replies')),
  ...commentModerationRoutes,
];
