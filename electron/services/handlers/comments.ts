// comments/*: comments of posts and media with their replies, and the Page's writes on them (the Page token is
// chosen by the gateway).
import type { HostParts, NamespaceHandlers } from './types';

/** The comments/* handlers. */
export function commentsHandlers({ gateway }: HostParts): NamespaceHandlers<'comments'> {
  return {
    'comments/threads': (args) => gateway.commentThreads(args),
    'comments/act': (args) => gateway.commentAct(args),
    'comments/lookup': (args) => gateway.commentLookup(args),
  };
}
