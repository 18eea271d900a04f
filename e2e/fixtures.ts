// Playwright fixtures: every test gets its own Graph sandbox, its own browser host with a fresh data folder, and a
// page on which every real Meta host is blocked (tests can never reach Meta).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { isMetaOwnedHost } from '../shared/security/meta-hosts';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../sandbox/index';
import { sandboxControl } from '../sandbox/test/control';
import { browserPlatformBase } from '../electron/browser-host/platform';
import { startBrowserHost, type BrowserHost, type BrowserHostOptions } from '../electron/browser-host/server';
import { createHostCore } from '../electron/services/index';

/** Real Meta hosts (shared/security/meta-hosts.ts): every request to them is aborted in every e2e test. */
export const META_HOSTS = (url: URL): boolean => isMetaOwnedHost(url.hostname);

/**
 * The test build of the renderer (`npm run build:renderer` makes it beside dist/renderer, from
 * renderer/src/test/test-entry.tsx): the app plus the page's test hook (renderer/src/test/test-hook.ts). Only specs
 * that drive the hook load it; every other spec loads the product build, dist/renderer.
 */
export const TEST_RENDERER_DIR = resolve('dist-test/renderer');

/** Calls the sandbox's control API (one definition for every test: sandbox/test/control.ts). */
export { sandboxControl };

/** How every e2e host is wired: this test's sandbox for Graph, the login dialog and the demo; a data folder. */
export function hostOptions(
  sandbox: SandboxHandle,
  dataDir: string,
  hostEnv: Record<string, string> = {},
): BrowserHostOptions {
  // The app talks to this test's sandbox for Graph and the login dialog (tests may override).
  const env = {
    DUET_APP_ID: '1234567890',
    DUET_GRAPH_URL: sandbox.url,
    DUET_LOGIN_URL: sandbox.url,
    ...hostEnv,
  };
  return {
    rendererDir: resolve('dist/renderer'),
    platform: browserPlatformBase(join(dataDir, 'host'), env),
    // The demo signs in against this test's sandbox (instead of starting its own) so the test can drive it.
    createCore: (platform) =>
      createHostCore(platform, { startSandbox: async () => ({ url: sandbox.url, close: async () => {} }) }),
  };
}

type Fixtures = {
  sandboxOptions: SandboxOptions;
  hostEnv: Record<string, string>;
  /** Focused poll interval the app uses in tests (ms). */
  pollMs: number;
  sandbox: SandboxHandle;
  dataDir: string;
  host: BrowserHost;
  /** The app, opened and signed out. */
  app: Page;
};

export const test = base.extend<Fixtures>({
  sandboxOptions: [{ seed: 42, scale: 'small', live: false }, { option: true }],
  hostEnv: [{}, { option: true }],
  pollMs: [2000, { option: true }],

  sandbox: async ({ sandboxOptions }, use) => {
    const sandbox = await startSandbox(sandboxOptions);
    await use(sandbox);
    await sandbox.close();
  },

  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },

  host: async ({ sandbox, dataDir, hostEnv }, use) => {
    const host = await startBrowserHost(hostOptions(sandbox, dataDir, hostEnv));
    await use(host);
    await host.close();
  },

  context: async ({ context }, use) => {
    await context.route(META_HOSTS, (route) => route.abort('blockedbyclient'));
    await use(context);
  },

  app: async ({ page, host, pollMs }, use) => {
    // The link's one-time code is exchanged for the session cookie and redirected away (…/?pollMs=…).
    await page.goto(`${host.url}&pollMs=${pollMs}`);
    await use(page);
  },
});

/** Signs in with the demo in one click and waits for the main window. */
export async function signInDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
}

export { expect };
