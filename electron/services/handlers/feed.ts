// feed/*: the Facebook Page's posts.
import type { HostParts, NamespaceHandlers } from './types';

/** The feed/* handlers. */
export function feedHandlers({ gateway }: HostParts): NamespaceHandlers<'feed'> {
  return {
    'feed/list': (args) => gateway.feed(args),
  };
}
