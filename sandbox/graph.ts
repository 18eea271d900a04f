/**
 * Graph API request handling (everything under `/vNN.N/…`). The HTTP layer (server.ts) adds headers, ETags,
 * usage accounting, batching and faults around `handleGraph`.
 */
import { createHash } from 'node:crypto';
import { GraphError, errors } from './errors.js';
import { type FieldNode, parseFields } from './fields.js';
import { paginate, pagingFor, readPageParams } from './paging.js';
import {
  type Ctx,
  MESSAGE_DETAIL_LIMIT,
  commentDef,
  containerDef,
  containerStatus,
  conversationDef,
  graphUrl,
  igCommentDef,
  igUserDef,
  liveStories,
  mediaDef,
  messageDef,
  pageDef,
  postDef,
  readableMessages,
  render,
  userDef,
} from './render.js';
import { DUET_PERMISSIONS, SANDBOX_APP, type TokenRecord } from './tokens.js';
import {
  type Comment,
  type Container,
  type Conversation,
  type IgAccount,
  type IgMedia,
  type Message,
  type Page,
  type Platform,
  type Post,
  type User,
  World,
} from './world.js';

/** Request parameters merged from the query string, form body and JSON body. */
export class Params {
  /** Wraps a map of raw values. */
  constructor(readonly map: Map<string, unknown> = new Map()) {}

  /** A parameter as a string (objects are JSON-encoded). */
  str(k: string): string | undefined {
    const v = this.map.get(k);
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  /** A parameter as JSON (strings are parsed; parse errors → 100). */
  json(k: string): unknown {
    const v = this.map.get(k);
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw errors.param(`param ${k} must be a JSON object`);
    }
  }
}

/** An uploaded multipart file. */
export interface Upload {
  data: Buffer;
  type: string;
  filename?: string;
}

/** A Graph request after version stripping. */
export interface GraphRequest {
  method: string;
  /** Path without version prefix and without leading slash, e.g. `me/accounts`. */
  path: string;
  version: string;
  params: Params;
  files: Map<string, Upload>;
  headers: Record<string, string | undefined>;
}

/** One accepted Send API message. */
export interface Delivery {
  messageId: string;
  pageId: string;
  platform: Platform;
  conversationId: string;
  recipientId: string;
  text: string;
  attachmentUrl?: string;
  at: number;
}

/** Mutable services a handler may use. */
export interface Services {
  world: World;
  ledger: Delivery[];
  uploads: Map<string, Upload>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Reads the access token from params or the Authorization header. */
export function tokenFrom(req: GraphRequest): string | undefined {
  const q = req.params.str('access_token');
  if (q) return q;
  const h = req.headers.authorization;
  const m = h ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(h) : null;
  return m ? (m[1] as string).trim() : undefined;
}

function fieldsOf(req: GraphRequest): FieldNode[] | undefined {
  const f = req.params.str('fields');
  return f ? parseFields(f) : undefined;
}

function needToken(ctx: Ctx): TokenRecord {
  if (!ctx.token) throw errors.noToken();
  return ctx.token;
}

function userOf(ctx: Ctx, t: TokenRecord): User {
  const u = ctx.world.users.find((x) => x.id === t.userId);
  if (!u) throw errors.badToken();
  return u;
}

/** True when the token may see this Page (user manages it, or it is the Page token's Page). */
function canSeePage(ctx: Ctx, pageId: string): boolean {
  const t = ctx.token;
  if (!t) return false;
  if (t.kind === 'page') return t.pageId === pageId;
  return userOf(ctx, t).pageIds.includes(pageId);
}

function requirePerm(ctx: Ctx, perm: string, kind: 'read' | 'write'): void {
  const t = needToken(ctx);
  if (!ctx.tokens.has(t.userId, perm))
    throw kind === 'read' ? errors.permissionRead(perm) : errors.permissionWrite(perm);
}

function requirePageToken(ctx: Ctx, pageId: string): TokenRecord {
  const t = needToken(ctx);
  if (t.kind !== 'page') throw errors.pageTokenRequired();
  if (t.pageId !== pageId) throw errors.noObject(pageId, 'post');
  return t;
}

function listResponse<T>(
  ctx: Ctx,
  req: GraphRequest,
  items: readonly T[],
  idOf: (t: T) => string,
  renderItem: (t: T, f: FieldNode[] | undefined) => unknown,
  max = 100,
  def = 25,
): Record<string, unknown> {
  const fields = fieldsOf(req);
  const p = readPageParams((k) => req.params.str(k), def, max);
  const slice = paginate(items, idOf, p);
  const out: Record<string, unknown> = { data: slice.items.map((t) => renderItem(t, fields)) };
  const base = graphUrl(ctx, req.path);
  for (const [k, v] of req.params.map) {
    if (k === 'after' || k === 'before' || typeof v === 'object') continue;
    base.searchParams.set(k, String(v));
  }
  // The access_token is kept in paging URLs only when it came in the query (Meta does not copy header tokens).
  base.searchParams.set('limit', String(p.limit));
  const paging = pagingFor(slice, idOf, base);
  if (paging) out.paging = paging;
  return out;
}

type Resolved =
  | { kind: 'user'; obj: User }
  | { kind: 'page'; obj: Page }
  | { kind: 'ig'; obj: IgAccount }
  | { kind: 'post'; obj: Post }
  | { kind: 'media'; obj: IgMedia }
  | { kind: 'container'; obj: Container }
  | { kind: 'conversation'; obj: Conversation }
  | { kind: 'message'; obj: Message; conv: Conversation }
  | { kind: 'comment'; obj: Comment }
  | { kind: 'photo'; id: string; pageId: string; postId?: string; createdTime: number };

function resolve(ctx: Ctx, id: string, method: string): Resolved {
  const w = ctx.world;
  const t = needToken(ctx);
  if (id === 'me') {
    if (t.kind === 'page') return { kind: 'page', obj: w.pages.get(t.pageId as string) as Page };
    return { kind: 'user', obj: userOf(ctx, t) };
  }
  const notFound = (): never => {
    throw errors.noObject(id, method);
  };
  const user = w.users.find((u) => u.id === id);
  if (user) return user.id === t.userId && t.kind === 'user' ? { kind: 'user', obj: user } : notFound();
  const page = w.pages.get(id);
  if (page) return canSeePage(ctx, page.id) ? { kind: 'page', obj: page } : notFound();
  const ig = w.igAccounts.get(id);
  if (ig) return canSeePage(ctx, ig.pageId) ? { kind: 'ig', obj: ig } : notFound();
  const post = w.posts.get(id);
  if (post) return canSeePage(ctx, post.pageId) ? { kind: 'post', obj: post } : notFound();
  const media = w.media.get(id);
  if (media) {
    const acc = w.igAccounts.get(media.igId);
    if (!acc || !canSeePage(ctx, acc.pageId)) notFound();
    if (media.productType === 'STORY' && ctx.now - media.timestamp >= DAY) notFound();
    return { kind: 'media', obj: media };
  }
  const container = w.containers.get(id);
  if (container) {
    const acc = w.igAccounts.get(container.igId);
    return acc && canSeePage(ctx, acc.pageId) ? { kind: 'container', obj: container } : notFound();
  }
  const conv = w.conversations.get(id);
  if (conv) return canSeePage(ctx, conv.pageId) ? { kind: 'conversation', obj: conv } : notFound();
  const convId = w.messageIndex.get(id);
  if (convId) {
    const c = w.conversations.get(convId) as Conversation;
    if (!canSeePage(ctx, c.pageId)) notFound();
    const idx = c.messages.findIndex((m) => m.id === id);
    // Only the 20 most recent messages can be read; older ones answer as deleted.
    // https://developers.facebook.com/docs/messenger-platform/conversations/ (Limitations)
    if (idx < c.messages.length - MESSAGE_DETAIL_LIMIT) {
      throw new GraphError(
        '(#100) This message has been deleted or is too old to be retrieved. Only the 20 most recent messages in a conversation can be read.',
        100,
        'OAuthException',
        2534022,
      );
    }
    return { kind: 'message', obj: c.messages[idx] as Message, conv: c };
  }
  const photo = w.photos.get(id);
  if (photo) return canSeePage(ctx, photo.pageId) ? { kind: 'photo', ...photo } : notFound();
  const comment = w.findComment(id);
  if (comment) return { kind: 'comment', obj: comment };
  return notFound();
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Handles one Graph request; returns the JSON body (status 200) or throws a GraphError. */
export function handleGraph(svc: Services, ctx: Ctx, req: GraphRequest): unknown {
  // Closed to new apps on every version since v27.0's release (4 Nov 2026); Duet is a new app. See legacyFeature.
  if (req.params.str('ids') !== undefined) throw errors.legacyFeature('The multi-ID request (ids=)');
  if (req.params.str('method') !== undefined)
    throw errors.legacyFeature('The HTTP method override (method=)');
  const segs = req.path.split('/').filter(Boolean);
  const method = req.method.toUpperCase();
  const [head, edge, sub, ...rest] = segs;
  if (rest.length) throw errors.unknownPath([sub, ...rest].join('/'));
  if (head === 'oauth' && edge === 'access_token') return oauthAccessToken(ctx, req);
  if (head === 'debug_token' && !edge) return debugToken(ctx, req);
  if (!head) throw errors.param('Unsupported request: the root object needs a batch parameter');
  needToken(ctx);
  const target = resolve(ctx, head, method);
  if (!edge) return nodeRequest(svc, ctx, req, target, method);
  return edgeRequest(svc, ctx, req, target, edge, sub, method);
}

function nodeRequest(svc: Services, ctx: Ctx, req: GraphRequest, t: Resolved, method: string): unknown {
  if (method === 'POST' && t.kind === 'conversation') throw errors.param('Unsupported post request');
  if (method === 'DELETE') {
    if (t.kind === 'post') {
      requirePageToken(ctx, t.obj.pageId);
      requirePerm(ctx, 'pages_manage_posts', 'write');
      svc.world.posts.delete(t.obj.id);
      const list = svc.world.postsByPage.get(t.obj.pageId);
      if (list) list.splice(list.indexOf(t.obj), 1);
      return { success: true };
    }
    throw errors.noObject(req.path, method);
  }
  if (method !== 'GET') throw errors.noObject(req.path, method);
  const f = fieldsOf(req);
  switch (t.kind) {
    case 'user':
      return render(userDef, t.obj, f, ctx);
    case 'page':
      // Page fields are readable by anyone who can see the Page (https://developers.facebook.com/docs/graph-api/reference/page/).
      return render(pageDef, t.obj, f, ctx);
    case 'ig':
      requirePerm(ctx, 'instagram_basic', 'read');
      return render(igUserDef, t.obj, f, ctx);
    case 'post':
      requirePerm(ctx, 'pages_read_engagement', 'read');
      return render(postDef, t.obj, f, ctx);
    case 'media':
      requirePerm(ctx, 'instagram_basic', 'read');
      return render(mediaDef, t.obj, f, ctx);
    case 'container':
      requirePerm(ctx, 'instagram_content_publish', 'read');
      return render(containerDef, t.obj, f, ctx);
    case 'conversation':
      messagingAccess(ctx, t.obj.pageId, t.obj.platform);
      return render(conversationDef, t.obj, f, ctx);
    case 'message':
      messagingAccess(ctx, t.conv.pageId, t.conv.platform);
      return render(messageDef(t.conv), t.obj, f, ctx);
    case 'comment':
      return render(svc.world.media.has(t.obj.parentId) ? igCommentDef : commentDef, t.obj, f, ctx);
    case 'photo': {
      const out: Record<string, unknown> = {
        id: t.id,
        created_time: new Date(t.createdTime).toISOString().slice(0, 19) + '+0000',
      };
      if (t.postId) out.page_story_id = t.postId;
      return out;
    }
  }
}

function messagingAccess(ctx: Ctx, pageId: string, platform: Platform): void {
  requirePageToken(ctx, pageId);
  requirePerm(ctx, platform === 'instagram' ? 'instagram_manage_messages' : 'pages_messaging', 'write');
}

function edgeRequest(
  svc: Services,
  ctx: Ctx,
  req: GraphRequest,
  t: Resolved,
  edge: string,
  sub: string | undefined,
  method: string,
): unknown {
  const w = svc.world;
  if (sub !== undefined && !(t.kind === 'user' && edge === 'permissions')) throw errors.unknownPath(sub);
  // Edges are fields to Graph: an unknown one answers like an unknown field, e.g. `/me/accounts` with a Page token →
  // "(#100) Tried accessing nonexisting field (accounts) on node type (Page)".
  const NODE_TYPES: Record<Resolved['kind'], string> = {
    user: 'User',
    page: 'Page',
    ig: 'IGUser',
    post: 'Post',
    media: 'IGMedia',
    container: 'ShadowIGMediaBuilder',
    conversation: 'UnifiedThread',
    message: 'Message',
    comment: 'Comment',
    photo: 'Photo',
  };
  const bad = (): never => {
    throw errors.nonexistingField(edge, NODE_TYPES[t.kind]);
  };
  switch (t.kind) {
    case 'user': {
      if (edge === 'accounts' && method === 'GET') return meAccounts(ctx, req, t.obj);
      if (edge === 'permissions') return permissions(ctx, req, t.obj, sub, method);
      return bad();
    }
    case 'page': {
      const page = t.obj;
      if ((edge === 'feed' || edge === 'published_posts' || edge === 'posts') && method === 'GET') {
        requirePerm(ctx, 'pages_read_engagement', 'read');
        const userContent = ctx.tokens.has(needToken(ctx).userId, 'pages_read_user_content');
        const all = w.postsByPage.get(page.id) ?? [];
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
      if (edge === 'feed' && method === 'POST') return createPost(svc, ctx, req, page);
      if (edge === 'photos' && method === 'POST') return createPhoto(svc, ctx, req, page);
      if (edge === 'conversations' && method === 'GET') return conversations(ctx, req, page);
      if (edge === 'messages' && method === 'POST') return sendMessage(svc, ctx, req, page);
      return bad();
    }
    case 'ig': {
      const ig = t.obj;
      if (edge === 'media' && method === 'GET') {
        requirePerm(ctx, 'instagram_basic', 'read');
        return listResponse(
          ctx,
          req,
          w.mediaByIg.get(ig.id) ?? [],
          (m) => m.id,
          (m, f) => render(mediaDef, m, f, ctx),
        );
      }
      if (edge === 'stories' && method === 'GET') {
        requirePerm(ctx, 'instagram_basic', 'read');
        return listResponse(
          ctx,
          req,
          liveStories(ctx, ig.id),
          (m) => m.id,
          (m, f) => render(mediaDef, m, f, ctx),
        );
      }
      if (edge === 'media' && method === 'POST') return createContainer(svc, ctx, req, ig);
      if (edge === 'media_publish' && method === 'POST') return publishContainer(svc, ctx, req, ig);
      if (edge === 'content_publishing_limit' && method === 'GET') {
        requirePerm(ctx, 'instagram_content_publish', 'read');
        const usage = (w.publishLog.get(ig.id) ?? []).filter((x) => ctx.now - x < DAY).length;
        // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
        const item: Record<string, unknown> = {
          quota_usage: usage,
          config: { quota_total: 100, quota_duration: 86400 },
        };
        const f = fieldsOf(req);
        if (f) for (const k of Object.keys(item)) if (!f.some((n) => n.name === k)) delete item[k];
        return { data: [item] };
      }
      if (edge === 'messages' && method === 'POST')
        return sendMessage(svc, ctx, req, w.pages.get(ig.pageId) as Page);
      return bad();
    }
    case 'post':
    case 'media': {
      const isMedia = t.kind === 'media';
      const objId = t.obj.id;
      const pageId = isMedia
        ? (w.igAccounts.get((t.obj as IgMedia).igId) as IgAccount).pageId
        : (t.obj as Post).pageId;
      if (edge === 'comments' && method === 'GET') {
        requirePerm(ctx, isMedia ? 'instagram_basic' : 'pages_read_engagement', 'read');
        const list = w.commentsFor(objId);
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
      if (edge === 'comments' && method === 'POST') {
        const message = req.params.str(isMedia ? 'message' : 'message') ?? '';
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
          ? w.addComment(objId, ig?.id ?? page.id, ig?.username ?? page.name, message, ctx.now)
          : w.addComment(objId, page.id, page.name, message, ctx.now);
        return { id: c.id };
      }
      if (isMedia && edge === 'children' && method === 'GET') {
        const m = t.obj as IgMedia;
        const kids = (m.childIds ?? []).map((id) => w.media.get(id)).filter((x): x is IgMedia => !!x);
        return listResponse(
          ctx,
          req,
          kids,
          (k) => k.id,
          (k, f) => render(mediaDef, k, f, ctx),
        );
      }
      return bad();
    }
    case 'conversation': {
      if (edge === 'messages' && method === 'GET') {
        messagingAccess(ctx, t.obj.pageId, t.obj.platform);
        const def = messageDef(t.obj);
        return listResponse(
          ctx,
          req,
          readableMessages(t.obj),
          (m) => m.id,
          (m, f) => render(def, m, f, ctx),
          MESSAGE_DETAIL_LIMIT,
          MESSAGE_DETAIL_LIMIT,
        );
      }
      return bad();
    }
    default:
      return bad();
  }
}

// ---- me/accounts, permissions, oauth, debug_token ----------------------------------------------------------------

/** https://developers.facebook.com/docs/graph-api/reference/user/accounts/ */
function meAccounts(ctx: Ctx, req: GraphRequest, user: User): unknown {
  const t = needToken(ctx);
  // Without pages_show_list Meta returns an empty list.
  const pages = ctx.tokens.has(t.userId, 'pages_show_list')
    ? user.pageIds.map((id) => ctx.world.pages.get(id) as Page)
    : [];
  const f = fieldsOf(req) ?? parseFields('access_token,category,category_list,name,id,tasks');
  return listResponse(
    ctx,
    req,
    pages,
    (p) => p.id,
    (p) => render(pageDef, p, f, ctx),
  );
}

/** https://developers.facebook.com/docs/graph-api/reference/user/permissions/ */
function permissions(
  ctx: Ctx,
  req: GraphRequest,
  user: User,
  sub: string | undefined,
  method: string,
): unknown {
  const grants = ctx.tokens.grants.get(user.id) ?? new Map<string, boolean>();
  if (method === 'GET') {
    const list = [...grants.entries()]
      .filter(([p]) => !sub || p === sub)
      .map(([permission, granted]) => ({ permission, status: granted ? 'granted' : 'declined' }));
    return { data: list };
  }
  if (method === 'DELETE') {
    const perm = sub ?? req.params.str('permission');
    if (perm) {
      if (!grants.has(perm)) throw errors.param(`Invalid permission: ${perm}`);
      grants.set(perm, false);
    } else {
      // Revoking all permissions de-authorizes the app: every token of the user stops working (190/458).
      ctx.tokens.grants.delete(user.id);
      ctx.tokens.invalidate(458, { userId: user.id });
    }
    return { success: true };
  }
  throw errors.noObject(`${user.id}/permissions`, method);
}

/** https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived and manual-flow code exchange. */
function oauthAccessToken(ctx: Ctx, req: GraphRequest): unknown {
  const p = req.params;
  if (!p.str('client_id')) throw errors.param('Missing client_id parameter.', undefined);
  const grantType = p.str('grant_type');
  if (grantType === 'fb_exchange_token') {
    if (!p.str('client_secret')) throw new GraphError('Missing client_secret parameter.', 1);
    const old = ctx.tokens.check(p.str('fb_exchange_token'), ctx.now);
    if (old.kind !== 'user') throw errors.param('The access token must be a user access token');
    const rec = ctx.tokens.mintUser(old.userId, ctx.now, 60 * 86400, true);
    return { access_token: rec.token, token_type: 'bearer', expires_in: 60 * 86400 };
  }
  const code = p.str('code');
  if (!code) throw errors.param('Missing code parameter.');
  const rec = ctx.tokens.codes.get(code);
  if (!rec) throw errors.param('Invalid verification code format.', 36007);
  if (rec.used) throw errors.param('This authorization code has been used.', 36009);
  if (ctx.now > rec.expiresAt) throw errors.param('This authorization code has expired.', 36007);
  if (p.str('redirect_uri') !== rec.redirectUri) {
    throw errors.param(
      'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      36008,
    );
  }
  if (rec.codeChallenge) {
    const verifier = p.str('code_verifier') ?? '';
    const digest = createHash('sha256').update(verifier).digest('base64url');
    if (digest !== rec.codeChallenge && verifier !== rec.codeChallenge)
      throw errors.param('Invalid code verifier', 36008);
  } else if (!p.str('client_secret')) {
    throw new GraphError('Missing client_secret parameter.', 1);
  }
  rec.used = true;
  const tok = ctx.tokens.mintUser(rec.userId, ctx.now, 5184000);
  return { access_token: tok.token, token_type: 'bearer', expires_in: 5184000 };
}

/** https://developers.facebook.com/docs/graph-api/reference/debug_token/ */
function debugToken(ctx: Ctx, req: GraphRequest): unknown {
  const input = req.params.str('input_token');
  if (!input) throw errors.param('The parameter input_token is required');
  const rec = ctx.tokens.tokens.get(input);
  if (!rec) {
    return {
      data: { error: { code: 190, message: 'Invalid OAuth access token.' }, is_valid: false, scopes: [] },
    };
  }
  const grants = ctx.tokens.grants.get(rec.userId);
  const scopes = grants ? [...grants.entries()].filter(([, g]) => g).map(([p]) => p) : [];
  const data: Record<string, unknown> = {
    app_id: SANDBOX_APP.id,
    type: rec.kind === 'page' ? 'PAGE' : 'USER',
    application: SANDBOX_APP.name,
    data_access_expires_at: Math.floor((rec.issuedAt + 90 * DAY) / 1000),
    expires_at: rec.expiresAt ? Math.floor(rec.expiresAt / 1000) : 0,
    is_valid: true,
    issued_at: Math.floor(rec.issuedAt / 1000),
    scopes,
    granular_scopes: scopes
      .filter((s) => s.startsWith('pages_') || s.startsWith('instagram_'))
      .map((scope) => ({ scope, target_ids: userPages(ctx, rec.userId) })),
    user_id: rec.userId,
  };
  if (rec.kind === 'page') data.profile_id = rec.pageId;
  try {
    ctx.tokens.check(input, ctx.now);
  } catch (e) {
    if (e instanceof GraphError) {
      data.is_valid = false;
      data.error = { code: e.code, message: e.message, subcode: e.subcode };
    }
  }
  return { data };
}

function userPages(ctx: Ctx, userId: string): string[] {
  return ctx.world.users.find((u) => u.id === userId)?.pageIds ?? [];
}

// ---- Publishing --------------------------------------------------------------------------------------------------

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

// ---- Messaging ---------------------------------------------------------------------------------------------------

/** https://developers.facebook.com/docs/graph-api/reference/page/conversations/ */
function conversations(ctx: Ctx, req: GraphRequest, page: Page): unknown {
  const platform = (req.params.str('platform') ?? 'messenger').toLowerCase() as Platform;
  if (platform !== 'messenger' && platform !== 'instagram')
    throw errors.param('Param platform must be one of {MESSENGER, INSTAGRAM}');
  messagingAccess(ctx, page.id, platform);
  if (platform === 'instagram' && !page.igId) {
    throw new GraphError(
      '(#100) This Page does not have an Instagram account linked to it.',
      100,
      'OAuthException',
      2534014,
    );
  }
  let list = ctx.world.convsByKey.get(World.convKey(page.id, platform)) ?? [];
  const userId = req.params.str('user_id');
  if (userId) list = list.filter((c) => c.customer.id === userId);
  return listResponse(
    ctx,
    req,
    list,
    (c) => c.id,
    (c, f) => render(conversationDef, c, f, ctx),
    100,
    25,
  );
}

/**
 * Send API. https://developers.facebook.com/docs/messenger-platform/reference/send-api/
 * 24 h standard window, 7 days with the HUMAN_AGENT tag:
 * https://developers.facebook.com/docs/messenger-platform/policy/policy-overview#24hours_window
 * https://developers.facebook.com/docs/messenger-platform/send-messages/message-tags#human_agent
 */
function sendMessage(svc: Services, ctx: Ctx, req: GraphRequest, page: Page): unknown {
  requirePageToken(ctx, page.id);
  const recipient = req.params.json('recipient') as { id?: unknown } | undefined;
  const recipientId =
    recipient && typeof recipient === 'object'
      ? (str(recipient.id) ?? (typeof recipient.id === 'number' ? String(recipient.id) : undefined))
      : undefined;
  if (!recipientId) throw errors.param('param recipient must be non-empty.');
  const conv = findConversation(svc.world, page.id, recipientId);
  if (!conv) throw errors.noMatchingUser();
  requirePerm(ctx, conv.platform === 'instagram' ? 'instagram_manage_messages' : 'pages_messaging', 'write');
  const action = req.params.str('sender_action');
  if (action) {
    if (!['mark_seen', 'typing_on', 'typing_off', 'react', 'unreact'].includes(action))
      throw errors.param('param sender_action must be one of {MARK_SEEN, TYPING_ON, TYPING_OFF}');
    if (req.params.map.has('message'))
      throw errors.param('Cannot send both message and state at the same time.', 2018015);
    if (action === 'mark_seen') conv.unreadCount = 0;
    return { recipient_id: recipientId };
  }
  const message = req.params.json('message') as
    { text?: unknown; attachment?: { type?: unknown; payload?: { url?: unknown } } } | undefined;
  if (!message || typeof message !== 'object') throw errors.param('param message must be non-empty.');
  const text = str(message.text);
  const attachment = message.attachment;
  if (text !== undefined && attachment)
    throw errors.param('Only one of text or attachment can be specified', 2018014);
  if (text === undefined && !attachment) throw errors.param('param message must be non-empty.');
  if (text !== undefined && text.length === 0) throw errors.param('param message[text] must be non-empty.');
  // Send API: message.text "Must be UTF-8 and has a 2000 character limit"; longer text is refused (code 100), never
  // truncated (https://developers.facebook.com/docs/messenger-platform/reference/send-api/). Counted in UTF-16 code
  // units, as Duet counts (shared/message-text.ts): the stricter reading of "character".
  if (text && text.length > 2000)
    throw errors.param('Length of param message[text] must be less than or equal to 2000');
  let attachmentUrl: string | undefined;
  let attType: 'image' | 'video' | 'file' = 'image';
  if (attachment) {
    const ty = str(attachment.type);
    if (!ty || !['image', 'video', 'audio', 'file'].includes(ty))
      throw errors.param(
        'param message[attachment][type] must be one of {image, video, audio, file, template}',
      );
    attachmentUrl = str(attachment.payload?.url);
    if (!attachmentUrl) throw errors.param('param message[attachment][payload][url] must be non-empty.');
    attType = ty === 'video' ? 'video' : ty === 'image' ? 'image' : 'file';
  }
  const messagingType = req.params.str('messaging_type');
  if (!messagingType)
    throw errors.param('param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
  if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(messagingType))
    throw errors.param('param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
  const tag = req.params.str('tag');
  if (messagingType === 'MESSAGE_TAG' && !tag)
    throw errors.param('Tag is required for MESSAGE_TAG messaging type', 2018312);
  if (conv.customer.unavailable) throw errors.unavailable();
  const age = ctx.now - conv.lastCustomerAt;
  const humanAgent = messagingType === 'MESSAGE_TAG' && tag === 'HUMAN_AGENT';
  if (age > (humanAgent ? 7 * DAY : DAY)) throw errors.outsideWindow();
  const msg: Message = {
    id: svc.world.newMessageId(conv.platform),
    fromPage: true,
    text: text ?? '',
    createdTime: ctx.now,
  };
  if (attachmentUrl) msg.attachment = { type: attType, key: `sent_${msg.id.slice(-12)}`, url: attachmentUrl };
  svc.world.addMessage(conv, msg);
  const delivery: Delivery = {
    messageId: msg.id,
    pageId: page.id,
    platform: conv.platform,
    conversationId: conv.id,
    recipientId,
    text: text ?? '',
    at: ctx.now,
  };
  if (attachmentUrl) delivery.attachmentUrl = attachmentUrl;
  svc.ledger.push(delivery);
  return { recipient_id: recipientId, message_id: msg.id };
}

function findConversation(world: World, pageId: string, customerId: string): Conversation | undefined {
  for (const platform of ['messenger', 'instagram'] as const) {
    const c = world.convsByKey
      .get(World.convKey(pageId, platform))
      ?.find((x) => x.customer.id === customerId);
    if (c) return c;
  }
  return undefined;
}

/** Permissions Duet asks for by default. */
export const DEFAULT_PERMISSIONS: readonly string[] = DUET_PERMISSIONS;
