// A settings store and a token vault that keep nothing: for host tests that never sign in.
import type { HostCore, KeyValueStore, TokenVault } from '../services/types';

/** A settings store that remembers nothing. */
export const nullStore: KeyValueStore<Record<string, unknown>> = {
  get: () => undefined,
  set: () => {},
  delete: () => {},
};

/** A vault that holds no token. */
export const nullVault: TokenVault = {
  info: () => ({ backend: 'file', secure: false }),
  load: async () => null,
  save: async () => {},
  clear: async () => {},
};

/** A media cache that has nothing and serves 404. */
export const nullMedia: HostCore['media'] = {
  serve: async () => ({ status: 404, headers: {}, body: null }),
  stats: () => ({ bytes: 0, entries: 0, maxBytes: 0, hits: 0, misses: 0 }),
  accountStats: () => ({ entries: 0, bytes: 0 }),
  clear: async () => 0,
  exportFile: async () => null,
  setMaxBytes: () => {},
  close: async () => {},
};
