// comments/act and comments/lookup: the Page's writes on comments, sent once each (never retried here), and the
// read-back that tells the action queue whether a write that may have gone out was applied.
// FB: https://developers.facebook.com/docs/graph-api/reference/comment/ (replies via /comments, `is_hidden`,
//     Deleting), https://developers.facebook.com/docs/graph-api/reference/object/likes (Page token only).
// IG: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment (`hide`,
//     Deleting), .../ig-comment/replies (top-level comments only), .../ig-media (`comment_enabled`).
// Private replies: `POST /{page-id}/messages` with `recipient: {comment_id}`, once per comment within 7 days
// (https://developers.facebook.com/documentation/business-messaging/messenger-platform/discovery/private-replies).
import type { CallArgs } from '../../../shared/bridge/contract';
import type {
  CommentActOutcome,
  CommentActRequest,
  CommentLookup,
} from '../../../shared/bridge/calls/comments';
import { deliveryFloor, mayBeDelivery, type ThreadMessage } from '../../../shared/delivery/match';
import type { ClassifiedGraphError } from '../../../shared/graph/errors';
import type { Account } from '../../../shared/models';
import { GraphCallError, graphPath, type GraphParams, type GraphPath } from '../graph/client';
import { isPageTarget } from './comments';
import type { GatewayContext } from './context';
import { failedSendOutcome, noTokenOutcome } from './send-outcomes';

/** The comment writes of the gateway. */
export interface CommentWrites {
  commentAct(req: CommentActRequest): Promise<CommentActOutcome>;
  commentLookup(args: CallArgs<'comments/lookup'>): Promise<CommentLookup>;
}

/** Meta's answer when a comment already has its one private reply (see sandbox/graph/private-replies.ts). */
const ALREADY_SENT = { code: 10, subcode: 2534014 };
/** `(#100) … does not exist` (subcode 33): the object is gone. */
const NO_OBJECT = { code: 100, subcode: 33 };
const is = (info: ClassifiedGraphError, e: { code: number; subcode: number }) =>
  info.code === e.code && info.subcode === e.subcode;

/** How far back the reply lookup reads: Meta's page limit for comments. */
const LOOKUP_LIMIT = 100;
/** Pages of an oldest-first list (Instagram) read before a reply is said not to be there. */
const LOOKUP_PAGES = 10;

/** The `after` cursor of a Graph list answer, if it has a next page. */
function cursorOf(raw: unknown): string | undefined {
  const after = (raw as { paging?: { cursors?: { after?: unknown } } } | null)?.paging?.cursors?.after;
  return typeof after === 'string' && after ? after : undefined;
}

type Write = { method: 'POST' | 'DELETE'; path: GraphPath; params: GraphParams };

const refuse = (reason: string): CommentActOutcome => ({ status: 'permanent', reason, code: 'not-allowed' });

/** The Graph request of an action, or why it is refused before any request. */
export function planCommentWrite(acc: Account, req: CommentActRequest): Write | CommentActOutcome {
  const { action, platform, commentNativeId: comment, postNativeId: post } = req;
  const ig = platform === 'ig';
  if (!isPageTarget(acc, platform, post)) return refuse('This is not one of this Page’s posts.');
  const onComment = (w: (id: string) => Write): Write | CommentActOutcome =>
    comment ? w(comment) : refuse('Duet needs the comment to do this.');
  switch (action.kind) {
    case 'reply': {
      const params = { message: action.text };
      if (!comment) return { method: 'POST', path: graphPath(post, 'comments'), params };
      return { method: 'POST', path: graphPath(comment, ig ? 'replies' : 'comments'), params };
    }
    case 'hide':
      return onComment((id) => ({
        method: 'POST',
        path: graphPath(id),
        params: { [ig ? 'hide' : 'is_hidden']: String(action.hidden) },
      }));
    case 'delete':
      return onComment((id) => ({ method: 'DELETE', path: graphPath(id), params: {} }));
    case 'like':
      if (ig) return refuse('Instagram does not let apps like comments.');
      return onComment((id) => ({
        method: action.liked ? 'POST' : 'DELETE',
        path: graphPath(id, 'likes'),
        params: {},
      }));
    case 'private-reply':
      return onComment((id) => ({
        method: 'POST',
        path: graphPath(acc.id, 'messages'),
        params: {
          recipient: JSON.stringify({ comment_id: id }),
          message: JSON.stringify({ text: action.text }),
        },
      }));
    case 'comments-enabled':
      if (!ig) return refuse('Duet turns comments off only on Instagram posts.');
      return { method: 'POST', path: graphPath(post), params: { comment_enabled: String(action.enabled) } };
  }
}

/** Reads Meta's 200 answer to a write: what it created, or ambiguous when it is not the answer Meta documents. */
function readAnswer(req: CommentActRequest, data: unknown): CommentActOutcome {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  if (req.action.kind === 'reply')
    return typeof d.id === 'string'
      ? { status: 'done', createdId: d.id }
      : { status: 'ambiguous', reason: 'Facebook answered without the reply’s id.' };
  if (req.action.kind === 'private-reply')
    return typeof d.message_id === 'string'
      ? { status: 'done', createdId: d.message_id }
      : { status: 'ambiguous', reason: 'Facebook answered without a message id.' };
  return d.success === true
    ? { status: 'done' }
    : { status: 'ambiguous', reason: 'Facebook did not say whether it worked.' };
}

/** A reply or comment as the lookup reads it (FB `message`/`created_time`, IG `text`/`timestamp`). */
function threadItems(raw: unknown, selfIds: string[]): { items: ThreadMessage[]; hasMore: boolean } {
  const r = (raw && typeof raw === 'object' ? raw : {}) as { data?: unknown; paging?: { next?: unknown } };
  const list = Array.isArray(r.data) ? (r.data as Array<Record<string, unknown> | null>) : [];
  const items: ThreadMessage[] = [];
  for (const c of list) {
    if (!c || typeof c.id !== 'string') continue;
    const time = Date.parse(String(c.created_time ?? c.timestamp ?? ''));
    if (!Number.isFinite(time)) continue;
    const from = c.from as { id?: unknown } | undefined;
    const text = typeof c.message === 'string' ? c.message : typeof c.text === 'string' ? c.text : undefined;
    items.push({
      id: c.id,
      fromPage: typeof from?.id === 'string' && selfIds.includes(from.id),
      text,
      createdTime: time,
    });
  }
  return { items, hasMore: typeof r.paging?.next === 'string' };
}

/** Creates the comment writes over the gateway's shared context. */
export function createCommentWrites(ctx: GatewayContext): CommentWrites {
  const { opts, account } = ctx;
  const inFlight = new Map<string, Promise<CommentActOutcome>>();

  async function act(req: CommentActRequest): Promise<CommentActOutcome> {
    let acc: Account;
    let token: string;
    try {
      acc = account(req.accountId);
      token = opts.session.pageToken(req.accountId);
    } catch (err) {
      const o = noTokenOutcome(err);
      return o.status === 'sent' ? { status: 'done' } : o;
    }
    const plan = planCommentWrite(acc, req);
    if ('status' in plan) return plan;
    try {
      const res = await opts.graph.request({ ...plan, token, accountId: req.accountId });
      const answer = readAnswer(req, res.data);
      if (answer.status !== 'done' || req.action.kind !== 'private-reply') return answer;
      const d = res.data as { recipient_id?: unknown } | null;
      const recipient = typeof d?.recipient_id === 'string' ? d.recipient_id : undefined;
      return { ...answer, ...(await replyConversation(acc, req, recipient)) };
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      // Meta's own one-per-comment rule: a second private reply is refused, so the first went out.
      if (req.action.kind === 'private-reply' && is(err.info, ALREADY_SENT))
        return { status: 'done', ...(await replyConversation(acc, req)) };
      // Deleting what is already gone leaves the comment as the user wants it.
      if (req.action.kind === 'delete' && is(err.info, NO_OBJECT)) return { status: 'done' };
      const o = failedSendOutcome(err, ctx.noteFailure);
      return o.status === 'sent' ? { status: 'done' } : o;
    }
  }

  /** A GET for the lookup; undefined when the object is gone, `{unknown}` when Graph could not answer now. */
  async function read(
    accountId: string,
    path: GraphPath,
    params: GraphParams,
  ): Promise<{ data: unknown } | { gone: true } | { unknown: string }> {
    let token: string;
    try {
      token = opts.session.pageToken(accountId);
    } catch (err) {
      return { unknown: err instanceof Error ? err.message : 'Not signed in.' };
    }
    try {
      const res = await opts.graph.request({ path, params, token, accountId });
      return { data: res.data };
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      if (is(err.info, NO_OBJECT)) return { gone: true };
      ctx.noteFailure(err.info);
      return { unknown: err.info.message };
    }
  }

  /**
   * The conversation a private reply opened, so the comment can link to it in the inbox. Best effort: the reply is
   * sent whatever these reads answer (then the comment shows "sent" without the link until sync reads it).
   */
  async function replyConversation(
    acc: Account,
    req: CommentActRequest,
    recipientId?: string,
  ): Promise<{ conversationId?: string }> {
    const comment = req.commentNativeId;
    if (!comment) return {};
    const field = (r: Awaited<ReturnType<typeof read>>, get: (d: Record<string, unknown>) => unknown) => {
      const v =
        'data' in r && r.data && typeof r.data === 'object' ? get(r.data as Record<string, unknown>) : null;
      return typeof v === 'string' ? v : undefined;
    };
    try {
      if (req.platform === 'fb') {
        // Facebook names it on the comment: `private_reply_conversation`
        // (https://developers.facebook.com/docs/graph-api/reference/comment/).
        const r = await read(acc.id, graphPath(comment), { fields: 'id,private_reply_conversation' });
        const id = field(r, (d) => (d.private_reply_conversation as { id?: unknown } | undefined)?.id);
        return id ? { conversationId: id } : {};
      }
      // Instagram has no such field: the reply goes to the person's conversation with the account, found by their
      // Instagram-scoped id (the Send API's `recipient_id`, or the comment's `from.id`) with the Conversations API's
      // `user_id` (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/conversations-api).
      const person =
        recipientId ??
        field(await read(acc.id, graphPath(comment), { fields: 'id,from' }), (d) => {
          return (d.from as { id?: unknown } | undefined)?.id;
        });
      if (!person) return {};
      const r = await read(acc.id, graphPath(acc.id, 'conversations'), {
        platform: 'instagram',
        user_id: person,
        fields: 'id',
      });
      const id = field(r, (d) =>
        Array.isArray(d.data) ? (d.data[0] as { id?: unknown } | undefined)?.id : null,
      );
      return id ? { conversationId: id } : {};
    } catch {
      return {};
    }
  }

  async function lookupReply(
    acc: Account,
    { act: req, attemptAt, taken }: CallArgs<'comments/lookup'>,
    text: string,
  ): Promise<CommentLookup> {
    const ig = req.platform === 'ig';
    const c = opts.graph.metaClock();
    const floor = deliveryFloor(
      attemptAt,
      c && { offsetMs: c.offsetMs, toleranceMs: c.uncertaintyMs + 2000 },
    );
    if (floor === undefined)
      return { state: 'unknown', reason: 'Duet does not know Meta’s clock well enough yet.' };
    // Only the replies where this reply went: a reply to a comment among that comment's replies (on Facebook a
    // reply to a reply joins its top-level comment's thread: the root is read first), a reply to the post among the
    // post's top-level comments. An identical reply under another comment is not this one.
    let path: GraphPath;
    let params: GraphParams;
    if (ig) {
      path = req.commentNativeId
        ? graphPath(req.commentNativeId, 'replies')
        : graphPath(req.postNativeId, 'comments');
      params = { fields: 'id,text,timestamp,from', limit: LOOKUP_LIMIT };
    } else {
      let root = req.commentNativeId;
      if (root) {
        const t = await read(acc.id, graphPath(root), { fields: 'id,parent{id}' });
        if ('unknown' in t) return { state: 'unknown', reason: t.unknown };
        if ('gone' in t) return { state: 'not-done', reason: 'The comment is gone.' };
        const parent = (t.data as { parent?: { id?: unknown } } | null)?.parent?.id;
        if (typeof parent === 'string' && parent) root = parent;
      }
      path = graphPath(root ?? req.postNativeId, 'comments');
      params = {
        fields: 'id,message,created_time,from',
        order: 'reverse_chronological',
        ...(root ? {} : { filter: 'toplevel' }),
        limit: LOOKUP_LIMIT,
      };
    }
    // Facebook answers newest first: one page that reaches back past the attempt holds every reply since. Instagram
    // answers oldest first, so its pages are read to the end (up to LOOKUP_PAGES) before "not applied" is said.
    const items: ThreadMessage[] = [];
    let after: string | undefined;
    for (let page = 0; ; page++) {
      const r = await read(acc.id, path, after ? { ...params, after } : params);
      if ('unknown' in r) return { state: 'unknown', reason: r.unknown };
      if ('gone' in r) return { state: 'not-done', reason: 'The comment is gone.' };
      const got = threadItems(r.data, ctx.selfIds(acc));
      items.push(...got.items);
      const match = items
        .filter((m) => mayBeDelivery(m, text, floor) && !taken.includes(m.id))
        .sort((x, y) => x.createdTime - y.createdTime)[0];
      if (match) return { state: 'done', createdId: match.id };
      if (!got.hasMore) return { state: 'not-done' };
      if (!ig && got.items.some((m) => m.createdTime < floor)) return { state: 'not-done' };
      after = cursorOf(r.data);
      if (!after || page + 1 >= LOOKUP_PAGES)
        return { state: 'unknown', reason: 'Too many replies since to tell.' };
    }
  }

  async function lookup(args: CallArgs<'comments/lookup'>): Promise<CommentLookup> {
    const req = args.act;
    let acc: Account;
    try {
      acc = account(req.accountId);
    } catch (err) {
      return { state: 'unknown', reason: err instanceof Error ? err.message : 'Not signed in.' };
    }
    const plan = planCommentWrite(acc, req);
    // Refused before any request: it never went out.
    if ('status' in plan) return { state: 'not-done' };
    const ig = req.platform === 'ig';
    const a = req.action;
    if (a.kind === 'reply') return lookupReply(acc, args, a.text);
    const target = a.kind === 'comments-enabled' ? req.postNativeId : (req.commentNativeId as string);
    const field = {
      hide: ig ? 'hidden' : 'is_hidden',
      like: 'user_likes',
      delete: 'id',
      'private-reply': ig ? 'id' : 'private_reply_conversation',
      'comments-enabled': 'is_comment_enabled',
    }[a.kind];
    const r = await read(acc.id, graphPath(target), { fields: `id,${field}` });
    if ('unknown' in r) return { state: 'unknown', reason: r.unknown };
    if ('gone' in r)
      return a.kind === 'delete' ? { state: 'done' } : { state: 'not-done', reason: 'The comment is gone.' };
    const d = (r.data ?? {}) as Record<string, unknown>;
    const done = (yes: boolean): CommentLookup => ({ state: yes ? 'done' : 'not-done' });
    switch (a.kind) {
      case 'hide':
        return done(d[field] === a.hidden);
      case 'like':
        return done((d.user_likes === true) === a.liked);
      case 'delete':
        return done(false);
      case 'comments-enabled':
        return done(d.is_comment_enabled === a.enabled);
      case 'private-reply': {
        const conv = d.private_reply_conversation as { id?: unknown } | undefined;
        if (typeof conv?.id === 'string') return { state: 'done', conversationId: conv.id };
        // Instagram shows no such field; sending again is still safe: Meta refuses a second private reply to a
        // comment, and that refusal reads as done (see act).
        return { state: 'not-done' };
      }
    }
  }

  return {
    commentAct(req) {
      // A second call for the same entry while the first is in flight joins it (never a second request).
      const joined = inFlight.get(req.clientId);
      if (joined) return joined;
      const p = act(req).finally(() => inFlight.delete(req.clientId));
      inFlight.set(req.clientId, p);
      return p;
    },
    commentLookup: lookup,
  };
}
