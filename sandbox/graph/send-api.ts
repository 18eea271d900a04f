/** The Send API: `POST /{page-id}/messages`, `/me/messages` (Page token) and `/{ig-user-id}/messages`. */
import { errors } from '../errors.js';
import { type Ctx } from '../render/core.js';
import { DAY } from '../time.js';
import { type Conversation, type Message, type Page, World } from '../world.js';
import { requirePageToken, requirePerm } from './access.js';
import { privateReply } from './private-replies.js';
import { type Delivery, type GraphRequest, type Services, str } from './request.js';
import { type Route, route } from './router.js';

/** The routes of this area. */
export const sendApiRoutes: Route[] = [
  route('POST', '/{page}/messages', ({ svc, ctx, req, target }) => sendMessage(svc, ctx, req, target.obj)),
  route('POST', '/{ig}/messages', ({ svc, ctx, req, target }) =>
    sendMessage(svc, ctx, req, ctx.world.pages.get(target.obj.pageId) as Page),
  ),
];

/**
 * Send API. https://developers.facebook.com/docs/messenger-platform/reference/send-api/
 * 24 h standard window, 7 days with the HUMAN_AGENT tag:
 * https://developers.facebook.com/docs/messenger-platform/policy/policy-overview#24hours_window
 * https://developers.facebook.com/docs/messenger-platform/send-messages/message-tags#human_agent
 */
function sendMessage(svc: Services, ctx: Ctx, req: GraphRequest, page: Page): unknown {
  requirePageToken(ctx, page.id);
  const recipient = req.params.json('recipient') as { id?: unknown; comment_id?: unknown } | undefined;
  const commentId = recipient && typeof recipient === 'object' ? str(recipient.comment_id) : undefined;
  if (commentId) return privateReply(svc, ctx, req, page, commentId);
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
