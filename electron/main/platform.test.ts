import { describe, expect, it, vi } from 'vitest';
import { electronMock, fakeEmitter } from '../test/electron-mock';
import type { TokenVault } from '../services/types';
import { createElectronPlatform, type ElectronPlatformDeps } from './platform';

function setup(overrides: Partial<ElectronPlatformDeps> = {}) {
  const send = vi.fn();
  const appWindow = {
    webContents: { isDestroyed: () => false, getURL: () => 'app://duet/index.html', send },
  };
  const notifications: Array<ReturnType<typeof fakeEmitter> & { show: ReturnType<typeof vi.fn> }> = [];
  const deps: ElectronPlatformDeps = {
    appVersion: '0.1.0',
    dataDir: '/tmp/duet',
    versions: { node: '22', electron: '45', chrome: '140' },
    env: {},
    store: { get: vi.fn(), set: vi.fn(), delete: vi.fn() },
    vault: {} as TokenVault,
    windows: () => [appWindow],
    focusMainWindow: vi.fn(),
    openExternal: vi.fn(() => Promise.resolve()),
    notification: {
      isSupported: () => true,
      create: () => {
        const n = { ...fakeEmitter(), show: vi.fn() };
        notifications.push(n);
        return n;
      },
    },
    setBadgeCount: vi.fn(() => true),
    setTrayTooltip: vi.fn(),
    runLoginWindow: vi.fn(() => Promise.resolve(null)),
    showMessageBox: (o) => electronMock.dialog.showMessageBox(o),
    showSaveDialog: (o) => electronMock.dialog.showSaveDialog(o),
    downloadsDir: '/home/ana/Downloads',
    log: vi.fn(),
    ...overrides,
  };
  return { platform: createElectronPlatform(deps), deps, send, notifications };
}

describe('Electron platform: confirm', () => {
  const question = {
    title: 'Duet',
    message: 'Send your Facebook sign-in to a new Token broker address?',
    detail: 'Token broker URL: (none) → https://broker.example',
    confirmLabel: 'Change',
  };

  it('asks with a native message box whose default and cancel answer is Cancel', async () => {
    electronMock.dialog.showMessageBox.mockClear();
    const { platform } = setup();
    expect(await platform.confirm!(question)).toBe(false);
    expect(electronMock.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    const opts = electronMock.dialog.showMessageBox.mock.calls[0]![0] as {
      buttons: string[];
      defaultId: number;
      cancelId: number;
      detail: string;
      message: string;
    };
    expect(opts.buttons[opts.defaultId]).toBe('Cancel');
    expect(opts.buttons[opts.cancelId]).toBe('Cancel');
    expect(opts.detail).toContain('https://broker.example');
    expect(opts.message).toBe(question.message);
  });

  it('is true only when the user picks the confirm button', async () => {
    const { platform } = setup();
    electronMock.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await platform.confirm!(question)).toBe(true);
    electronMock.dialog.showMessageBox.mockRejectedValueOnce(new Error('no window'));
    expect(await platform.confirm!(question)).toBe(false);
  });
});

describe('Electron platform', () => {
  it('emits validated events to the app windows on duet:<name>', () => {
    const { platform, send } = setup();
    platform.emit('app/notification-clicked', { conversationId: 'fb:t_1' });
    expect(send).toHaveBeenCalledWith('duet:app/notification-clicked', { conversationId: 'fb:t_1' });
  });

  it('shows a notification whose click focuses the window and tells the renderer which conversation', () => {
    const { platform, deps, send, notifications } = setup();
    expect(platform.notify({ title: 'Ana', body: 'Hi!', conversationId: 'ig:c_9' })).toBe(true);
    expect(notifications[0]!.show).toHaveBeenCalled();
    notifications[0]!.emit('click');
    expect(deps.focusMainWindow).toHaveBeenCalled();
    expect(send).toHaveBeenCalledWith('duet:app/notification-clicked', { conversationId: 'ig:c_9' });
  });

  it("a comment notification's click names the comment, not a conversation", () => {
    const { platform, send, notifications } = setup();
    expect(platform.notify({ title: 'Ana · Facebook comment', body: 'Open?', commentId: 'fb:c_3' })).toBe(
      true,
    );
    notifications[0]!.emit('click');
    expect(send).toHaveBeenCalledWith('duet:app/notification-clicked', { commentId: 'fb:c_3' });
  });

  it('reports false when the OS has no notifications', () => {
    const { platform } = setup({ notification: { isSupported: () => false, create: vi.fn() } });
    expect(platform.notify({ title: 't', body: 'b', conversationId: 'c' })).toBe(false);
  });

  it('sets the badge count and the tray tooltip', () => {
    const { platform, deps } = setup();
    expect(platform.setBadge(7)).toBe(true);
    expect(deps.setBadgeCount).toHaveBeenCalledWith(7);
    expect(deps.setTrayTooltip).toHaveBeenCalledWith('Duet — 7 unread');
    platform.setBadge(0);
    expect(deps.setTrayTooltip).toHaveBeenLastCalledWith('Duet');
  });

  it('opens only allow-listed https links in the system browser', async () => {
    const { platform, deps } = setup();
    await expect(platform.openExternal('https://www.facebook.com/duet')).resolves.toBe(true);
    await expect(platform.openExternal('file:///etc/passwd')).resolves.toBe(false);
    await expect(platform.openExternal('http://example.com/')).resolves.toBe(false);
    await expect(platform.openExternal('https://localhost./')).resolves.toBe(false);
    await expect(platform.openExternal('https://foo.local./')).resolves.toBe(false);
    expect(deps.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('Electron platform: where an export goes', () => {
  it('asks with a native save dialog in Downloads, and says null when it was closed', async () => {
    electronMock.dialog.showSaveDialog.mockClear();
    const { platform } = setup();
    expect(await platform.chooseExportPath!('Duet export Café 2026-12-01.zip')).toBeNull();
    const opts = electronMock.dialog.showSaveDialog.mock.calls[0]![0] as { defaultPath: string };
    expect(opts.defaultPath).toBe('/home/ana/Downloads/Duet export Café 2026-12-01.zip');
  });

  it('answers the chosen path, always ending in .zip', async () => {
    const { platform } = setup();
    electronMock.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/data/mine' });
    expect(await platform.chooseExportPath!('x.zip')).toBe('/data/mine.zip');
    electronMock.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/data/a.ZIP' });
    expect(await platform.chooseExportPath!('x.zip')).toBe('/data/a.ZIP');
  });
});
