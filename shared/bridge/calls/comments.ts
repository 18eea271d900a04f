// comments/*: the comments of posts and media (with their replies), read with the Page token the host holds.
import { z } from 'zod';
import { Comment, ContentPlatform, pageOf } from '../../models';
import { call } from '../define';
import { GraphNodeId, ObjectNodeId } from '../ids';
import { MAX_MESSAGE_TEXT_LENGTH, messageTextLength } from '../../message-text';
import { MAX_COMMENT_REPLY_LENGTH, MAX_COMMENT_THREADS } from '../limits';

export const CommentPage = pageOf(Comment);

/** A post (`fb`) or medium (`ig`) whose comments are asked for, by native id. */
export const CommentTarget = z.object({ platform: ContentPlatform, nativeId: ObjectNodeId }).strict();
export type CommentTarget = z.infer<typeof CommentTarget>;

/** One target's part of comments/threads: its comments, or why they could not be read (the others still count). */
export const CommentThreadResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), target: CommentTarget, page: CommentPage }),
  z.object({ ok: z.literal(false), target: CommentTarget, code: z.string(), message: z.string() }),
]);
export type CommentThreadResult = z.infer<typeof CommentThreadResult>;

export { MAX_COMMENT_THREADS };

const ReplyText = z
  .string()
  .refine((t) => t.trim().length > 0, 'A reply cannot be empty.')
  .refine((t) => messageTextLength(t) <= MAX_COMMENT_REPLY_LENGTH, 'Replies stop at 2,200 characters.');
const PrivateText = z
  .string()
  .refine((t) => t.trim().length > 0, 'A message cannot be empty.')
  .refine((t) => messageTextLength(t) <= MAX_MESSAGE_TEXT_LENGTH, 'Meta accepts at most 2,000 characters.');

/**
 * One write on a comment (or, for `comments-enabled` and a `reply` without a comment, on the post or medium):
 * a public reply, hide/unhide, delete, like/unlike as the Page (Facebook), one private reply, or turning an
 * Instagram medium's comments on or off.
 */
export const CommentAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reply'), text: ReplyText }).strict(),
  z.object({ kind: z.literal('hide'), hidden: z.boolean() }).strict(),
  z.object({ kind: z.literal('delete') }).strict(),
  z.object({ kind: z.literal('like'), liked: z.boolean() }).strict(),
  z.object({ kind: z.literal('private-reply'), text: PrivateText }).strict(),
  z.object({ kind: z.literal('comments-enabled'), enabled: z.boolean() }).strict(),
]);
export type CommentAction = z.infer<typeof CommentAction>;
export type CommentActionKind = CommentAction['kind'];

/** Where an action goes: the post or medium, and the comment (absent for a reply to the post and comments-enabled). */
export const CommentActRequest = z
  .object({
    accountId: GraphNodeId,
    /** The action queue's entry id: a second call with the same id while the first is in flight joins it. */
    clientId: z.string().min(8).max(100),
    platform: ContentPlatform,
    postNativeId: ObjectNodeId,
    commentNativeId: ObjectNodeId.optional(),
    action: CommentAction,
  })
  .strict();
export type CommentActRequest = z.infer<typeof CommentActRequest>;

/**
 * How an action ended: done (with the reply's id, or the private reply's conversation), or — like a send — retryable
 * (nothing went out), permanent (Meta refused, with its reason), auth (sign in again) or ambiguous (it may have gone
 * out: look it up before anything else).
 */
export const CommentActOutcome = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('done'),
    createdId: z.string().optional(),
    conversationId: z.string().optional(),
  }),
  z.object({ status: z.literal('retryable'), reason: z.string(), retryAfterMs: z.number().nonnegative() }),
  z.object({ status: z.literal('permanent'), reason: z.string(), code: z.string() }),
  z.object({ status: z.literal('auth'), reason: z.string() }),
  z.object({ status: z.literal('ambiguous'), reason: z.string() }),
]);
export type CommentActOutcome = z.infer<typeof CommentActOutcome>;

/**
 * What Graph shows of an action that may have gone out: done (the state asked for is there, or the Page's reply
 * with that text dated after the attempt), not-done (provably not applied: safe to send), or unknown (could not
 * tell now — ask again later, never send).
 */
export const CommentLookup = z.object({
  state: z.enum(['done', 'not-done', 'unknown']),
  createdId: z.string().optional(),
  conversationId: z.string().optional(),
  reason: z.string().optional(),
});
export type CommentLookup = z.infer<typeof CommentLookup>;

export const commentsCalls = {
  'comments/threads': call({
    summary:
      'The newest comments, with their replies, of several posts and media in one call (one Graph batch request), in the order asked.',
    request: z
      .object({
        accountId: GraphNodeId,
        targets: z.array(CommentTarget).min(1).max(MAX_COMMENT_THREADS),
      })
      .strict(),
    response: z.object({ threads: z.array(CommentThreadResult) }),
  }),
  'comments/act': call({
    summary:
      'One write on a comment, post or medium as the Page (reply, hide, delete, like, private reply, comments on/off); never retried by the host.',
    request: CommentActRequest,
    response: CommentActOutcome,
  }),
  'comments/lookup': call({
    summary:
      'Whether an action that may have gone out was applied, read back from Graph (state, or the Page’s reply by text after the attempt).',
    request: z
      .object({
        act: CommentActRequest,
        /** When the renderer first attempted it (local clock). */
        attemptAt: z.number().int().nonnegative(),
        /** Reply ids other actions already own (an earlier identical reply is not this one). */
        taken: z.array(z.string().max(100)).max(200).default([]),
      })
      .strict(),
    response: CommentLookup,
  }),
} as const;
