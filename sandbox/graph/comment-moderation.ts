/**
 * Moderating comments as the Page: hide / unhide, delete, like / unlike (Facebook only), and turning comments off
 * on an Instagram media item. Every accepted write is added to the comment ledger (`world/comments.ts`).
 * FB: https://developers.facebook.com/docs/graph-api/reference/comment/ (Updating: `is_hidden`; Deleting),
 *     https://developers.facebook.com/docs/graph-api/reference/object/likes (Page tokens only).
 * IG: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment (`hide`,
 *     Deleting), https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media
 *     (Updating: `comment_enabled`). The Instagram API has no way to like a comment
 *     (https://github.com/zernio-dev/zernflow/issues/30): the sandbox answers the likes edge of an IG comment like any
 *     edge the node does not have.
 */
import { GraphError, errors } from '../errors.js';
import { type Page } from '../world.js';
import { commentState } from '../world/comments.js';
import { requirePageToken, requirePerm } from './access.js';
import { type Resolved } from './resolve.js';
import { type Route, type RouteArgs, route } from './router.js';

/** What a route on a comment receives. */
export type OnComment = RouteArgs<Extract<Resolved, { kind: 'comment' }>>;

/** The Page of a comment's post or media. */
export function commentPage(a: OnComment): Page {
  const pageId = commentState(a.ctx.world).pageIdOf(a.target.obj);
  const page = pageId ? a.ctx.world.pages.get(pageId) : undefined;
  if (!page) throw errors.noObject(a.target.obj.id, a.method);
  return page;
}

/** `(#100) Tried accessing nonexisting field (edge) on node type (IGComment|Comment)` for the other network's edge. */
export function wrongNetwork(edge: string, ig: boolean): GraphError {
  return errors.nonexistingField(edge, ig ? 'IGComment' : 'Comment');
}

/** The write permission of the comment's network; Facebook writes also need that Page's token. */
function writeAccess(a: OnComment, ig: boolean): Page {
  const page = commentPage(a);
  if (ig) requirePerm(a.ctx, 'instagram_manage_comments', 'write');
  else {
    requirePageToken(a.ctx, page.id);
    requirePerm(a.ctx, 'pages_manage_engagement', 'write');
  }
  return page;
}

function bool(v: string | undefined): boolean | undefined {
  return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined;
}

/** POST /{comment}: `is_hidden` (FB) or `hide` (IG). */
function update(a: OnComment): unknown {
  const s = commentState(a.ctx.world);
  const c = a.target.obj;
  const ig = s.isInstagram(c);
  writeAccess(a, ig);
  const value = bool(a.req.params.str(ig ? 'hide' : 'is_hidden'));
  if (value === undefined) {
    if (a.req.params.str(ig ? 'is_hidden' : 'hide') !== undefined)
      throw errors.param(`param ${ig ? 'hide' : 'is_hidden'} is required`);
    throw errors.param(ig ? 'The parameter hide is required' : 'Unsupported post request');
  }
  // A Page cannot hide its own comments (the Comment reference's `can_hide`); Instagram likewise (unverified
  // wording, https://glama.ai/mcp/connectors/app.postrite.mcp/post-rite/tools/set_comment_hidden).
  if (s.isOwn(c)) throw errors.param('You cannot hide your own comment.');
  const f = s.flagsOf(c.id);
  // Hiding an already hidden comment succeeds again without a second write (idempotent upstream).
  if (f.hidden !== value) {
    f.hidden = value;
    s.writes.push({ kind: value ? 'hide' : 'unhide', target: c.id, at: a.ctx.now });
  }
  return { success: true };
}

function remove(a: OnComment): unknown {
  const s = commentState(a.ctx.world);
  const c = a.target.obj;
  writeAccess(a, s.isInstagram(c));
  s.remove(c);
  s.writes.push({ kind: 'delete', target: c.id, at: a.ctx.now });
  return { success: true };
}

function like(a: OnComment, on: boolean): unknown {
  const s = commentState(a.ctx.world);
  const c = a.target.obj;
  const ig = s.isInstagram(c);
  if (ig) throw wrongNetwork('likes', true);
  const t = a.ctx.token;
  // "(#3) Publishing likes through the API is only available for page access tokens" (Meta's answer to a user
  // token, quoted in https://github.com/rishirdua/facebook-birthday-response/issues/6).
  if (t?.kind !== 'page')
    throw new GraphError('(#3) Publishing likes through the API is only available for page access tokens', 3);
  writeAccess(a, false);
  const f = s.flagsOf(c.id);
  if (f.pageLiked !== on) {
    f.pageLiked = on;
    s.writes.push({ kind: on ? 'like' : 'unlike', target: c.id, at: a.ctx.now });
  }
  return { success: true };
}

/** The routes of this area. */
export const commentModerationRoutes: Route[] = [
  route('POST', '/{comment}', update),
  route('DELETE', '/{comment}', remove),
  route('POST', '/{comment}/likes', (a) => like(a, true)),
  route('DELETE', '/{comment}/likes', (a) => like(a, false)),
  route('GET', '/{comment}/likes', (a) => {
    if (commentState(a.ctx.world).isInstagram(a.target.obj)) throw wrongNetwork('likes', true);
    const liked = commentState(a.ctx.world).flagsOf(a.target.obj.id).pageLiked;
    const page = commentPage(a);
    return {
      data: liked ? [{ id: page.id, name: page.name }] : [],
      summary: { total_count: a.target.obj.likeCount + (liked ? 1 : 0), can_like: true, has_liked: liked },
    };
  }),
  route('POST', '/{media}', ({ ctx, req, target }) => {
    requirePerm(ctx, 'instagram_manage_comments', 'write');
    const v = bool(req.params.str('comment_enabled'));
    if (v === undefined) throw errors.param('The parameter comment_enabled is required');
    const s = commentState(ctx.world);
    const off = s.commentsOff.has(target.obj.id);
    if (off === v) {
      if (v) s.commentsOff.delete(target.obj.id);
      else s.commentsOff.add(target.obj.id);
      s.writes.push({ kind: 'comments-off', target: target.obj.id, text: String(v), at: ctx.now });
    }
    return { success: true };
  }),
];
