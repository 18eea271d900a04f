// The application menu: Electron's standard menus (so copy/paste, zoom and window shortcuts keep working) plus
// "Check for Updates…" where each OS expects it.
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate, CHECK_FOR_UPDATES_LABEL } from './menu';

type Item = { label?: string; role?: string; type?: string; submenu?: Item[]; click?: () => void };

function find(items: Item[], label: string): { item: Item; parent: Item } | null {
  for (const parent of items)
    for (const item of parent.submenu ?? []) if (item.label === label) return { item, parent };
  return null;
}

describe('appMenuTemplate', () => {
  it('macOS: the app menu holds Check for Updates… after About, and the standard menus follow', () => {
    const checkForUpdates = vi.fn();
    const menu = appMenuTemplate({ platform: 'darwin', appName: 'Duet', checkForUpdates }) as Item[];
    expect(menu[0]!.label).toBe('Duet');
    const app = menu[0]!.submenu!.map((i) => i.role ?? i.label ?? i.type);
    expect(app.slice(0, 3)).toEqual(['about', 'separator', CHECK_FOR_UPDATES_LABEL]);
    expect(app).toContain('quit');
    expect(menu.slice(1).map((m) => m.role)).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu']);
    find(menu, CHECK_FOR_UPDATES_LABEL)!.item.click!();
    expect(checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it.each(['win32', 'linux'] as const)('%s: Help → Check for Updates… triggers a check', (platform) => {
    const checkForUpdates = vi.fn();
    const menu = appMenuTemplate({ platform, appName: 'Duet', checkForUpdates }) as Item[];
    expect(menu.map((m) => m.role)).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
    const found = find(menu, CHECK_FOR_UPDATES_LABEL)!;
    expect(found.parent.role).toBe('help');
    found.item.click!();
    expect(checkForUpdates).toHaveBeenCalledTimes(1);
  });
});
