// A small persistent key-value store in one JSON file (the browser host's stand-in for electron-store).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyValueStore } from '../services/types';

/** Opens (or creates) a JSON file store; writes are atomic (temp file + rename) and synchronous. */
export function createJsonStore(file: string): KeyValueStore<Record<string, unknown>> {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      data = parsed as Record<string, unknown>;
  } catch {
    // Missing or corrupt: start from defaults (the services fill them in).
  }
  const flush = () => {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
    renameSync(tmp, file);
  };
  return {
    get: (key) => data[key as string],
    set(key, value) {
      data[key as string] = value;
      flush();
    },
    delete(key) {
      delete data[key as string];
      flush();
    },
  };
}
