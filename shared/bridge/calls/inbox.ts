// inbox/*: Messenger and Instagram Direct conversations, messages and the Send API.
import { z } from 'zod';
import { Conversation, Message, MessagingPlatform, pageOf } from '../../models';
import { call } from '../define';
import { ConversationId, GraphNodeId } from '../ids';
import { cursor, limit } from './paging';
import { MAX_MESSAGE_TEXT_LENGTH, messageTextLength } from '../../message-text';
import { MAX_MESSAGES_BATCH } from '../limits';

// Ids that end up in Graph paths or the Send API's recipient: checked by shape (shared/bridge/ids.ts); the host
// then checks that they belong to the signed-in Page (gateway.ts).
const accountId = GraphNodeId;

export const ConversationPage = pageOf(Conversation);
export const MessagePage = pageOf(Message);

/** Meta's clock as the host measured it (Date headers): Meta's time ≈ local + offsetMs, within toleranceMs. */
export const ClockHint = z.object({ offsetMs: z.number(), toleranceMs: z.number().nonnegative() });
export type ClockHint = z.infer<typeof ClockHint>;

/** inbox/messages: the page plus the host's reading of Meta's clock (absent until Meta has answered once). */
export const ThreadPage = MessagePage.extend({ clock: ClockHint.optional() });

export { MAX_MESSAGES_BATCH };

/** One conversation's part of inbox/messages-batch: its page, or why it could not be read (the others still count). */
export const ThreadResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), conversationId: ConversationId, page: MessagePage }),
  z.object({ ok: z.literal(false), conversationId: ConversationId, code: z.string(), message: z.string() }),
]);
export type ThreadResult = z.infer<typeof ThreadResult>;

/**
 * How a send ended, as the outbox needs to know it:
 * - sent: Meta accepted it (message id adopted);
 * - retryable: provably not delivered (the request never went out, throttling, transient codes);
 * - permanent: refused (outside the reply window, invalid recipient, permission) — never retried silently;
 * - auth: the token is expired/revoked (190) — pause the queue, drop nothing;
 * - ambiguous: the request went out but no answer came back — reconcile against the thread before any retry.
 */
export const SendOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('sent'), messageId: z.string(), sentAt: z.number() }),
  z.object({ status: z.literal('retryable'), reason: z.string(), retryAfterMs: z.number().nonnegative() }),
  z.object({ status: z.literal('permanent'), reason: z.string(), code: z.string() }),
  z.object({ status: z.literal('auth'), reason: z.string() }),
  z.object({ status: z.literal('ambiguous'), reason: z.string() }),
]);
export type SendOutcome = z.infer<typeof SendOutcome>;

export const SendRequest = z
  .object({
    accountId,
    platform: MessagingPlatform,
    /** The outbox entry id; the host remembers in-flight and finished sends by it (see inbox/send-status). */
    clientId: z.string().min(8).max(100),
    conversationId: ConversationId,
    recipientId: GraphNodeId,
    text: z
      .string()
      .min(1, 'A message cannot be empty.')
      .refine(
        (t) => messageTextLength(t) <= MAX_MESSAGE_TEXT_LENGTH,
        'Meta accepts at most 2,000 characters.',
      ),
    /** HUMAN_AGENT extends the reply window from 24 h to 7 days. */
    tag: z.literal('HUMAN_AGENT').optional(),
  })
  .strict();
export type SendRequest = z.infer<typeof SendRequest>;

export const inboxCalls = {
  'inbox/conversations': call({
    summary: 'One page of conversations of one platform, most recently active first.',
    request: z
      .object({
        accountId,
        platform: MessagingPlatform,
        after: cursor,
        limit,
      })
      .strict(),
    response: ConversationPage,
  }),
  'inbox/messages': call({
    summary: 'The messages Meta still returns for a conversation (its 20 newest), newest first.',
    request: z.object({ accountId, platform: MessagingPlatform, conversationId: ConversationId }).strict(),
    response: ThreadPage,
  }),
  'inbox/messages-batch': call({
    summary:
      'The newest messages of several conversations (of both platforms) in one call, in the order asked; the host asks Graph for 50 at a time.',
    request: z
      .object({
        accountId,
        conversations: z
          .array(z.object({ platform: MessagingPlatform, conversationId: ConversationId }).strict())
          .min(1)
          .max(MAX_MESSAGES_BATCH),
      })
      .strict(),
    response: z.object({
      threads: z.array(ThreadResult),
      clock: ClockHint.optional(),
    }),
  }),
  'inbox/send': call({
    summary: 'Sends one reply through the Send API. Never retried by the host; the outbox decides.',
    request: SendRequest,
    response: SendOutcome,
  }),
  'inbox/send-status': call({
    summary:
      'What the host knows of a send by clientId: unknown, not sent (provably never began), still in flight, in doubt (in flight when the host stopped), or finished with an outcome.',
    request: z
      .object({
        clientId: z.string().min(8).max(100),
        /** When the renderer attempted it (local clock): lets the host say "not-sent" (it never began it). */
        attemptAt: z.number().int().nonnegative().optional(),
      })
      .strict(),
    response: z.object({
      state: z.enum(['unknown', 'not-sent', 'in-flight', 'in-doubt', 'done']),
      outcome: SendOutcome.optional(),
    }),
  }),
  'inbox/mark-seen': call({
    summary: 'Sends the mark_seen sender action for a conversation.',
    request: z.object({ accountId, platform: MessagingPlatform, recipientId: GraphNodeId }).strict(),
    response: z.object({ ok: z.boolean(), reason: z.string().optional() }),
  }),
} as const;
