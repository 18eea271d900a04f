// The application menu: Electron's standard menus (so copy/paste, zoom and window shortcuts keep working),
// "Check for Updates…" where each OS expects it, and Duet's commands built from the one list in shared/commands.ts.
import { describe, expect, it, vi } from 'vitest';
import { acceleratorOf, COMMANDS } from '../../shared/commands';
import { appMenuTemplate, CHECK_FOR_UPDATES_LABEL } from './menu';

type Item = {
  id?: string;
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  registerAccelerator?: boolean;
  submenu?: Item[];
  click?: () => void;
};

function find(items: Item[], label: string): { item: Item; parent: Item } | null {
  for (const parent of items)
    for (const item of parent.submenu ?? []) if (item.label === label) return { item, parent };
  return null;
}

const commandItems = (menu: Item[]) => menu.flatMap((m) => m.submenu ?? []).filter((i) => i.id);
const template = (platform: NodeJS.Platform, runCommand = vi.fn()) =>
  appMenuTemplate({ platform, appName: 'Duet', checkForUpdates: vi.fn(), runCommand }) as Item[];

describe('appMenuTemplate', () => {
  it('macOS: the app menu holds Check for Updates… after About, and the standard menus follow', () => {
    const checkForUpdates = vi.fn();
    const menu = appMenuTemplate({
      platform: 'darwin',
      appName: 'Duet',
      checkForUpdates,
      runCommand: vi.fn(),
    }) as Item[];
    expect(menu[0]!.label).toBe('Duet');
    const app = menu[0]!.submenu!.map((i) => i.role ?? i.label ?? i.type);
    expect(app.slice(0, 3)).toEqual(['about', 'separator', CHECK_FOR_UPDATES_LABEL]);
    expect(app).toContain('quit');
    expect(menu.slice(1).map((m) => m.role ?? m.label)).toEqual([
      'fileMenu',
      'editMenu',
      'viewMenu',
      'Go',
      'windowMenu',
      'help',
    ]);
    find(menu, CHECK_FOR_UPDATES_LABEL)!.item.click!();
    expect(checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it.each(['win32', 'linux'] as const)('%s: Help → Check for Updates… triggers a check', (platform) => {
    const checkForUpdates = vi.fn();
    const menu = appMenuTemplate({
      platform,
      appName: 'Duet',
      checkForUpdates,
      runCommand: vi.fn(),
    }) as Item[];
    expect(menu.map((m) => m.role ?? m.label)).toEqual([
      'fileMenu',
      'editMenu',
      'viewMenu',
      'Go',
      'windowMenu',
      'help',
    ]);
    const found = find(menu, CHECK_FOR_UPDATES_LABEL)!;
    expect(found.parent.role).toBe('help');
    found.item.click!();
    expect(checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it.each(['darwin', 'win32', 'linux'] as const)(
    '%s: every menu command comes from the shared list, with its label and key, and sends its id',
    (platform) => {
      const runCommand = vi.fn();
      const items = commandItems(template(platform, runCommand));
      const listed = COMMANDS.filter((c) => c.menu !== false);
      expect(items.map((i) => i.id)).toEqual(listed.map((c) => c.id));
      for (const c of listed) {
        const item = items.find((i) => i.id === c.id)!;
        expect(item.label).toBe(c.label);
        expect(item.accelerator).toBe(c.shortcut ? acceleratorOf(c.shortcut) : undefined);
        item.click!();
        expect(runCommand).toHaveBeenLastCalledWith(c.id);
      }
      expect(runCommand).toHaveBeenCalledTimes(listed.length);
    },
  );

  it('Ctrl/⌘ shortcuts are taken by the menu; keys without Ctrl/⌘ are shown but still type into fields', () => {
    const items = commandItems(template('linux'));
    expect(items.find((i) => i.id === 'view/inbox')).toMatchObject({
      accelerator: 'CmdOrCtrl+2',
      registerAccelerator: true,
    });
    expect(items.find((i) => i.id === 'inbox/reply')).toMatchObject({
      accelerator: 'R',
      registerAccelerator: false,
    });
    expect(items.find((i) => i.id === 'app/shortcuts')).toMatchObject({ registerAccelerator: false });
  });

  it('navigation sits in the Go menu, the shortcut list in Help', () => {
    const menu = template('linux');
    expect(find(menu, 'Go to Home')!.parent.label).toBe('Go');
    expect(find(menu, 'Show keyboard shortcuts')!.parent.role).toBe('help');
  });
});
