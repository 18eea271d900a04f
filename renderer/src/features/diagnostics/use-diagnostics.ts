// Collects what the Diagnostics panel shows (the host's figures, then the local store's and the page's), again on
// refresh or when the sync status changes. A host that does not answer still leaves the local figures, with its error.
import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../../app/context';
import { messageOf } from '../../app/errors';
import { type DuetDb } from '../../data/db';
import { type SyncStatus } from '../../data/sync/types';
import { collectDiagnostics, type Diagnostics } from './report';

/** The collected figures (null until the first collection), the error to show, and a refresh. */
export function useDiagnostics(db: DuetDb | null, status: SyncStatus | null) {
  const { bridge, info } = useApp();
  const [data, setData] = useState<Diagnostics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    let failure: string | null = null;
    bridge
      .invoke('diagnostics/get', {})
      .catch((e: unknown) => {
        failure = messageOf(e);
        return null;
      })
      .then((host) => collectDiagnostics(db, info, host, status))
      .then(
        (d) => {
          if (!live) return;
          setData(d);
          setError(failure);
        },
        (e: unknown) => live && setError(messageOf(e)),
      );
    return () => {
      live = false;
    };
  }, [bridge, db, info, status, generation]);

  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, setError, refresh };
}
