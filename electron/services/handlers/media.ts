// media/*: the on-disk media cache.
import type { HostParts, NamespaceHandlers } from './types';

/** The media/* handlers. */
export function mediaHandlers({ media }: HostParts): NamespaceHandlers<'media'> {
  return {
    'media/clear-cache': async () => ({ freedBytes: await media.clear() }),
  };
}
