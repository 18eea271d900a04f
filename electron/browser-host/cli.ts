// `npm run start:browser`: the full app in your browser, on 127.0.0.1 only. Demo mode needs no configuration.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createHostCore } from '../services/index';
import { ENDPOINT_SOURCES } from '../services/session/settings';
import { browserPlatformBase } from './platform';
import { startBrowserHost } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.DUET_PORT ?? '0' },
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

const host = await startBrowserHost({
  port: Number(values.port),
  rendererDir,
  platform: browserPlatformBase(resolve(values['data-dir']), env),
  createCore: createHostCore,
  log: values.verbose ? (line) => console.log(`[duet] ${line}`) : undefined,
});

console.log(`\nDuet is running at ${host.url}\n`);
console.log('Open that link in Chromium, Chrome, Edge or Firefox (it carries this launch’s access key).');
console.log(`Data folder: ${resolve(values['data-dir'])}`);
console.log('Press Ctrl+C to stop.\n');

const stop = async () => {
  await host.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
