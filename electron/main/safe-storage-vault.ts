// The Electron token vault: credentials encrypted with Electron's safeStorage (async API: Keychain on macOS, DPAPI on
// Windows, libsecret/kwallet on Linux) and kept as base64 in a dedicated electron-store file. When Linux has no
// keyring, safeStorage falls back to `basic_text` — a hard-coded key, i.e. obfuscation — and the user is told so.
import { z } from 'zod';
import type { StoredCredentials, TokenVault } from '../services/types';
import type { VaultInfo } from '../../shared/bridge/calls/session';

/** The safeStorage methods the vault uses (Electron ≥ 39 async API; see electron.d.ts SafeStorage). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend?(): string;
}

/** Where the ciphertext lives (an electron-store file of its own, so settings exports never contain it). */
export interface CipherStore {
  get(key: 'credentials'): unknown;
  set(key: 'credentials', value: string): void;
  delete(key: 'credentials'): void;
}

const Credentials = z.object({
  userId: z.string(),
  mode: z.enum(['facebook', 'token', 'demo']),
  userToken: z.string(),
  expiresAt: z.number().nullable(),
  pageTokens: z.record(z.string(), z.string()),
  graphBaseUrl: z.string(),
});

/** Warning shown when Linux offers only the `basic_text` backend. */
export const BASIC_TEXT_WARNING =
  'No system keyring (GNOME Keyring / KWallet) was found, so your access token is only obfuscated on disk, not encrypted: anyone who can read your files can recover it. Install and unlock a keyring, then sign in again.';
/** Warning shown when safeStorage cannot encrypt at all. */
export const MEMORY_ONLY_WARNING =
  'Duet cannot use your system keychain, so it keeps your access token in memory only: you will need to sign in again after quitting.';

/** Names the protection safeStorage gives on this OS. */
function backendName(platform: NodeJS.Platform, safeStorage: SafeStorageLike): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  return safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
}

/** What the vault reports to the renderer for a given backend. */
function vaultInfoFor(backend: string, encryptionAvailable: boolean): VaultInfo {
  if (!encryptionAvailable) return { backend: 'memory', secure: false, warning: MEMORY_ONLY_WARNING };
  // 'unknown' means safeStorage was asked before app 'ready'; treat it like the weakest case rather than guess.
  if (backend === 'basic_text' || backend === 'unknown')
    return { backend, secure: false, warning: BASIC_TEXT_WARNING };
  return { backend, secure: true };
}

/**
 * Creates the safeStorage vault (call after app 'ready'). Credentials that fail to decrypt or parse (keyring reset,
 * corrupted file) count as signed out and are removed, never crash the app.
 */
export async function createSafeStorageVault(
  safeStorage: SafeStorageLike,
  store: CipherStore,
  platform: NodeJS.Platform = process.platform,
  log: (line: string) => void = console.warn,
): Promise<TokenVault> {
  const available = await safeStorage.isAsyncEncryptionAvailable().catch(() => false);
  const info = vaultInfoFor(backendName(platform, safeStorage), available);
  let memory: StoredCredentials | null = null;

  const write = async (credentials: StoredCredentials) => {
    const cipher = await safeStorage.encryptStringAsync(JSON.stringify(credentials));
    store.set('credentials', cipher.toString('base64'));
  };

  return {
    info: () => info,
    async load() {
      if (!available) return memory;
      const stored = store.get('credentials');
      if (typeof stored !== 'string' || stored.length === 0) return null;
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
          Buffer.from(stored, 'base64'),
        );
        const parsed = Credentials.safeParse(JSON.parse(result));
        if (!parsed.success) throw new Error('stored credentials have the wrong shape');
        // The OS key was rotated or a stronger backend became available: store it again under the new key.
        if (shouldReEncrypt) await write(parsed.data);
        return parsed.data;
      } catch (error) {
        log(
          `[vault] stored credentials could not be read and were removed: ${error instanceof Error ? error.name : 'error'}`,
        );
        store.delete('credentials');
        return null;
      }
    },
    async save(credentials) {
      if (!available) {
        memory = credentials;
        return;
      }
      await write(credentials);
    },
    async clear() {
      memory = null;
      store.delete('credentials');
    },
  };
}
