// Mounts the command palette (OpenPalette: the palette with its entries) and the shortcut list, both lazy and
// prefetched when idle, so the palette's matcher is not in the first download.
import { Suspense, useCallback } from 'react';
import { COMMANDS, type CommandId, isMacPlatform, shortcutLabel } from '../../../../shared/commands';
import { type Account } from '../../../../shared/models';
import { type DuetDb } from '../../data/db';
import { lazyView } from '../../ui/lazy-view';
import { useApp } from '../context';
import { type CommandRegistry } from './registry';

const OpenPalette = lazyView(() => import('./OpenPalette'));
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
  const { palette } = props;
  const mac = useIsMac();
  return (
    <>
      {palette && (
        <Suspense fallback={null}>
          <OpenPalette
            key={palette.n}
            registry={props.registry}
            db={props.db}
            account={props.account}
            onOpenConversation={props.onOpenConversation}
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
