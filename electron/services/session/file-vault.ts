// The browser host's token vault: one JSON file in the data folder, mode 0600, written atomically.
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredCredentials, TokenVault } from '../types';

/** The file name inside the data folder. */
export const VAULT_FILE = 'credentials.json';

/** Checks that a parsed file really holds credentials (a corrupt file counts as none). */
function isStoredCredentials(v: unknown): v is StoredCredentials {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.userId === 'string' &&
    (o.mode === 'facebook' || o.mode === 'token' || o.mode === 'demo') &&
    typeof o.userToken === 'string' &&
    (o.expiresAt === null || typeof o.expiresAt === 'number') &&
    !!o.pageTokens &&
    typeof o.pageTokens === 'object' &&
    Object.values(o.pageTokens as object).every((t) => typeof t === 'string') &&
    typeof o.graphBaseUrl === 'string'
  );
}

/** Creates a file vault in `dataDir`. Only this OS user can read it; it is not encrypted. */
export function createFileVault(dataDir: string): TokenVault {
  const file = join(dataDir, VAULT_FILE);
  return {
    info: () => ({
      backend: 'file',
      secure: false,
      warning:
        'Your access token is stored unencrypted in Duet’s data folder. Only your OS user account can read it, but anyone with access to that account can.',
    }),
    async load() {
      try {
        const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
        return isStoredCredentials(parsed) ? parsed : null;
      } catch {
        return null;
      }
    },
    async save(credentials) {
      await mkdir(dataDir, { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, JSON.stringify(credentials), { mode: 0o600 });
      // The mode passed to writeFile is masked by umask; chmod makes 0600 exact before the file takes its name.
      await chmod(tmp, 0o600);
      await rename(tmp, file);
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}
