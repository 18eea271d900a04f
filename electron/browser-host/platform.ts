// The browser host's platform: a JSON settings file and a 0600 credentials file in its data folder.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createFileVault } from '../services/session/file-vault';
import type { HostPlatform } from '../services/types';
import { createJsonStore } from './json-store';
import pkg from '../../package.json' with { type: 'json' };

/** The parts of HostPlatform that come from the data folder and the environment. */
export function browserPlatformBase(
  dataDir: string,
  env: Record<string, string | undefined> = process.env,
): Pick<HostPlatform, 'dataDir' | 'appVersion' | 'versions' | 'env' | 'store' | 'vault'> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return {
    dataDir,
    appVersion: pkg.version,
    versions: { node: process.versions.node },
    env,
    store: createJsonStore(join(dataDir, 'settings.json')),
    vault: createFileVault(dataDir),
  };
}
