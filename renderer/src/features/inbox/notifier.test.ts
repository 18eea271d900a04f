// The notifier decides what the user hears of new inbound messages: nothing for the conversation on screen while
// the window has focus, nothing when notifications are off in Settings, and a plain "who · where: what" otherwise.
import { beforeEach, describe, expect, it } from 'vitest';
import { type ConversationRow, type MessageRow } from '../../data/db';
import { makeConversationRow, makeMessage } from '../../test/inbox-fixtures';
import { type InboundMessage } from '../../data/streams/inbox';
import { createFakeBridge, type FakeBridge } from '../../test/fake-bridge';
import { createInboxNotifier, notificationFor } from './notifier';

let bridge: FakeBridge;
let shown: Array<{ title: string; body: string; conversationId?: string; commentId?: string }>;
let notificationsOn: boolean;
let focused: boolean;

const inbound = (conversation: ConversationRow, patch: Partial<MessageRow> = {}): InboundMessage => ({
  conversation,
  message: { ...makeMessage(conversation, `m${conversation.nativeId}`, 300), ...patch } as MessageRow,
});

beforeEach(() => {
  bridge = createFakeBridge();
  shown = [];
  notificationsOn = true;
  focused = true;
  bridge.notify = async (n) => {
    shown.push(n);
    return true;
  };
  bridge.handle('settings/get', () => ({ notifications: notificationsOn }) as never);
});

describe('inbox notifier', () => {
  it('shows one notification per new message, naming the customer and the platform', async () => {
    const a = makeConversationRow(1);
    const notifier = createInboxNotifier({ bridge, isFocused: () => focused });
    await notifier.notify([inbound(a, { text: 'Do you ship to Lyon?' })]);
    expect(shown).toEqual([
      { title: 'Customer 1 · Messenger', body: 'Do you ship to Lyon?', conversationId: a.id },
    ]);
  });

  it('stays quiet about the conversation on screen while the window has focus', async () => {
    const a = makeConversationRow(1);
    const b = makeConversationRow(2);
    const notifier = createInboxNotifier({ bridge, isFocused: () => focused });
    notifier.setOpenConversation(b.id);
    await notifier.notify([inbound(a, { text: 'Do you ship to Lyon?' }), inbound(b, { text: 'ok thanks' })]);
    expect(shown.map((n) => [n.conversationId, n.body])).toEqual([[a.id, 'Do you ship to Lyon?']]);
  });

  it('notifies about the open conversation when the window is not focused', async () => {
    const a = makeConversationRow(1);
    const notifier = createInboxNotifier({ bridge, isFocused: () => focused });
    notifier.setOpenConversation(a.id);
    focused = false;
    await notifier.notify([inbound(a, { text: 'hello?' })]);
    expect(shown.map((n) => n.body)).toEqual(['hello?']);
  });

  it('shows nothing when notifications are off in Settings', async () => {
    notificationsOn = false;
    const notifier = createInboxNotifier({ bridge, isFocused: () => focused });
    await notifier.notify([inbound(makeConversationRow(1), { text: 'hi' })]);
    expect(shown).toEqual([]);
  });

  it('does not ask Settings when there is nothing to show', async () => {
    const notifier = createInboxNotifier({ bridge, isFocused: () => focused });
    await notifier.notify([]);
    expect(bridge.callsOf('settings/get')).toHaveLength(0);
  });
});

describe('notificationFor', () => {
  it('says who wrote on which platform, and what', () => {
    const ig = makeConversationRow(3, { platform: 'instagram', customer: { id: 'u3', username: 'ana.b' } });
    expect(notificationFor(inbound(ig, { text: 'Love it' }))).toEqual({
      title: '@ana.b · Instagram',
      body: 'Love it',
      conversationId: ig.id,
    });
  });

  it('describes a message without text, and an unknown sender', () => {
    const c = makeConversationRow(4, { customer: { id: 'u4' } });
    const attachment = { id: 'a', kind: 'image' } as unknown as MessageRow['attachments'][number];
    expect(notificationFor(inbound(c, { text: undefined, attachments: [attachment] }))).toMatchObject({
      title: 'Unknown person · Messenger',
      body: 'Sent an attachment',
    });
    expect(notificationFor(inbound(c, { text: undefined, attachments: [] })).body).toBe('New message');
  });

  it('keeps a long message to 500 characters', () => {
    const c = makeConversationRow(5);
    expect(notificationFor(inbound(c, { text: 'x'.repeat(2000) })).body).toHaveLength(500);
  });
});
