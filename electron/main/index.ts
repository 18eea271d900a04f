// Electron main bootstrap. Thin on purpose: it wires the small tested modules of this folder (security, hardening,
// protocols, IPC, window state, vault, login window, platform, menu, updater) to Electron and hands the platform to the
// host-independent services (createHostCore). Rules for what goes where: electron/README.md.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
  type WebContents,
} from 'electron';
import Store from 'electron-store';
import electronUpdater from 'electron-updater';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHostCore } from '../services/index';
import type { HostCore } from '../services/types';
import { createAppProtocolHandler } from './app-protocol';
import { hardenWebContents, installPermissionHandlers, type NavigationPolicy } from './hardening';
import { registerBridge } from './ipc';
import { LOGIN_PARTITION, runLoginWindow } from './login-window';
import { createMediaProtocolHandler } from './media-protocol';
import { appMenuTemplate } from './menu';
import { createElectronPlatform, storeAdapter } from './platform';
import { createSafeStorageVault } from './safe-storage-vault';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  hardenedWebPreferences,
  isAppUrl,
  isTrustedSender,
  MEDIA_SCHEME,
} from './security';
import { TRAY_ICON_PNG_BASE64 } from './tray-icon';
import { setupUpdater } from './updater';
import { clampToScreen, DEFAULT_WINDOW_STATE, trackWindowState, type WindowState } from './window-state';

const here = dirname(fileURLToPath(import.meta.url)); // dist-electron/
const rendererRoot = join(here, '..', 'dist', 'renderer');
const preloadPath = join(here, 'preload.cjs');

// Checklist item 4: every renderer sandboxed, whatever a window's own options say.
app.enableSandbox();

// Tests (e2e/electron) give each launch a fresh data folder; must be set before 'ready'.
if (process.env.DUET_USER_DATA_DIR) app.setPath('userData', process.env.DUET_USER_DATA_DIR);

// Schemes must be registered before 'ready'. `app` is a standard, secure origin (localStorage, IndexedDB and fetch
// work as on https); `duet-media` only streams bytes and does not bypass the CSP.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  {
    scheme: MEDIA_SCHEME,
    privileges: { secure: true, stream: true, supportFetchAPI: true, bypassCSP: false },
  },
]);

let mainWindow: BrowserWindow | null = null;
let core: HostCore | null = null;
let tray: Tray | null = null;
/** Per-webContents navigation policies (the login window registers one); everything else: app origin only. */
const policies = new Map<number, NavigationPolicy>();

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    createMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createMainWindow(): BrowserWindow {
  const store = configStore();
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state = clampToScreen(store.get('window'), workAreas);
  const win = new BrowserWindow({
    ...state,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Duet',
    backgroundColor: '#111318',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, (s: WindowState) => store.set('window', s));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
  mainWindow = win;
  return win;
}

let config: Store<{ window: WindowState } & Record<string, unknown>> | null = null;
function configStore() {
  config ??= new Store<{ window: WindowState } & Record<string, unknown>>({
    name: 'config',
    defaults: { window: DEFAULT_WINDOW_STATE },
  });
  return config;
}

async function main(): Promise<void> {
  // Single instance: a second launch focuses the running window (two processes would fight over IndexedDB and the vault).
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => focusMainWindow());

  app.on('web-contents-created', (_event, contents: WebContents) => {
    hardenWebContents(contents, {
      policyFor: () => policies.get(contents.id) ?? ((url) => isAppUrl(url)),
      openExternal: (url) => shell.openExternal(url),
    });
  });

  await app.whenReady();

  installPermissionHandlers(session.defaultSession);
  installPermissionHandlers(session.fromPartition(LOGIN_PARTITION));
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: rendererRoot }));

  const vault = await createSafeStorageVault(
    safeStorage,
    new Store<{ credentials?: string }>({ name: 'vault' }) as never,
  );
  const platform = createElectronPlatform({
    appVersion: app.getVersion(),
    dataDir: app.getPath('userData'),
    versions: {
      electron: process.versions.electron,
      chrome: process.versions.chrome,
      node: process.versions.node,
    },
    env: process.env,
    store: storeAdapter(configStore() as never),
    vault,
    windows: () => BrowserWindow.getAllWindows(),
    focusMainWindow,
    openExternal: (url) => shell.openExternal(url),
    // Modal to the main window, so it is clearly Duet asking (and the page can't be used meanwhile).
    showMessageBox: (options) =>
      mainWindow && !mainWindow.isDestroyed()
        ? dialog.showMessageBox(mainWindow, options)
        : dialog.showMessageBox(options),
    showSaveDialog: (options) =>
      mainWindow && !mainWindow.isDestroyed()
        ? dialog.showSaveDialog(mainWindow, options)
        : dialog.showSaveDialog(options),
    downloadsDir: app.getPath('downloads'),
    notification: {
      isSupported: () => Notification.isSupported(),
      create: (o) => new Notification({ title: o.title, body: o.body }),
    },
    setBadgeCount: (n) => app.setBadgeCount(n),
    setTrayTooltip: (text) => tray?.setToolTip(text),
    runLoginWindow: (url, isDone) =>
      runLoginWindow(
        {
          createWindow: (options) => new BrowserWindow(options),
          setPolicy: (contents, policy) => {
            const id = (contents as WebContents).id;
            if (policy) policies.set(id, policy);
            else policies.delete(id);
          },
          parent: mainWindow ?? undefined,
        },
        url,
        isDone,
      ),
  });

  core = await createHostCore(platform);
  protocol.handle(MEDIA_SCHEME, createMediaProtocolHandler(core.media));
  registerBridge(ipcMain, core.handlers, (event) =>
    isTrustedSender(event.senderFrame, mainWindow?.webContents),
  );

  tray = new Tray(nativeImage.createFromDataURL(`data:image/png;base64,${TRAY_ICON_PNG_BASE64}`));
  tray.setToolTip('Duet');
  tray.on('click', () => focusMainWindow());

  const updates = setupUpdater({
    // A getter: electron-updater builds its platform updater on first access, which only a packaged run reaches.
    updater: () => electronUpdater.autoUpdater,
    enabled: app.isPackaged,
    appVersion: app.getVersion(),
    readFeedConfig: async () => readFile(join(process.resourcesPath, 'app-update.yml'), 'utf8'),
    ask: async (options) => {
      const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
      return (await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))).response;
    },
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    setProgress: (fraction) => mainWindow?.setProgressBar(fraction ?? -1),
    log: (line) => console.info(line),
    schedule: (fn, ms) => void setTimeout(fn, ms).unref(),
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        appName: app.name,
        checkForUpdates: () => void updates.checkNow(),
        runCommand: (id) => platform.emit('app/command-chosen', { id }),
      }),
    ),
  );

  // The start check waits for the window to show, then a little longer (never part of start-up).
  createMainWindow().once('show', () => updates.checkOnStart());

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void core?.dispose();
  });
}

main().catch((error: unknown) => {
  console.error('[duet] failed to start:', error instanceof Error ? error.message : error);
  app.exit(1);
});
