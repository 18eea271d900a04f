// Opens the local store for the signed-in user. A different user's data is never shown: signing in as someone
// else starts from an empty store; signing in again as the same user resumes where it stopped.
import { useEffect, useState } from 'react';
import { DuetDb } from '../data/db';

/** The store's state as the shell renders it. */
export type LocalStore =
  | { status: 'opening' }
  | { status: 'ready'; db: DuetDb }
  | { status: 'error'; message: string };

/** Opens `db` and makes sure it holds `userId`'s data only (clearing another user's rows). */
export async function claimStoreFor(db: DuetDb, userId: string): Promise<void> {
  await db.open();
  const owner = (await db.meta.get('userId'))?.value;
  if (owner !== undefined && owner !== userId) {
    await db.transaction('rw', db.tables, async () => {
      await Promise.all(db.tables.map((t) => t.clear()));
    });
  }
  await db.meta.put({ key: 'userId', value: userId });
}

/** Explains an IndexedDB failure in words a user can act on. */
export function storeErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError')
    return 'Your disk is too full for Duet’s local cache. Free some space, or rebuild the cache from the network.';
  if (name === 'VersionError' || inner === 'VersionError')
    return 'Duet’s local cache was written by a newer version of Duet.';
  return `Duet’s local cache could not be opened (${error instanceof Error ? error.message : String(error)}).`;
}

/** Opens the store for a user; `generation` bumps force a reopen (after a rebuild). */
export function useLocalStore(userId: string, generation: number): LocalStore {
  const [state, setState] = useState<LocalStore>({ status: 'opening' });
  useEffect(() => {
    let cancelled = false;
    const db = new DuetDb();
    claimStoreFor(db, userId).then(
      () => !cancelled && setState({ status: 'ready', db }),
      (error: unknown) => !cancelled && setState({ status: 'error', message: storeErrorMessage(error) }),
    );
    return () => {
      cancelled = true;
      db.close();
    };
  }, [userId, generation]);
  return state;
}

/** Deletes the whole local store (sign-out, or rebuilding a broken cache). */
export async function deleteLocalStore(): Promise<void> {
  await new DuetDb().delete();
}
