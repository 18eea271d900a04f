// A settings store and a token vault that keep nothing: for host tests that never sign in.
import type { KeyValueStore, TokenVault } from '../services/types';

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
