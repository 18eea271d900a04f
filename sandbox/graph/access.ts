/** Who may do what: token, Page-visibility and permission checks shared by every Graph area. */
import { errors } from '../errors.js';
import { type Ctx } from '../render/core.js';
import { type TokenRecord } from '../tokens.js';
import { type Platform, type User } from '../world.js';

/** The request's token, or error 104 when there is none. */
export function needToken(ctx: Ctx): TokenRecord {
  if (!ctx.token) throw errors.noToken();
  return ctx.token;
}

/** The user a token belongs to. */
export function userOf(ctx: Ctx, t: TokenRecord): User {
  const u = ctx.world.users.find((x) => x.id === t.userId);
  if (!u) throw errors.badToken();
  return u;
}

/** True when the token may see this Page (user manages it, or it is the Page token's Page). */
export function canSeePage(ctx: Ctx, pageId: string): boolean {
  const t = ctx.token;
  if (!t) return false;
  if (t.kind === 'page') return t.pageId === pageId;
  return userOf(ctx, t).pageIds.includes(pageId);
}

/**
 * True when the token's user grants `perm` now (revoking takes effect on the next call, as on Meta). Every
 * permission check goes through here, so the request log can say which permissions a route needed.
 */
export function grants(ctx: Ctx, perm: string): boolean {
  const t = needToken(ctx);
  ctx.audit?.permissions.add(perm);
  // Every data call checks a permission here, so this is where expired data access stops them.
  if (ctx.tokens.dataAccessExpired(t.userId, ctx.now)) throw errors.dataAccessExpired();
  return ctx.tokens.has(t.userId, perm);
}

/** Error 10 (read) or 200 (write) unless the token's user granted `perm`. */
export function requirePerm(ctx: Ctx, perm: string, kind: 'read' | 'write'): void {
  if (!grants(ctx, perm)) throw kind === 'read' ? errors.permissionRead(perm) : errors.permissionWrite(perm);
}

/** Error 210 unless the token is this Page's token (conversations, the Send API and Page writes need one). */
export function requirePageToken(ctx: Ctx, pageId: string): TokenRecord {
  const t = needToken(ctx);
  if (t.kind !== 'page') throw errors.pageTokenRequired();
  if (t.pageId !== pageId) throw errors.noObject(pageId, 'post');
  return t;
}

/** Reading a Page's conversations: the Page token plus the platform's messaging permission. */
export function messagingAccess(ctx: Ctx, pageId: string, platform: Platform): void {
  requirePageToken(ctx, pageId);
  requirePerm(ctx, platform === 'instagram' ? 'instagram_manage_messages' : 'pages_messaging', 'write');
}
