// comments/*: the comments of posts and media (with their replies), read with the Page token the host holds.
import { z } from 'zod';
import { Comment, ContentPlatform, pageOf } from '../../models';
import { call } from '../define';
import { GraphNodeId, ObjectNodeId } from '../ids';
import { MAX_COMMENT_THREADS } from '../limits';

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
} as const;
