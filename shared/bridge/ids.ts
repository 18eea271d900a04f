// The shapes of the ids a bridge call takes. Every id the host pastes into a Graph path is one of these, so a crafted
// id (`123/feed?message=x&method=post#`) is refused by the contract before any handler runs. Shapes from Meta's
// documented samples (shared/test/meta-samples.ts) and the sandbox's generators (sandbox/world.ts).
import { z } from 'zod';

/**
 * A Graph node id: Page ids, Instagram user ids, PSIDs and IGSIDs (recipients) are all decimal digits.
 * https://developers.facebook.com/docs/graph-api/overview — ids are numeric strings.
 */
export const GraphNodeId = z
  .string()
  .regex(/^\d{1,32}$/, 'This is not a Facebook or Instagram id (digits only).');

/**
 * A conversation id: Messenger's `t_<digits>`, Instagram's base64url-like thread ids (`aWdfZAG06…`). Letters, digits,
 * `_` and `-`, with at most two `=` of padding at the end; nothing that can end or extend a URL path.
 */
export const ConversationId = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'This is not a conversation id.');

/**
 * A post or comment id: digits, or two digit groups joined by `_` (Page posts are `<page>_<post>`, Facebook comments
 * `<post>_<comment>`; Instagram media and comments are plain digits).
 */
export const ObjectNodeId = z.string().regex(/^\d{1,32}(?:_\d{1,32})?$/, 'This is not a post or comment id.');

/** Table of shapes, for tests and docs: which field of which call is which id. */
export const ID_SHAPES = { GraphNodeId, ConversationId, ObjectNodeId } as const;
