import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredCredentials } from '../services/types';
import { electronMock } from '../test/electron-mock';
import {
  BASIC_TEXT_WARNING,
  createSafeStorageVault,
  MEMORY_ONLY_WARNING,
  type CipherStore,
} from './safe-storage-vault';

const { safeStorage } = electronMock;

const creds: StoredCredentials = {
  userId: '1001',
  mode: 'facebook',
  userToken: 'EAAGsecretusertoken1234567890',
  expiresAt: 1_900_000_000_000,
  pageTokens: { '2002': 'EAAGsecretpagetoken0987654321' },
  graphBaseUrl: 'https://graph.facebook.com',
};

function memoryStore(): CipherStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (k) => data.get(k),
    set: (k, v) => void data.set(k, v),
    delete: (k) => void data.delete(k),
  };
}

describe('safeStorage vault', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    safeStorage.isAsyncEncryptionAvailable.mockImplementation(() => Promise.resolve(true));
    safeStorage.getSelectedStorageBackend.mockImplementation(() => 'gnome_libsecret');
  });

  it('stores credentials encrypted (no token in the store) and reads them back', async () => {
    const store = memoryStore();
    const vault = await createSafeStorageVault(safeStorage, store, 'linux');
    await vault.save(creds);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
    const raw = String(store.data.get('credentials'));
    expect(raw).not.toContain('EAAGsecret');
    expect(Buffer.from(raw, 'base64').toString()).toMatch(/^enc:/);
    await expect(vault.load()).resolves.toEqual(creds);
  });

  it('reports a real keyring as secure', async () => {
    const vault = await createSafeStorageVault(safeStorage, memoryStore(), 'linux');
    expect(vault.info()).toEqual({ backend: 'gnome_libsecret', secure: true });
    const mac = await createSafeStorageVault(safeStorage, memoryStore(), 'darwin');
    expect(mac.info()).toEqual({ backend: 'keychain', secure: true });
  });

  it('warns that basic_text (Linux without a keyring) only obfuscates the token', async () => {
    safeStorage.getSelectedStorageBackend.mockImplementation(() => 'basic_text');
    const vault = await createSafeStorageVault(safeStorage, memoryStore(), 'linux');
    expect(vault.info()).toEqual({ backend: 'basic_text', secure: false, warning: BASIC_TEXT_WARNING });
    expect(vault.info().warning).toMatch(/only obfuscated.*not encrypted/);
  });

  it('keeps the token in memory only, never on disk, when encryption is unavailable', async () => {
    safeStorage.isAsyncEncryptionAvailable.mockImplementation(() => Promise.resolve(false));
    const store = memoryStore();
    const vault = await createSafeStorageVault(safeStorage, store, 'linux');
    expect(vault.info()).toEqual({ backend: 'memory', secure: false, warning: MEMORY_ONLY_WARNING });
    await vault.save(creds);
    expect(store.data.size).toBe(0);
    await expect(vault.load()).resolves.toEqual(creds);
    await vault.clear();
    await expect(vault.load()).resolves.toBeNull();
  });

  it('treats unreadable ciphertext (keyring reset) as signed out and removes it', async () => {
    const store = memoryStore();
    store.data.set('credentials', Buffer.from('garbage').toString('base64'));
    const log = vi.fn();
    const vault = await createSafeStorageVault(safeStorage, store, 'linux', log);
    await expect(vault.load()).resolves.toBeNull();
    expect(store.data.has('credentials')).toBe(false);
    expect(log.mock.calls.flat().join()).not.toContain('garbage');
  });

  it('treats decrypted data of the wrong shape as signed out', async () => {
    const store = memoryStore();
    store.data.set('credentials', Buffer.from('enc:{"userId":1}').toString('base64'));
    const vault = await createSafeStorageVault(safeStorage, store, 'linux', vi.fn());
    await expect(vault.load()).resolves.toBeNull();
  });

  it('re-encrypts when safeStorage says the key was rotated', async () => {
    const store = memoryStore();
    const vault = await createSafeStorageVault(safeStorage, store, 'linux');
    await vault.save(creds);
    safeStorage.encryptStringAsync.mockClear();
    safeStorage.decryptStringAsync.mockImplementationOnce((b: Buffer) =>
      Promise.resolve({ result: b.toString().slice(4), shouldReEncrypt: true }),
    );
    await expect(vault.load()).resolves.toEqual(creds);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
  });

  it('clear removes the stored credentials', async () => {
    const store = memoryStore();
    const vault = await createSafeStorageVault(safeStorage, store, 'linux');
    await vault.save(creds);
    await vault.clear();
    expect(store.data.has('credentials')).toBe(false);
    await expect(vault.load()).resolves.toBeNull();
  });
});
