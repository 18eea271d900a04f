// The open command palette with its entries: what can run now, the other accounts, one-choice settings, and the
// local store's people, conversations and posts (read when the palette opens). Its own chunk (with the matcher),
// loaded by CommandLayer when idle after start-up or when the palette first opens.
import { useCallback, useMemo } from 'react';
import { type Account } from '../../../../shared/models';
import { checkExternalLink } from '../../../../shared/security/links';
import { type DuetDb } from '../../data/db';
import { useApp } from '../context';
import CommandPalette from './CommandPalette';
import { useIsMac } from './CommandLayer';
import { accountEntries, commandEntries, settingEntries, storeEntries } from './entries';
import { type CommandRegistry } from './registry';

/** The palette for one opening. */
export default function OpenPalette(props: {
  registry: CommandRegistry;
  db: DuetDb | null;
  account: Account;
  onOpenConversation(id: string): void;
  initialQuery: string;
  onClose(): void;
}) {
  const { registry, db, account, onOpenConversation } = props;
  const { bridge, session, settings, updateSettings } = useApp();
  const mac = useIsMac();
  const accounts = session.session?.accounts;

  const entries = useMemo(
    () => [
      ...commandEntries(registry, mac),
      ...accountEntries(accounts ?? [], account.id, (id) => void updateSettings({ selectedAccountId: id })),
      ...settingEntries(settings, (patch) => void updateSettings(patch).catch(() => {})),
    ],
    [registry, mac, accounts, account.id, settings, updateSettings],
  );

  const load = useCallback(async () => {
    if (!db) return [];
    return storeEntries(db, account.id, {
      openConversation: onOpenConversation,
      openLink: (url) => {
        // The one link policy decides, as for every link in a post (ui/ExternalLink.tsx).
        const check = checkExternalLink(url);
        if (!check.ok) return;
        if (bridge.kind === 'electron')
          void bridge.invoke('app/open-external', { url: check.href }).catch(() => {});
        else window.open(check.href, '_blank', 'noopener,noreferrer');
      },
    });
  }, [db, account.id, onOpenConversation, bridge]);

  return (
    <CommandPalette entries={entries} load={load} initialQuery={props.initialQuery} onClose={props.onClose} />
  );
}
