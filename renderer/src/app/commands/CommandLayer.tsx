// Mounts the command palette and the shortcut list (both lazy, prefetched when idle) and gives the palette its
// entries: what can run now, the other accounts, one-choice settings, and the local store's people, conversations
// and posts (read when the palette opens).
import { Suspense, useCallback, useMemo } from 'react';
import { COMMANDS, type CommandId, isMacPlatform, shortcutLabel } from '../../../../shared/commands';
import { type Account } from '../../../../shared/models';
import { checkExternalLink } from '../../../../shared/security/links';
import { type DuetDb } from '../../data/db';
import { lazyView } from '../../ui/lazy-view';
import { useApp } from '../context';
import { accountEntries, commandEntries, settingEntries, storeEntries } from './entries';
import { type CommandRegistry } from './registry';

const CommandPalette = lazyView(() => import('./CommandPalette'));
const ShortcutsDialog = lazyView(() => import('./ShortcutsDialog'));

/** An open palette: `n` changes on every opening (a fresh box), `query` is what it starts with. */
export interface PaletteState {
  n: number;
  query: string;
}

/** Whether this window shows ⌘ rather than Ctrl. */
export function useIsMac(): boolean {
  const { info } = useApp();
  return isMacPlatform(info.platform) || isMacPlatform(navigator.platform);
}

/** "Home (Ctrl+1)" / "Home (⌘1)": a button's title with its command's shortcut as this OS writes it. */
export function useShortcutTitle(): (label: string, id: CommandId) => string {
  const mac = useIsMac();
  return useCallback(
    (label, id) => {
      const s = COMMANDS.find((c) => c.id === id)?.shortcut;
      return s ? `${label} (${shortcutLabel(s, mac)})` : label;
    },
    [mac],
  );
}

/** The palette and the shortcut list, when open. */
export function CommandLayer(props: {
  registry: CommandRegistry;
  palette: PaletteState | null;
  onClosePalette(): void;
  shortcuts: boolean;
  onCloseShortcuts(): void;
  db: DuetDb | null;
  account: Account;
  onOpenConversation(id: string): void;
}) {
  const { registry, palette, db, account, onOpenConversation } = props;
  const { bridge, session, settings, updateSettings } = useApp();
  const mac = useIsMac();
  const accounts = session.session?.accounts;

  const entries = useMemo(
    () =>
      palette
        ? [
            ...commandEntries(registry, mac),
            ...accountEntries(
              accounts ?? [],
              account.id,
              (id) => void updateSettings({ selectedAccountId: id }),
            ),
            ...settingEntries(settings, (patch) => void updateSettings(patch).catch(() => {})),
          ]
        : [],
    [palette, registry, mac, accounts, account.id, settings, updateSettings],
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
    <>
      {palette && (
        <Suspense fallback={null}>
          <CommandPalette
            key={palette.n}
            entries={entries}
            load={load}
            initialQuery={palette.query}
            onClose={props.onClosePalette}
          />
        </Suspense>
      )}
      {props.shortcuts && (
        <Suspense fallback={null}>
          <ShortcutsDialog mac={mac} onClose={props.onCloseShortcuts} />
        </Suspense>
      )}
    </>
  );
}
