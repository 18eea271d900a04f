// The application menu. Setting one replaces Electron's default menu, so this rebuilds the same standard menus
// from Electron's roles (edit shortcuts, zoom, window handling keep working) and adds "Check for Updates…": in the
// app menu on macOS, under Help on Windows and Linux, where people look for it on each OS.
import type { MenuItemConstructorOptions } from 'electron';

/** The label of the menu item that checks for updates. */
export const CHECK_FOR_UPDATES_LABEL = 'Check for Updates…';

/** The menu template for `Menu.buildFromTemplate`. */
export function appMenuTemplate(options: {
  platform: NodeJS.Platform;
  appName: string;
  checkForUpdates: () => void;
}): MenuItemConstructorOptions[] {
  const checkForUpdates: MenuItemConstructorOptions = {
    label: CHECK_FOR_UPDATES_LABEL,
    click: () => options.checkForUpdates(),
  };
  const standard: MenuItemConstructorOptions[] = [
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
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
    ];
  }
  return [...standard, { role: 'help', submenu: [checkForUpdates] }];
}
