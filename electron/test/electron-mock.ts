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

/** The mocked `electron` module used by every node-side unit test (see setup.ts). */
export const electronMock = {
  app: {
    getVersion: vi.fn(() => '0.0.0-test'),
    getPath: vi.fn(() => '/tmp/duet-test'),
    on: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    setBadgeCount: vi.fn(() => true),
    quit: vi.fn(),
  },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  contextBridge: { exposeInMainWorld: vi.fn() },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  safeStorage: {
    isEncryptionAvailable: vi.fn(() => true),
    encryptString: vi.fn((s: string) => Buffer.from(`enc:${s}`)),
    decryptString: vi.fn((b: Buffer) => b.toString().replace(/^enc:/, '')),
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(true)),
    encryptStringAsync: vi.fn((s: string) => Promise.resolve(Buffer.from(`enc:${s}`))),
    decryptStringAsync: vi.fn((b: Buffer) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) return Promise.reject(new Error('Error while decrypting the ciphertext provided'));
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
