// A minimal typed stand-in for the `electron` module; tests extend it where they need more.
import { vi } from 'vitest';

/** A tiny event emitter with Electron's `on/once/emit` shape, for mocked app, windows and webContents. */
export function fakeEmitter() {
  const listeners = new Map<string, Array<(...args: unknown[]) => unknown>>();
  return {
    listeners,
    on: vi.fn((event: string, l: (...args: unknown[]) => unknown) => {
      listeners.set(event, [...(listeners.get(event) ?? []), l]);
    }),
    once: vi.fn((event: string, l: (...args: unknown[]) => unknown) => {
      listeners.set(event, [...(listeners.get(event) ?? []), l]);
    }),
    /** Calls every listener of `event` with `args` (test helper). */
    emit(event: string, ...args: unknown[]) {
      for (const l of listeners.get(event) ?? []) l(...args);
    },
  };
}

/** A stand-in webContents: records listeners (fire them with `emit`) and the window-open handler. */
export function fakeWebContents(id: number, url = 'app://duet/index.html') {
  return {
    ...fakeEmitter(),
    id,
    url,
    mainFrame: { url, parent: null, processId: 1, routingId: id },
    openHandler: null as null | ((details: { url: string }) => { action: string }),
    setWindowOpenHandler: vi.fn(function (this: { openHandler: unknown }, h: unknown) {
      this.openHandler = h;
    }),
    getURL() {
      return this.url;
    },
    isDestroyed: () => false,
    send: vi.fn(),
    getUserAgent: () => 'Mozilla/5.0 Chrome/140 Electron/45.5.0',
    setUserAgent: vi.fn(),
  };
}

let nextWebContentsId = 1;
const allWindows: FakeBrowserWindow[] = [];

/** A stand-in BrowserWindow; `BrowserWindow.getAllWindows()` lists the ones a test created. */
export class FakeBrowserWindow {
  static getAllWindows = vi.fn(() => [...allWindows]);
  /** Test helper: forget every window created so far. */
  static reset() {
    allWindows.length = 0;
  }
  options: Record<string, unknown>;
  webContents = fakeWebContents(nextWebContentsId++);
  private events = fakeEmitter();
  on = this.events.on;
  once = this.events.once;
  emit = this.events.emit;
  loadURL = vi.fn(() => Promise.resolve());
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  maximize = vi.fn();
  close = vi.fn();
  setProgressBar = vi.fn();
  isMinimized = vi.fn(() => false);
  isMaximized = vi.fn(() => false);
  isDestroyed = vi.fn(() => false);
  getNormalBounds = vi.fn(() => ({ x: 0, y: 0, width: 1280, height: 800 }));
  constructor(options: Record<string, unknown> = {}) {
    this.options = options;
    allWindows.push(this);
    electronMock.app.emit('web-contents-created', {}, this.webContents);
  }
}

function fakeSession() {
  return { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
}

const appEvents = fakeEmitter();

/** The mocked `electron` module used by every node-side unit test (see setup.ts). */
export const electronMock = {
  app: {
    name: 'Duet',
    /** Unit tests run unpackaged, like `npm start`: no update check. */
    isPackaged: false,
    getVersion: vi.fn(() => '0.0.0-test'),
    getPath: vi.fn(() => '/tmp/duet-test'),
    setPath: vi.fn(),
    on: appEvents.on,
    emit: appEvents.emit,
    listeners: appEvents.listeners,
    whenReady: vi.fn(() => Promise.resolve()),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    setBadgeCount: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
  },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: fakeSession(), fromPartition: vi.fn((_name: string) => fakeSession()) },
  screen: {
    getPrimaryDisplay: vi.fn(() => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } })),
    getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]),
  },
  BrowserWindow: FakeBrowserWindow,
  Tray: vi.fn(function (this: Record<string, unknown>) {
    Object.assign(this, fakeEmitter(), { setToolTip: vi.fn() });
  }),
  nativeImage: { createFromDataURL: vi.fn((url: string) => ({ url })) },
  Menu: {
    buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
    setApplicationMenu: vi.fn(),
  },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  contextBridge: { exposeInMainWorld: vi.fn() },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  /** Native message boxes answer "Cancel" (button 0) unless a test says otherwise. */
  dialog: {
    showMessageBox: vi.fn((..._args: unknown[]) => Promise.resolve({ response: 0, checkboxChecked: false })),
    /** Save dialogs are closed without a choice unless a test says otherwise. */
    showSaveDialog: vi.fn((..._args: unknown[]) =>
      Promise.resolve({ canceled: true as boolean, filePath: undefined as string | undefined }),
    ),
  },
  safeStorage: {
    isEncryptionAvailable: vi.fn(() => true),
    encryptString: vi.fn((s: string) => Buffer.from(`enc:${s}`)),
    decryptString: vi.fn((b: Buffer) => b.toString().replace(/^enc:/, '')),
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(true)),
    encryptStringAsync: vi.fn((s: string) => Promise.resolve(Buffer.from(`enc:${s}`))),
    decryptStringAsync: vi.fn((b: Buffer) => {
      const text = b.toString();
      if (!text.startsWith('enc:'))
        return Promise.reject(new Error('Error while decrypting the ciphertext provided'));
      return Promise.resolve({ result: text.slice(4), shouldReEncrypt: false });
    }),
    getSelectedStorageBackend: vi.fn((): string => 'gnome_libsecret'),
  },
  Notification: Object.assign(
    vi.fn(function (this: Record<string, unknown>, options: { title: string; body: string }) {
      Object.assign(this, fakeEmitter(), { options, show: vi.fn(), close: vi.fn() });
    }),
    { isSupported: vi.fn(() => true) },
  ),
};
