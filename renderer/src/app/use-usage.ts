// The rate-limit budget of the current account, kept current by the host's usage events (the header's meter).
import { useEffect, useState } from 'react';
import { type UsageInfo } from '../../../shared/bridge/calls/sync';
import { useApp } from './context';

/** Follows the rate-limit budget of the current account (the meter in the header). */
export function useUsage(accountId: string | undefined): UsageInfo | undefined {
  const { bridge } = useApp();
  const [usage, setUsage] = useState<Record<string, UsageInfo>>({});
  useEffect(() => {
    bridge.invoke('sync/usage', {}).then(
      (r) => setUsage(Object.fromEntries(r.accounts.map((a) => [a.accountId, a]))),
      () => {},
    );
    return bridge.on('sync/usage-changed', (u) => setUsage((m) => ({ ...m, [u.accountId]: u })));
  }, [bridge]);
  return accountId ? usage[accountId] : undefined;
}
