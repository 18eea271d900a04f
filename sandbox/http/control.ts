/**
 * The control API under `/__sandbox` (loopback only): state, reset, tokens, faults, clock, ledger, request log,
 * inbound messages, posts, media, comments and their write ledger, usage and CDN URL lifetime. One table of method + path → handler.
 */
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { FAULT_KINDS, type FaultInput, type FaultKind } from '../faults.js';
import { readBody, sendJson } from '../http-util.js';
import { type SandboxCore } from '../server.js';
import { publishControlRoutes } from './control-publish.js';
import { type Platform, type World } from '../world.js';
import { commentState } from '../world/comments.js';

/** A control request's JSON body with typed readers. */
export interface Body {
  raw: Record<string, unknown>;
  s(k: string): string | undefined;
  n(k: string): number | undefined;
}

/** What a handler answers: HTTP status and JSON body. */
export type Answer = [status: number, body: unknown];

export interface ControlRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** A literal path, or a pattern whose groups are passed to the handler. */
  path: string | RegExp;
  handler: (core: SandboxCore, body: Body, match: string[]) => Answer;
}

const ok = (body: unknown): Answer => [200, body];

const CONTROL_ROUTES: ControlRoute[] = [
  { method: 'GET', path: '/state', handler: (core) => ok(core.state()) },
  {
    method: 'POST',
    path: '/reset',
    handler: (core) => {
      core.reset();
      return ok(core.state());
    },
  },
  {
    method: 'POST',
    path: '/tokens',
    handler: (core, b) => {
      const perms = Array.isArray(b.raw.permissions)
        ? b.raw.permissions.filter((p): p is string => typeof p === 'string')
        : undefined;
      const rec = core.mintToken(b.s('userId'), perms, b.n('expiresInSec'));
      return ok({
        access_token: rec.token,
        user_id: rec.userId,
        expires_in: rec.expiresAt ? Math.round((rec.expiresAt - core.now()) / 1000) : 0,
      });
    },
  },
  { method: 'POST', path: '/tokens/revoke', handler: (core, b) => invalidate(core, b, false) },
  { method: 'POST', path: '/tokens/expire', handler: (core, b) => invalidate(core, b, true) },
  {
    // Ends a user's data access now (as 90 days without use would); the next completed login renews it.
    method: 'POST',
    path: '/data-access/expire',
    handler: (core, b) => {
      const userId = b.s('userId') ?? core.world.users[0]?.id ?? '';
      core.tokens.dataAccessUntil.set(userId, core.now());
      return ok({ userId, expiredAt: core.now() });
    },
  },
  {
    // Sets one person's tasks on one Page (their role), e.g. a moderator without MESSAGING. Meta lists a person's
    // tasks per Page in `/me/accounts?fields=tasks` (https://developers.facebook.com/docs/pages-api/overview#tasks);
    // they come with the role a Page admin gives, never with Facebook Login.
    method: 'POST',
    path: '/page-tasks',
    handler: (core, b) => {
      const tasks = Array.isArray(b.raw.tasks) ? b.raw.tasks.filter((t) => typeof t === 'string') : [];
      const userId = b.s('userId') ?? core.world.users[0]?.id ?? '';
      core.world.pageTasks.set(`${userId}:${b.s('pageId') ?? ''}`, tasks);
      return ok({ userId, pageId: b.s('pageId'), tasks });
    },
  },
  { method: 'POST', path: '/faults', handler: addFault },
  { method: 'GET', path: '/faults', handler: (core) => ok({ faults: core.faults.list() }) },
  {
    method: 'DELETE',
    path: '/faults',
    handler: (core) => {
      core.faults.clear();
      return ok({ success: true });
    },
  },
  {
    method: 'DELETE',
    path: /^\/faults\/([^/]+)$/,
    handler: (core, _b, [id]) => [core.faults.remove(id as string) ? 200 : 404, { success: true }],
  },
  {
    method: 'POST',
    path: '/clock',
    handler: (core, b) => {
      core.clockOffset += b.n('advanceMs') ?? 0;
      return ok({ now: core.now() });
    },
  },
  { method: 'GET', path: '/clock', handler: (core) => ok({ now: core.now() }) },
  { method: 'GET', path: '/ledger', handler: (core) => ok({ deliveries: core.ledger }) },
  ...publishControlRoutes,
  { method: 'GET', path: '/requests', handler: (core) => ok({ requests: core.requestLog.entries }) },
  { method: 'GET', path: '/routes-used', handler: (core) => ok({ uses: core.requestLog.uses }) },
  {
    method: 'DELETE',
    path: '/requests',
    handler: (core) => {
      core.requestLog.clear();
      return ok({ success: true });
    },
  },
  {
    method: 'POST',
    path: '/inbound',
    handler: (core, b) => {
      const platform = (b.s('platform') ?? 'messenger') as Platform;
      return ok(core.inbound(b.s('pageId') ?? '', platform, b.s('conversationId'), b.s('text') ?? ''));
    },
  },
  {
    method: 'POST',
    path: '/posts',
    handler: (core, b) => {
      const pageId = b.s('pageId') ?? '';
      if (!core.world.pages.has(pageId)) return [400, { error: 'unknown pageId' }];
      return ok({ id: core.world.addPost(pageId, { message: b.s('message') ?? '' }, core.now()).id });
    },
  },
  { method: 'POST', path: '/media', handler: addMedia },
  // Comments: a person's new comment on a post, media item or (a reply) comment; and every accepted comment write.
  {
    method: 'POST',
    path: '/comments',
    handler: (core, b) => {
      const id = b.s('objectId') ?? '';
      const w = core.world;
      if (!w.posts.has(id) && !w.media.has(id) && !w.findComment(id))
        return [400, { error: 'unknown objectId' }];
      return ok({ id: commentState(w).addFromPerson(id, core.now(), b.s('text')).id });
    },
  },
  {
    method: 'GET',
    path: '/comment-writes',
    handler: (core) => ok({ writes: commentState(core.world).writes }),
  },
  { method: 'POST', path: '/insights', handler: insightsControl },
  {
    method: 'POST',
    path: '/usage',
    handler: (core, b) => {
      const budget = b.n('callBudget');
      const win = b.n('windowMs');
      if (budget !== undefined) core.usage.callBudget = budget;
      if (win !== undefined) core.usage.windowMs = win;
      if (b.raw.reset === true) core.usage.reset();
      return ok({ callBudget: core.usage.callBudget, windowMs: core.usage.windowMs });
    },
  },
  {
    method: 'GET',
    path: '/usage',
    handler: (core) =>
      ok({
        callBudget: core.usage.callBudget,
        windowMs: core.usage.windowMs,
        app: core.usage.appUsage(core.now()),
      }),
  },
  {
    method: 'POST',
    path: '/media-ttl',
    handler: (core, b) => {
      core.signer.ttlMs = b.n('ttlMs') ?? core.signer.ttlMs;
      return ok({ ttlMs: core.signer.ttlMs });
    },
  },
];

/** `/tokens/revoke` (subcode 460 or 467) and `/tokens/expire` (463), by token or for every token of a user. */
function invalidate(core: SandboxCore, b: Body, expire: boolean): Answer {
  const token = b.s('access_token');
  const userId = b.s('userId');
  if (!token && !userId) return [400, { error: 'access_token or userId required' }];
  const sub = expire ? 463 : ((b.n('subcode') as 460 | 467 | undefined) ?? 460);
  return ok({ invalidated: core.tokens.invalidate(sub, token ? { token } : { userId: userId as string }) });
}

function addFault(core: SandboxCore, b: Body): Answer {
  const kind = b.s('kind');
  const route = b.s('route');
  if (!route || !kind || !(FAULT_KINDS as readonly string[]).includes(kind))
    return [400, { error: `route and kind (${FAULT_KINDS.join(', ')}) required` }];
  const input: FaultInput = { route, kind: kind as FaultKind };
  for (const k of ['probability', 'count', 'latencyMs', 'status', 'regainMinutes'] as const) {
    const v = b.n(k);
    if (v !== undefined) input[k] = v;
  }
  return ok({ id: core.faults.add(input).id });
}

function addMedia(core: SandboxCore, b: Body): Answer {
  const w = core.world;
  const igId = b.s('igUserId') ?? '';
  if (!w.igAccounts.has(igId)) return [400, { error: 'unknown igUserId' }];
  const mt = b.s('mediaType');
  const mediaType = mt === 'VIDEO' || mt === 'CAROUSEL_ALBUM' ? mt : 'IMAGE';
  const fields: Parameters<World['addMedia']>[1] = { mediaType };
  const cap = b.s('caption');
  if (cap) fields.caption = cap;
  if (mediaType === 'CAROUSEL_ALBUM') {
    fields.childIds = [0, 1].map(() => {
      const c = w.addMedia(igId, { isChild: true }, core.now());
      w.mediaByIg.get(igId)?.shift();
      return c.id;
    });
  }
  return ok({ id: w.addMedia(igId, fields, core.now()).id });
}

/**
 * Insights toggles: `retire` / `restore` metric names (then "(#100) The value must be a valid insights metric"),
 * `underHundredLikes: { pageId, on }` (that Page's insights come back empty, as for Pages under 100 likes).
 */
function insightsControl(core: SandboxCore, b: Body): Answer {
  const iw = core.world.insights;
  const names = (k: string) =>
    Array.isArray(b.raw[k]) ? (b.raw[k] as unknown[]).filter((x) => typeof x === 'string') : [];
  for (const n of names('retire')) iw.retired.add(n);
  for (const n of names('restore')) iw.retired.delete(n);
  const few = b.raw.underHundredLikes as { pageId?: unknown; on?: unknown } | undefined;
  if (few && typeof few.pageId === 'string') {
    if (few.on === false) iw.underHundredLikes.delete(few.pageId);
    else iw.underHundredLikes.add(few.pageId);
  }
  return ok({ retired: [...iw.retired], underHundredLikes: [...iw.underHundredLikes] });
}

/** Answers one control request (`route` is the path after `/__sandbox`). */
export async function serveControl(
  core: SandboxCore,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  let raw: Record<string, unknown> = {};
  if (method === 'POST' || method === 'PUT') {
    const buf = await readBody(req);
    if (buf.length) {
      try {
        raw = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: 'invalid JSON' });
      }
    }
  }
  const body: Body = {
    raw,
    s: (k) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined),
    n: (k) => (typeof raw[k] === 'number' ? (raw[k] as number) : undefined),
  };
  try {
    for (const r of CONTROL_ROUTES) {
      if (r.method !== method) continue;
      const m = typeof r.path === 'string' ? (r.path === route ? [] : null) : r.path.exec(route)?.slice(1);
      if (!m) continue;
      const [status, out] = r.handler(core, body, m);
      return sendJson(res, status, out);
    }
    return sendJson(res, 404, { error: `unknown control route ${method} ${route}` });
  } catch (e) {
    return sendJson(res, 400, { error: e instanceof Error ? e.message : String(e) });
  }
}
