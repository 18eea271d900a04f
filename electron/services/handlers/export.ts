// export/*: the export archive of one account (services/export).
import type { HostParts, NamespaceHandlers } from './types';

/** The export/* handlers. */
export function exportHandlers({ exports }: HostParts): NamespaceHandlers<'export'> {
  return {
    'export/begin': ({ accountId }) => exports.begin(accountId),
    'export/append': ({ exportId, kind, rows }) => exports.append(exportId, kind, rows),
    'export/add-media': ({ exportId, keys }) => exports.addMedia(exportId, keys),
    'export/finish': ({ exportId }) => exports.finish(exportId),
    'export/cancel': ({ exportId }) => exports.cancel(exportId),
  };
}
