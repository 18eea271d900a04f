/**
 * Private replies: `POST /{page-id}/messages` with `recipient: {comment_id}` sends one message to the person who
 * wrote a comment, into Messenger (Facebook comment) or Instagram Direct (Instagram comment).
 * https://developers.facebook.com/documentation/business-messaging/messenger-platform/discovery/private-replies
 * https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/private-replies
 * Rules modelled: one message per comment; within 7 days of the comment; not to the Page's own comment; the
 * conversation it opens carries on only when the person answers — the 24 h window starts then, not at the reply.
 * The errors' codes follow the Send API's (code 10 subcode 2018278 outside the window); "already sent" answers
 * code 10 subcode 2534014 as client code treats it (unverified: no first-party page states it).
 */
import { GraphError, errors } from '../errors.js';
import { type Ctx } from '../render/core.js';
import { type Conversation, type Message, type Page, World } from '../world.js';
import { PRIVATE_REPLY_WINDOW_MS, commentState } from '../world/comments.js';
import { requirePerm } from './access.js';
import { type GraphRequest, type Services, str } from './request.js';

/** Sends the private reply to comment `commentId` as `page` (the caller checked the Page token). */
export function privateReply(
  svc: Services,
  ctx: Ctx,
  req: GraphRequest,
  page: Page,
  commentId: string,
): unknown {
  const w = svc.world;
  const s = commentState(w);
  const c = w.findComment(commentId);
  if (!c || s.pageIdOf(c) !== page.id) throw errors.noObject(commentId, 'post');
  const ig = s.isInstagram(c);
  requirePerm(ctx, ig ? 'instagram_manage_messages' : 'pages_messaging', 'write');
  const message = req.params.json('message') as { text?: unknown } | undefined;
  const text = message && typeof message === 'object' ? str(message.text) : undefined;
  if (!text) throw errors.param('param message[text] must be non-empty.');
  if (text.length > 2000)
    throw errors.param('Length of param message[text] must be less than or equal to 2000');
  if (s.isOwn(c)) throw errors.param('Cannot send a private reply to your own comment.');
  const f = s.flagsOf(c.id);
  if (f.privateReply)
    throw new GraphError(
      '(#10) This comment already has a private reply: only one message can be sent per comment.',
      10,
      'OAuthException',
      2534014,
    );
  if (ctx.now - c.createdTime > PRIVATE_REPLY_WINDOW_MS) throw errors.outsideWindow();
  const platform = ig ? 'instagram' : 'messenger';
  const conv = conversationWith(w, page, platform, c.fromId, c.fromName, ctx.now);
  const msg: Message = { id: w.newMessageId(platform), fromPage: true, text, createdTime: ctx.now };
  w.addMessage(conv, msg);
  f.privateReply = { conversationId: conv.id, messageId: msg.id, at: ctx.now };
  s.writes.push({ kind: 'private-reply', target: c.id, created: msg.id, text, at: ctx.now });
  svc.ledger.push({
    messageId: msg.id,
    pageId: page.id,
    platform,
    conversationId: conv.id,
    recipientId: c.fromId,
    text,
    at: ctx.now,
  });
  return { recipient_id: c.fromId, message_id: msg.id };
}

/** The person's conversation with the Page, opened by the reply when there is none (window closed until they answer). */
function conversationWith(
  w: World,
  page: Page,
  platform: 'messenger' | 'instagram',
  personId: string,
  name: string,
  now: number,
): Conversation {
  const key = World.convKey(page.id, platform);
  const existing = w.convsByKey.get(key)?.find((x) => x.customer.id === personId);
  if (existing) return existing;
  const rng = commentState(w).rng;
  const conv: Conversation = {
    id:
      platform === 'messenger'
        ? `t_${rng.digits(16)}`
        : Buffer.from(`ig_thread:1:IGMessageThread:${page.id}:${rng.digits(17)}`).toString('base64url'),
    pageId: page.id,
    platform,
    customer: {
      id: personId,
      name,
      username: name.toLowerCase().replace(/[^a-z0-9_.]+/g, '.'),
      unavailable: false,
    },
    messages: [],
    updatedTime: now,
    unreadCount: 0,
    // No message from the person yet: the 24 h window is closed until they answer.
    lastCustomerAt: 0,
  };
  w.conversations.set(conv.id, conv);
  if (!w.convsByKey.has(key)) w.convsByKey.set(key, []);
  w.convsByKey.get(key)?.unshift(conv);
  return conv;
}
