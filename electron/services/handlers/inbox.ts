// inbox/*: conversations and messages of both platforms, replies, send status and read receipts.
import type { HostParts, NamespaceHandlers } from './types';

/** The inbox/* handlers. */
export function inboxHandlers({ gateway, settings }: HostParts): NamespaceHandlers<'inbox'> {
  return {
    'inbox/conversations': (args) => gateway.conversations(args),
    'inbox/messages': (args) => gateway.messages(args),
    'inbox/messages-batch': (args) => gateway.messagesBatch(args),
    'inbox/send': (req) => gateway.send(req),
    'inbox/send-status': async (args) => gateway.sendStatus(args),
    'inbox/mark-seen': async (args) => {
      if (!settings.get().markSeen) return { ok: false, reason: 'Turned off in Settings.' };
      return gateway.markSeen(args);
    },
  };
}
