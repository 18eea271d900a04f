// diagnostics/*: what the Diagnostics screen shows (cache, budgets, redacted log, memory).
import type { HostParts, NamespaceHandlers } from './types';

/** The diagnostics/* handlers. */
export function diagnosticsHandlers({ media, gateway, log }: HostParts): NamespaceHandlers<'diagnostics'> {
  return {
    'diagnostics/get': async () => {
      const m = process.memoryUsage();
      return {
        mediaCache: media.stats(),
        usage: gateway.usage(),
        log: log.lines(),
        memory: { rssBytes: m.rss, heapUsedBytes: m.heapUsed },
      };
    },
  };
}
