// The bootstrap against the mocked `electron`: it must wire every guard the small modules provide. Each test here
// fails if index.ts forgets one (sandbox for all, schemes, protocols, hardening, permissions, IPC, single instance).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, channelOf } from '../../shared/bridge/contract';
import { electronMock, FakeBrowserWindow } from '../test/electron-mock';

const core = vi.hoisted(() => ({ created: 0, platform: null as unknown }));

vi.mock('electron-store', () => ({
  default: class {
    data = new Map<string, unknown>();
    constructor(opts: { defaults?: Record<string, unknown> } = {}) {
      for (const [k, v] of Object.entries(opts.defaults ?? {})) this.data.set(k, v);
    }
    get(k: string) {
      return this.data.get(k);
    }
    set(k: string, v: unknown) {
      this.data.set(k, v);
    }
    delete(k: string) {
      this.data.delete(k);
    }
  },
}));

vi.mock('../services/index', async () => {
  const { callNames: names } = await import('../../shared/bridge/contract');
  return {
    createHostCore: vi.fn(async (platform: unknown) => {
      core.created++;
      core.platform = platform;
      return {
        handlers: Object.fromEntries(names.map((n) => [n, vi.fn(async () => ({}))])),
        media: { serve: vi.fn() },
        dispose: vi.fn(async () => undefined),
      };
    }),
  };
});

const { app, protocol, ipcMain, session, Menu, dialog } = electronMock;

beforeAll(async () => {
  FakeBrowserWindow.reset();
  await import('./index');
  // main() continues after whenReady and two awaited factories; let it finish.
  await vi.waitFor(() => expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1));
});

describe('Electron bootstrap (index.ts)', () => {
  it('sandboxes every renderer before anything else', () => {
    expect(app.enableSandbox).toHaveBeenCalled();
  });

  it('registers app:// as a standard secure scheme and duet-media:// as a streaming one that keeps the CSP', () => {
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      {
        scheme: 'duet-media',
        privileges: { secure: true, stream: true, supportFetchAPI: true, bypassCSP: false },
      },
    ]);
    expect(protocol.handle.mock.calls.map((c) => c[0])).toEqual(['app', 'duet-media']);
  });

  it('installs permission request and check handlers on the default and the login session', () => {
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
    expect(session.fromPartition).toHaveBeenCalledWith('duet-login');
    const login = session.fromPartition.mock.results[0]!.value as typeof session.defaultSession;
    expect(login.setPermissionRequestHandler).toHaveBeenCalled();
    expect(login.setPermissionCheckHandler).toHaveBeenCalled();
  });

  it('builds the services once and registers every bridge call on ipcMain', () => {
    expect(core.created).toBe(1);
    const channels = ipcMain.handle.mock.calls.map((c) => c[0]);
    for (const name of callNames) expect(channels).toContain(channelOf(name));
  });

  it('opens the main window hardened, on the app origin', () => {
    const [win] = FakeBrowserWindow.getAllWindows();
    expect(win!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(String((win!.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(win!.loadURL).toHaveBeenCalledWith('app://duet/index.html');
  });

  it('hardens every webContents: foreign navigation blocked, window.open denied', () => {
    const [win] = FakeBrowserWindow.getAllWindows();
    let prevented = false;
    win!.webContents.emit('will-navigate', {
      url: 'https://evil.example/',
      preventDefault: () => (prevented = true),
    });
    expect(prevented).toBe(true);
    expect(win!.webContents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('rejects bridge calls from frames that are not the main window top frame', async () => {
    const [win] = FakeBrowserWindow.getAllWindows();
    const listener = ipcMain.handle.mock.calls.find((c) => c[0] === 'duet:settings/get')![1] as (
      e: unknown,
      p: unknown,
    ) => Promise<unknown>;
    const foreign = {
      senderFrame: { url: 'app://duet/index.html', parent: null, processId: 99, routingId: 99 },
    };
    await expect(listener(foreign, {})).rejects.toThrow(/forbidden/);
    // Our own top frame gets past the sender check (the stub handler's empty answer then fails response validation).
    await expect(listener({ senderFrame: win!.webContents.mainFrame }, {})).rejects.toThrow(
      /invalid-response/,
    );
  });

  it('focuses the existing window when a second instance starts', () => {
    const [win] = FakeBrowserWindow.getAllWindows();
    win!.focus.mockClear();
    app.emit('second-instance');
    expect(win!.focus).toHaveBeenCalled();
  });

  it('hands the services an Electron platform with a vault that reports its protection', () => {
    const platform = core.platform as {
      kind: string;
      vault: { info(): { backend: string; secure: boolean } };
    };
    expect(platform.kind).toBe('electron');
    expect(platform.vault.info()).toMatchObject({ backend: expect.any(String), secure: expect.any(Boolean) });
  });

  it('sets an app menu whose Check for Updates… answers even in an unpackaged run, without checking', async () => {
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    type Item = { label?: string; submenu?: Item[]; click?: () => void };
    const template = Menu.buildFromTemplate.mock.calls[0]![0] as Item[];
    const item = template.flatMap((m) => m.submenu ?? []).find((i) => i.label === 'Check for Updates…');
    expect(item).toBeDefined();
    const [win] = FakeBrowserWindow.getAllWindows();
    win!.emit('show');
    item!.click!();
    await vi.waitFor(() => expect(dialog.showMessageBox).toHaveBeenCalled());
    const options = dialog.showMessageBox.mock.calls[0]!.at(-1) as { message: string; detail: string };
    expect(options.message).toBe("This copy of Duet can't update itself");
    expect(options.detail).toMatch(/not an installed release/);
  });
});
