// `npm run soak`: ≥1,000 replies across ≥50 conversations on both platforms through the real app (browser host +
// Chromium) against the sandbox with ≥20% injected Send API faults, a token expiry, a reload every ~100 sends (every second one
// also restarts the host on the same origin), Meta's clock 4 min behind and 25 inbound messages per conversation
// while the app is down.
// Prints sent / lost / duplicated / out-of-order / stuck from the sandbox's delivery ledger; exits 1 on any loss.
// Options (env): SOAK_SENDS (1000), SOAK_CONVERSATIONS (60), SOAK_RELOAD_EVERY (100), SOAK_FAULT_RATE (0.25).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startSandbox } from '../../sandbox/index';
import { browserPlatformBase } from '../../electron/browser-host/platform';
import { startBrowserHost } from '../../electron/browser-host/server';
import { createHostCore } from '../../electron/services/index';
import { META_HOSTS, TEST_RENDERER_DIR } from '../fixtures';
import { CHROMIUM_ARGS, resolveChromium } from '../support/chromium';
import { prepareSoakConversations, runSoak, soakPassed } from './soak';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

async function main() {
  const sends = num('SOAK_SENDS', 1000);
  const conversations = num('SOAK_CONVERSATIONS', 60);
  const reloadEvery = num('SOAK_RELOAD_EVERY', 100);
  const faultRate = num('SOAK_FAULT_RATE', 0.25);
  const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

  const sandbox = await startSandbox({ seed: 4242, scale: 'small', live: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'duet-soak-'));
  const hostOptions = {
    // The test build: its page has the hook the soak sends through.
    rendererDir: TEST_RENDERER_DIR,
    platform: browserPlatformBase(join(dataDir, 'host'), {
      DUET_DEMO_SANDBOX_URL: sandbox.url,
      DUET_APP_ID: '1234567890',
    }),
    createCore: (platform: Parameters<typeof createHostCore>[0]) =>
      createHostCore(platform, { startSandbox: async () => ({ url: sandbox.url, close: async () => {} }) }),
  };
  let host = await startBrowserHost(hostOptions);
  // Every second reload stops the host and starts a new one on the same data folder and port (the same origin).
  const restartHost = async () => {
    const port = host.port;
    await host.close();
    host = await startBrowserHost({ ...hostOptions, port });
    return host.url;
  };
  const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });
  let code: number;
  try {
    const { ids } = await prepareSoakConversations(sandbox, conversations);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route(META_HOSTS, (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    await page.goto(`${host.url}&pollMs=2000`);
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await page.getByRole('navigation', { name: 'Views' }).waitFor({ timeout: 120_000 });
    log(`signed in; ${sends} sends over ${conversations} conversations, fault rate ${faultRate}`);
    const r = await runSoak(page, sandbox, ids, {
      restartHost,
      sends,
      conversations,
      reloadEvery,
      faultRate,
      drainTimeoutMs: 15 * 60_000,
      log,
    });
    console.log(JSON.stringify(r, null, 2));
    console.log(
      `faults=${JSON.stringify(r.faultsFired)} (${Math.round(r.faultShare * 100)}% of Send API calls)\n` +
        `sent=${r.sent} lost=${r.lost} duplicated=${r.duplicated} out-of-order=${r.outOfOrder} stuck=${r.stuck} failed=${r.failed}` +
        ` unconfirmed=${r.unconfirmedDelivered} delivered + ${r.unconfirmedNotDelivered} not delivered (both shown to the user)` +
        ` (sends=${r.sends}, conversations=${r.conversations}, reloads=${r.reloads}, host restarts=${r.hostRestarts}, drain=${Math.round(r.drainMs / 1000)} s, total=${Math.round(r.elapsedMs / 1000)} s)`,
    );
    code = soakPassed(r) ? 0 : 1;
    if (code) console.error('SOAK FAILED');
  } finally {
    await browser.close().catch(() => undefined);
    await host.close().catch(() => undefined);
    await sandbox.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(code);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
