// A browser-host core signed against a running sandbox, for the host's integration tests: one data folder of its
// own, the sandbox as Graph and login dialog, no window around it (emit, notify and badge go nowhere).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserPlatformBase } from '../browser-host/platform';
import { createHostCore } from '../services/index';

/** A host core whose Graph is the sandbox at `sandboxUrl`; `fetch` (optional) sees every request it sends. */
export function hostAgainstSandbox(sandboxUrl: string, opts: { prefix: string; fetch?: typeof fetch }) {
  return createHostCore(
    {
      ...browserPlatformBase(mkdtempSync(join(tmpdir(), opts.prefix)), {
        DUET_GRAPH_URL: sandboxUrl,
        DUET_LOGIN_URL: sandboxUrl,
        DUET_APP_ID: '1234567890123456',
      }),
      kind: 'browser',
      emit: () => undefined,
      openExternal: async () => true,
      notify: () => false,
      setBadge: () => false,
    },
    opts.fetch ? { fetch: opts.fetch } : {},
  );
}
