// `npm run start:browser`: the full app in your browser, on 127.0.0.1 only. Demo mode needs no configuration.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { redact } from '../../shared/security/redact';
import { createHostCore } from '../services/index';
import { ENDPOINT_SOURCES } from '../services/session/settings';
import { browserPlatformBase } from './platform';
import { launchBrowserHost, parsePortOption, PortInUseError } from './port-memory';

const { values } = parseArgs({
  options: {
    // Not given: the port remembered for the data folder (else a free one, then remembered). See port-memory.ts.
    port: { type: 'string', default: process.env.DUET_PORT },
    'data-dir': {
      type: 'string',
      default: process.env.DUET_DATA_DIR ?? join(homedir(), '.duet', 'browser-host'),
    },
    'renderer-dir': { type: 'string', default: resolve('dist/renderer') },
    verbose: { type: 'boolean', default: false },
    // Where tokens go: in the browser host only these flags (or DUET_GRAPH_URL, DUET_LOGIN_URL,
    // DUET_TOKEN_BROKER_URL) set them; the page cannot (see docs/security.md).
    'graph-url': { type: 'string' },
    'login-url': { type: 'string' },
    'token-broker-url': { type: 'string' },
  },
});

const env: Record<string, string | undefined> = { ...process.env };
for (const { flag, env: name } of Object.values(ENDPOINT_SOURCES)) {
  const value = values[flag.slice(2) as 'graph-url' | 'login-url' | 'token-broker-url'];
  if (value !== undefined) env[name] = value;
}

const rendererDir = resolve(values['renderer-dir']);
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error(`The renderer is not built (${rendererDir}). Run \`npm run build:renderer\` first.`);
  process.exit(1);
}

// Last resort only: every request path catches its own errors (server.ts). Should something still escape, one local
// web page must not be able to stop Duet for the user, so it is logged (message only) and the host keeps serving.
const lastResort = (reason: unknown) =>
  console.error(
    `[duet] unexpected error (still running): ${redact(reason instanceof Error ? reason.message : String(reason))}`,
  );
process.on('uncaughtException', lastResort);
process.on('unhandledRejection', lastResort);

const fail = (message: string): never => {
  console.error(`\n${message}\n`);
  process.exit(1);
};
let port: number | undefined;
try {
  port = parsePortOption(values.port);
} catch (error) {
  fail((error as Error).message);
}
let launched: Awaited<ReturnType<typeof launchBrowserHost>>;
try {
  launched = await launchBrowserHost({
    port,
    rendererDir,
    platform: browserPlatformBase(resolve(values['data-dir']), env),
    createCore: createHostCore,
    log: values.verbose ? (line) => console.log(`[duet] ${line}`) : undefined,
  });
} catch (error) {
  if (!(error instanceof PortInUseError)) throw error;
  launched = fail(error.message);
}
const { host, movedFrom } = launched;

console.log(`\nDuet is running at ${host.url}\n`);
console.log(
  'Open that link in Chromium, Chrome, Edge or Firefox. It works once: it signs this browser in to this',
);
console.log(
  'run of Duet and then leaves the address bar. Press Enter here for a new link (another browser, or a',
);
console.log('window where the link was already used).');
if (movedFrom !== undefined) {
  console.log(
    `\nDuet moved from port ${movedFrom} to ${host.port} (--port). What the browser kept for Duet at the old`,
  );
  console.log(
    `address, including replies waiting to be sent, appears again when Duet runs with --port ${movedFrom}.`,
  );
}
console.log(`\nData folder: ${resolve(values['data-dir'])}`);
console.log('Press Ctrl+C to stop.\n');

// Enter (any line on stdin) prints a fresh one-time link.
createInterface({ input: process.stdin }).on('line', () =>
  console.log(`New link (works once): ${host.launchUrl()}\n`),
);

const stop = async () => {
  await host.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
