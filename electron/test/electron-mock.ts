// A minimal typed stand-in for the `electron` module; tests extend it where they need more.
import { vi } from 'vitest';

/** The mocked `electron` module used by every node-side unit test (see setup.ts). */
export const electronMock = {
  app: {
    getVersion: vi.fn(() => '0.0.0-test'),
    getPath: vi.fn(() => '/tmp/duet-test'),
    on: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
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
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
  },
};
