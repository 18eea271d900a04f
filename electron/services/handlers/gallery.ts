// gallery/*: the Instagram account's media and stories.
import type { HostParts, NamespaceHandlers } from './types';

/** The gallery/* handlers. */
export function galleryHandlers({ gateway }: HostParts): NamespaceHandlers<'gallery'> {
  return {
    'gallery/list': (args) => gateway.gallery(args),
    'gallery/stories': (args) => gateway.stories(args),
  };
}
