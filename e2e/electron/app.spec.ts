// Launch + security checks against the real Electron app (built with `npm run build`). These run wherever the
// Electron binary exists; on machines where it cannot be downloaded the whole file skips with the reason below.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinaryAvailable, electronBinaryPath } from './electron-binary';
import { isMetaOwnedHost } from '../../shared/security/meta-hosts';

test.skip(
  !electronBinaryAvailable(),
  'Electron binary not installed (it cannot be downloaded on this machine); these specs run where it is',
);

/** The page globals these specs read (the node tsconfig has no DOM types; the functions run in the page). */
type PageGlobals = Record<string, unknown> & {
  duet?: { invoke(name: string, req: unknown): Promise<unknown> } & Record<string, unknown>;
  location: { href: string };
  open(url: string, target: string): unknown;
};

// One worker for the whole file: the build below writes dist-electron/ once, and Electron instances stay few.
test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  // `npm run test:e2e` builds only the renderer; the Electron specs also need main + preload bundles.
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:electron'], {
    stdio: 'inherit',
  });
  expect(existsSync('dist-electron/main.mjs') && existsSync('dist-electron/preload.cjs')).toBe(true);
  expect(existsSync('dist/renderer/index.html')).toBe(true);
});

let app: ElectronApplication;
let page: Page;
let dataDir: string;

test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'duet-electron-e2e-'));
  app = await electron.launch({
    executablePath: electronBinaryPath() ?? undefined,
    args: ['dist-electron/main.mjs'],
    env: { ...process.env, DUET_USER_DATA_DIR: dataDir, DUET_GRAPH_URL: 'http://127.0.0.1:9' },
  });
  // Every request to a real Meta host is refused: nothing in these specs may reach Facebook or Instagram.
  await app.context().route(
    (url) => isMetaOwnedHost(url.hostname),
    (route) => route.abort('blockedbyclient'),
  );
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterEach(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('every window is sandboxed and isolated, with Node integration off', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => {
      // getLastWebPreferences is what Electron's own test-suite uses; it is not in electron.d.ts.
      const wc = w.webContents as unknown as {
        getLastWebPreferences(): Record<string, unknown> | null;
        getURL(): string;
      };
      const p = wc.getLastWebPreferences() ?? {};
      return {
        url: wc.getURL(),
        sandbox: p.sandbox,
        contextIsolation: p.contextIsolation,
        nodeIntegration: p.nodeIntegration,
        nodeIntegrationInSubFrames: p.nodeIntegrationInSubFrames,
        webSecurity: p.webSecurity,
        webviewTag: p.webviewTag,
      };
    }),
  );
  expect(prefs.length).toBeGreaterThan(0);
  for (const p of prefs) {
    expect(p).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
  }
  expect(prefs[0]!.url).toMatch(/^app:\/\/duet\//);
});

test('the page sees window.duet (functions only) and no Node or Electron', async () => {
  const globals = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    const duet = w.duet;
    return {
      duetKeys: duet ? Object.keys(duet).sort() : null,
      invokeType: typeof duet?.invoke,
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      Buffer: typeof w.Buffer,
      ipcRenderer: typeof w.ipcRenderer,
    };
  });
  expect(globals).toEqual({
    duetKeys: ['invoke', 'on'],
    invokeType: 'function',
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
    ipcRenderer: 'undefined',
  });
});

test('a bridge call works, and a bad payload gets a clear validation error', async () => {
  const info = (await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).duet!.invoke('app/info', {}),
  )) as { host: string };
  expect(info.host).toBe('electron');
  const error = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).duet!.invoke('app/set-badge', { count: 'lots' }).then(
      () => 'no error',
      (e: Error) => e.message,
    ),
  );
  expect(error).toContain('invalid-request');
});

test('navigation to a foreign origin is blocked', async () => {
  const before = page.url();
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    g.__stillHere = true;
    g.location.href = 'https://example.com/';
  });
  // Give a navigation that was NOT blocked time to commit; a blocked one leaves the same document in place.
  await page.waitForTimeout(1000);
  expect(page.url()).toBe(before);
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__stillHere)).toBe(true);
  const mainUrl = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows()[0]?.webContents.getURL(),
  );
  expect(mainUrl).toMatch(/^app:\/\/duet\//);
});

test('window.open is denied', async () => {
  const opened = await page.evaluate(
    () => (globalThis as unknown as PageGlobals).open('https://example.com/', '_blank') === null,
  );
  expect(opened).toBe(true);
  const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
  expect(windows).toBe(1);
});
