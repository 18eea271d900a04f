/**
 * Messaging node types.
 * Conversation https://developers.facebook.com/docs/graph-api/reference/conversation/
 * Message https://developers.facebook.com/docs/graph-api/reference/message/
 */
import { type Conversation, type Message, type Page } from '../world.js';
import { type Ctx, type NodeDef, cdnUrl as cdn, connection, fbTime, render, select } from './core.js';

export const MESSAGE_DETAIL_LIMIT = 20;

function participant(conv: Conversation, ctx: Ctx, side: 'page' | 'customer'): Record<string, string> {
  const page = ctx.world.pages.get(conv.pageId) as Page;
  if (conv.platform === 'instagram') {
    const ig = page.igId ? ctx.world.igAccounts.get(page.igId) : undefined;
    return side === 'page'
      ? { username: ig?.username ?? page.name, id: ig?.id ?? page.id }
      : { username: conv.customer.username, id: conv.customer.id };
  }
  return side === 'page'
    ? { name: page.name, email: `${page.id}@facebook.com`, id: page.id }
    : { name: conv.customer.name, email: `${conv.customer.id}@facebook.com`, id: conv.customer.id };
}

function attachmentJson(m: Message, ctx: Ctx): Record<string, unknown> | undefined {
  const a = m.attachment;
  if (!a) return undefined;
  const id = `${m.id.slice(-10)}`;
  if (a.type === 'video') {
    return {
      data: [
        {
          id,
          mime_type: 'video/webm',
          name: `video-${id}.webm`,
          size: 77000,
          video_data: {
            width: 320,
            height: 320,
            length: 3,
            url: cdn(ctx, `/cdn/att/${a.key}.webm`),
            preview_url: cdn(ctx, `/cdn/att/${a.key}_thumb.jpg`),
          },
        },
      ],
    };
  }
  return {
    data: [
      {
        id,
        mime_type: 'image/jpeg',
        name: `image-${id}.jpg`,
        size: 20000,
        image_data: {
          width: 640,
          height: 640,
          max_width: 640,
          max_height: 640,
          url: cdn(ctx, `/cdn/att/${a.key}.jpg`),
          preview_url: `${cdn(ctx, `/cdn/att/${a.key}.jpg`)}&w=160`,
          render_as_sticker: false,
        },
      },
    ],
  };
}

/** Renders a message inside its conversation. */
export function messageDef(conv: Conversation): NodeDef<Message> {
  return {
    type: 'Message',
    defaults: ['created_time', 'id'],
    fields: {
      id: (m) => m.id,
      created_time: (m) => fbTime(m.createdTime),
      message: (m) => m.text,
      from: (m, n, ctx) =>
        select(participant(conv, ctx, m.fromPage ? 'page' : 'customer'), n.children, 'User'),
      to: (m, n, ctx) =>
        select({ data: [participant(conv, ctx, m.fromPage ? 'customer' : 'page')] }, n.children, 'User'),
      attachments: (m, n, ctx) => select(attachmentJson(m, ctx), n.children, 'MessageAttachment'),
      tags: (m) => ({ data: [{ name: m.fromPage ? 'source:web' : 'inbox' }, { name: 'read' }] }),
      is_unsupported: () => false,
      sticker: () => undefined,
      shares: () => undefined,
      reactions: () => undefined,
    },
  };
}

/** The readable (20 newest) messages, newest first. */
export function readableMessages(conv: Conversation): Message[] {
  return conv.messages.slice(-MESSAGE_DETAIL_LIMIT).reverse();
}

/** Conversation node. */
export const conversationDef: NodeDef<Conversation> = {
  type: 'UnifiedThread',
  defaults: ['id', 'updated_time'],
  fields: {
    id: (c) => c.id,
    updated_time: (c) => fbTime(c.updatedTime),
    snippet: (c) => {
      const last = c.messages[c.messages.length - 1];
      if (!last) return '';
      return last.text
        ? last.text.slice(0, 100)
        : last.attachment
          ? `${last.fromPage ? 'You' : c.customer.name.split(' ')[0]} sent a photo.`
          : '';
    },
    unread_count: (c) => c.unreadCount,
    message_count: (c) => c.messages.length,
    participants: (c, n, ctx) =>
      select({ data: [participant(c, ctx, 'customer'), participant(c, ctx, 'page')] }, n.children, 'User'),
    senders: (c, n, ctx) =>
      select({ data: [participant(c, ctx, 'customer'), participant(c, ctx, 'page')] }, n.children, 'User'),
    can_reply: (c) => !c.customer.unavailable,
    is_subscribed: () => true,
    link: (c) => `/${c.pageId}/inbox/${c.id}`,
    name: () => '',
    messages: (c, n, ctx) => {
      const def = messageDef(c);
      return connection(
        ctx,
        readableMessages(c),
        (m) => m.id,
        n,
        (m, ch) => render(def, m, ch, ctx),
        `${c.id}/messages`,
      );
    },
  },
};
