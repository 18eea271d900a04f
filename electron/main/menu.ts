// The application menu. Setting one replaces Electron's default menu, so this rebuilds the same standard menus
// from Electron's roles (edit shortcuts, zoom, window handling keep working) and adds "Check for Updates…": in the
// app menu on macOS, under Help on Windows and Linux, where people look for it on each OS. Duet's own commands
// (shared/commands.ts: ids, words, keys) get a Go menu and the Help menu; choosing one sends its id to the window,
// which runs it exactly as its shortcut would (the renderer knows whether it applies right now). A key press reaches
// the page first; Electron fires a menu accelerator only for a key the page did not handle (preventDefault), so a
// shortcut never runs twice (electron/electron#19279).
import type { MenuItemConstructorOptions } from 'electron';
import { acceleratorOf, COMMANDS, type CommandId, type CommandSpec } from '../../shared/commands';

/** The label of the menu item that checks for updates. */
export const CHECK_FOR_UPDATES_LABEL = 'Check for Updates…';

/** The menu template for `Menu.buildFromTemplate`. */
export function appMenuTemplate(options: {
  platform: NodeJS.Platform;
  appName: string;
  checkForUpdates: () => void;
  /** Runs a Duet command in the main window (sends `app/command-chosen`). */
  runCommand: (id: CommandId) => void;
}): MenuItemConstructorOptions[] {
  const checkForUpdates: MenuItemConstructorOptions = {
    label: CHECK_FOR_UPDATES_LABEL,
    click: () => options.checkForUpdates(),
  };
  const commands = (group: (g: CommandSpec['group']) => boolean) =>
    commandItems(
      COMMANDS.filter((c) => c.menu !== false && group(c.group)),
      options.runCommand,
    );
  const standard: MenuItemConstructorOptions[] = [
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { label: 'Go', submenu: commands((g) => g !== 'Help') },
    { role: 'windowMenu' },
  ];
  const help = commands((g) => g === 'Help');
  if (options.platform === 'darwin') {
    return [
      {
        label: options.appName,
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          checkForUpdates,
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      },
      ...standard,
      { role: 'help', submenu: help },
    ];
  }
  return [...standard, { role: 'help', submenu: [...help, { type: 'separator' }, checkForUpdates] }];
}

/** Menu items for commands, a separator between groups. */
function commandItems(
  commands: ReadonlyArray<CommandSpec & { id: CommandId }>,
  run: (id: CommandId) => void,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  commands.forEach((c, i) => {
    if (i > 0 && commands[i - 1]!.group !== c.group) items.push({ type: 'separator' });
    items.push({
      id: c.id,
      label: c.label,
      click: () => run(c.id),
      ...(c.shortcut && {
        accelerator: acceleratorOf(c.shortcut),
        // A key without Ctrl/⌘ (`?`, `R`) is shown but not taken from the window: it must still type into fields,
        // and the window decides (not while typing).
        registerAccelerator: Boolean(c.shortcut.mod),
      }),
    });
  });
  return items;
}
