// Creates the sync engine for the open store (after the first paint) and follows its status; restarts it when the
// account changes.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { type Account } from '../../../shared/models';
import { type Bridge } from '../bridge';
import { type DuetDb } from '../data/db';
import { afterFirstPaint } from '../ui/first-paint';
import { type SyncEngine, type SyncStatus } from '../data/sync/types';

/**
 * A shorter focused poll interval for tests and demos: `?pollMs=2000` on the URL the host prints (kept for the tab's
 * lifetime in sessionStorage). Never below one second.
 */
export function focusedPollOverride(): number | undefined {
  const fromUrl = new URLSearchParams(window.location.search).get('pollMs');
  if (fromUrl) sessionStorage.setItem('duet.pollMs', fromUrl);
  const value = Number(fromUrl ?? sessionStorage.getItem('duet.pollMs'));
  return Number.isFinite(value) && value >= 1000 ? value : undefined;
}

/**
 * The sync engine and its live status for the selected account (the session gate pauses and resumes it). The engine
 * is loaded and started only after the first screen has painted (null until then): stored rows come first.
 */
export function useSync(
  db: DuetDb | null,
  bridge: Bridge,
  account: Account | undefined,
  granted: readonly string[] = [],
) {
  const [engine, setEngine] = useState<SyncEngine | null>(null);
  useEffect(() => {
    if (!db) return;
    let live = true;
    const cancel = afterFirstPaint(() => {
      void import('./sync-setup').then(({ createAppEngine }) => {
        if (live) setEngine(createAppEngine(db, bridge, focusedPollOverride()));
      });
    });
    return () => {
      live = false;
      cancel();
      setEngine(null);
    };
  }, [db, bridge]);
  const status = useSyncExternalStore<SyncStatus | null>(
    (onChange) => engine?.subscribe(onChange) ?? (() => {}),
    () => engine?.getStatus() ?? null,
  );

  const accountId = account?.id;
  const hasInstagram = Boolean(account?.instagram);
  useEffect(() => {
    if (!engine || !accountId) return;
    engine.start({ id: accountId, ...(hasInstagram ? { instagram: true } : {}) });
    return () => engine.stop();
  }, [engine, accountId, hasInstagram]);

  // A permission given again (Grant again, or allowed on Facebook) is used at once: the views that showed "Grant
  // again" over their saved rows fill again now, not at the next poll interval.
  const grantedKey = [...granted].sort().join(',');
  const lastGranted = useRef(grantedKey);
  useEffect(() => {
    if (lastGranted.current === grantedKey) return;
    const more = grantedKey.split(',').some((p) => p && !lastGranted.current.split(',').includes(p));
    lastGranted.current = grantedKey;
    if (more && engine && accountId) void engine.pollNow();
  }, [grantedKey, engine, accountId]);

  return { engine, status };
}
