// What Duet keeps on this computer, for the Privacy & data panel: the store's inventory for the account (read once
// when the panel opens), the browser's estimate for the whole local database, and the host's media cache (the
// account's files and every account's).
import { useEffect, useState } from 'react';
import type { CallResponse } from '../../../../shared/bridge/contract';
import type { HostDiagnostics } from '../../../../shared/bridge/calls/diagnostics';
import { useApp } from '../../app/context';
import { type DuetDb } from '../../data/db';
import { inventoryOf, type InventoryLine } from '../../data/repos/inventory';

/** The inventory, or null while it is being read. */
export interface Inventory {
  lines: InventoryLine[];
  /** navigator.storage.estimate().usage: the whole origin (every account, indexes included). */
  storeBytes?: number;
  /** Every account's media cache. */
  mediaCache?: HostDiagnostics['mediaCache'];
  /** This account's part of it. */
  accountMediaCache?: CallResponse<'media/cache-stats'>;
}

/** Reads the inventory of `accountId` once (again whenever `generation` changes, e.g. after a wipe). */
export function useInventory(db: DuetDb | null, accountId: string, generation = 0): Inventory | null {
  const { bridge } = useApp();
  const [inv, setInv] = useState<Inventory | null>(null);
  useEffect(() => {
    if (!db) return;
    let live = true;
    void (async () => {
      const lines = await inventoryOf(db, accountId);
      const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
      const [host, mine] = await Promise.all([
        bridge.invoke('diagnostics/get', {}).catch(() => undefined),
        bridge.invoke('media/cache-stats', { accountId }).catch(() => undefined),
      ]);
      if (live)
        setInv({ lines, storeBytes: estimate?.usage, mediaCache: host?.mediaCache, accountMediaCache: mine });
    })();
    return () => {
      live = false;
    };
  }, [db, accountId, bridge, generation]);
  return inv;
}
