// The inbox notifier: sync reports new inbound messages; this decides whether the user hears of them, writes the
// notification and shows it. A click on a notification comes back, in both hosts, as the app/notification-clicked
// event (MainShell opens the conversation).
import { type Bridge } from '../../bridge';
import { type InboundMessage } from '../../data/streams/inbox';
import { customerName } from './names';

/** What a desktop notification says about one new message. */
export interface InboxNotification {
  title: string;
  body: string;
  conversationId: string;
}

/** Longest body shown; the notification is a pointer to the conversation, not the message itself. */
const MAX_BODY = 500;

/** The notification for a new message: who wrote, on which platform, and what (or that they sent something). */
export function notificationFor({ conversation, message }: InboundMessage): InboxNotification {
  const who = customerName(conversation);
  const body = message.text ?? (message.attachments.length ? 'Sent an attachment' : 'New message');
  return {
    title: `${who} · ${conversation.platform === 'instagram' ? 'Instagram' : 'Messenger'}`,
    body: body.slice(0, MAX_BODY),
    conversationId: conversation.id,
  };
}

/** Decides, formats and shows notifications for new inbound messages. */
export interface InboxNotifier {
  /** The conversation shown in the thread view (null when none): no notification for it while the window has focus. */
  setOpenConversation(conversationId: string | null): void;
  /** Shows a notification per message unless it is on screen or notifications are off in Settings. */
  notify(messages: InboundMessage[]): Promise<void>;
}

/** Dependencies of the notifier; `isFocused` defaults to the document's focus and visibility. */
export interface InboxNotifierDeps {
  bridge: Bridge;
  isFocused?: () => boolean;
}

function documentFocused(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus();
}

/** Creates a notifier. */
export function createInboxNotifier(deps: InboxNotifierDeps): InboxNotifier {
  const isFocused = deps.isFocused ?? documentFocused;
  let open: string | null = null;

  async function notificationsOn(): Promise<boolean> {
    try {
      return (await deps.bridge.invoke('settings/get', {})).notifications;
    } catch {
      return true;
    }
  }

  return {
    setOpenConversation(conversationId) {
      open = conversationId;
    },
    async notify(messages) {
      const shown = messages.filter((m) => !(m.conversation.id === open && isFocused()));
      if (!shown.length || !(await notificationsOn())) return;
      for (const m of shown) await deps.bridge.notify(notificationFor(m)).catch(() => false);
    },
  };
}

const notifiers = new WeakMap<Bridge, InboxNotifier>();
/** The notifier of a bridge, shared by the sync streams' report and the thread view (tests make their own). */
export function inboxNotifierFor(bridge: Bridge): InboxNotifier {
  let n = notifiers.get(bridge);
  if (!n) notifiers.set(bridge, (n = createInboxNotifier({ bridge })));
  return n;
}
