// Opening the local store without ever white-screening: when IndexedDB refuses (disk full, corrupt files, a newer
// Duet version's schema, another window holding an upgrade), the shell gets a readable error and a way to rebuild
// the cache from the network. Rebuilding keeps unsent replies (the outbox) whenever they can still be read.
import Dexie from 'dexie';
import { DuetDb } from './db';
import { isQuotaError, storageErrorName } from './storage-errors';
import { readSavedReplies, restoreSavedReplies, type SavedReplies } from './repos/outbox';

/** Result of opening the store: the database, or a user-readable error plus a rebuild action. */
export type OpenDbResult =
  { ok: true; db: DuetDb } | { ok: false; error: string; rebuild(): Promise<DuetDb> };

/** Options for tests: how long to wait for a blocked open, and how to construct the database. */
export interface OpenDbOptions {
  blockedTimeoutMs?: number;
  create?: (name: string) => DuetDb;
}

/** The user-facing sentence for an open failure. */
export function describeOpenError(error: unknown): string {
  const name = isQuotaError(error) ? 'QuotaExceededError' : storageErrorName(error);
  const base = "Duet's local cache could not be opened";
  switch (name) {
    case 'QuotaExceededError':
      return `${base}: the disk is full or the storage quota is used up. Free some space, or rebuild the cache from the network.`;
    case 'VersionError':
      return `${base}: it was written by a newer version of Duet. Update Duet, or rebuild the cache from the network.`;
    case 'BlockedError':
    case 'DatabaseBlocked':
      return `${base}: another Duet window is using it. Close other Duet windows, or rebuild the cache from the network.`;
    default:
      return `${base} (${name || 'unknown error'}). Rebuild it from the network to continue.`;
  }
}

class BlockedError extends Error {
  override name = 'BlockedError';
}

async function tryOpen(db: DuetDb, blockedTimeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const blocked = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BlockedError('open blocked')), blockedTimeoutMs);
  });
  try {
    await Promise.race([db.open(), blocked]);
  } finally {
    clearTimeout(timer);
  }
}

/** Best effort: reads unsent replies (and their optimistic messages) out of a store that will be deleted. */
async function salvageOutbox(name: string): Promise<SavedReplies> {
  const raw = new Dexie(name);
  try {
    await raw.open();
    return await readSavedReplies(raw);
  } catch {
    return { outbox: [], messages: [] };
  } finally {
    raw.close();
  }
}

/** Opens the Duet database; never throws — failures come back with a rebuild() that starts from an empty cache. */
export async function openDuetDb(name = 'duet', options: OpenDbOptions = {}): Promise<OpenDbResult> {
  const create = options.create ?? ((n: string) => new DuetDb(n));
  const blockedTimeoutMs = options.blockedTimeoutMs ?? 10_000;
  const db = create(name);
  try {
    await tryOpen(db, blockedTimeoutMs);
    return { ok: true, db };
  } catch (error) {
    db.close();
    return {
      ok: false,
      error: describeOpenError(error),
      rebuild: () => rebuildDuetDb(name, create),
    };
  }
}

/**
 * Deletes the store and opens a fresh one, carrying over unsent replies (and their optimistic messages) when they
 * can still be read; everything else comes back from Meta. Every connection to `name` must be closed first.
 */
export async function rebuildDuetDb(
  name = 'duet',
  create: (name: string) => DuetDb = (n) => new DuetDb(n),
): Promise<DuetDb> {
  const saved = await salvageOutbox(name);
  await Dexie.delete(name);
  const fresh = create(name);
  await fresh.open();
  await restoreSavedReplies(fresh, saved);
  return fresh;
}
