// media/*: the on-disk media cache.
import type { HostParts, NamespaceHandlers } from './types';

/** The media/* handlers. */
export function mediaHandlers({ media }: HostParts): NamespaceHandlers<'media'> {
  return {
    'media/clear-cache': async ({ accountId }) => ({ freedBytes: await media.clear(accountId) }),
    'media/cache-stats': async ({ accountId }) => media.accountStats(accountId),
  };
}
