// Opens the local store for the signed-in user. A different user's data is never shown: signing in as someone
// else starts from an empty store; signing in again as the same user resumes where it stopped.
import { useEffect, useState } from 'react';
import { DuetDb } from '../data/db';
import { describeOpenError, openDuetDb, rebuildDuetDb } from '../data/open-db';
import { claimStoreFor } from '../data/repos/store';
import { storeClosed, storeOpened } from './open-store';

export { claimStoreFor };

/** The store's state as the shell renders it. */
export type LocalStore =
  | { status: 'opening' }
  | { status: 'ready'; db: DuetDb; rebuild(): Promise<void> }
  | { status: 'error'; message: string; rebuild(): Promise<void> };

/** Opens the store for a user; `generation` bumps force a reopen (after a rebuild). */
export function useLocalStore(userId: string, generation: number): LocalStore {
  const [state, setState] = useState<LocalStore>({ status: 'opening' });
  useEffect(() => {
    let cancelled = false;
    let opened: DuetDb | null = null;
    const ready = async (db: DuetDb) => {
      opened = db;
      await claimStoreFor(db, userId);
      if (cancelled) return;
      storeOpened(db);
      setState({
        status: 'ready',
        db,
        // "Rebuild cache" from a view's error boundary: the same rebuild as a store that failed to open, so unsent
        // replies survive it.
        rebuild: async () => {
          storeClosed(db);
          db.close();
          setState({ status: 'opening' });
          await ready(await rebuildDuetDb());
        },
      });
    };
    void openDuetDb()
      .then(async (result) => {
        if (cancelled) return result.ok ? result.db.close() : undefined;
        if (result.ok) return ready(result.db);
        setState({
          status: 'error',
          message: result.error,
          // Rebuilding keeps unsent replies (the outbox) when they can still be read; the rest comes back from Meta.
          rebuild: async () => {
            setState({ status: 'opening' });
            await ready(await result.rebuild());
          },
        });
      })
      .catch((e: unknown) => {
        // The store opened but its first write failed (a full disk from the first start): say so instead of
        // "Opening your saved data…" forever.
        if (cancelled) return;
        opened?.close();
        setState({
          status: 'error',
          message: describeOpenError(e),
          rebuild: async () => {
            setState({ status: 'opening' });
            await ready(await rebuildDuetDb());
          },
        });
      });
    return () => {
      cancelled = true;
      if (opened) storeClosed(opened);
      opened?.close();
    };
  }, [userId, generation]);
  return state;
}

/** Deletes the whole local store (sign-out). */
export async function deleteLocalStore(): Promise<void> {
  await new DuetDb().delete();
}
