import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { fakeEmitter } from '../test/electron-mock';
import type { NavigationPolicy } from './hardening';
import {
  LOGIN_PARTITION,
  loginWindowOptions,
  plainChromeUserAgent,
  runLoginWindow,
  type LoginWindowLike,
} from './login-window';

const dialog =
  'https://www.facebook.com/v25.0/dialog/oauth?client_id=1&redirect_uri=https%3A%2F%2Fwww.facebook.com%2Fconnect%2Flogin_success.html&state=s1';
const isDone = (url: string) => url.startsWith('https://www.facebook.com/connect/login_success.html');

function setup(loadURL: (url: string) => Promise<void> = () => Promise.resolve()) {
  const contents = {
    ...fakeEmitter(),
    getUserAgent: () => 'Mozilla/5.0 Chrome/140.0 Electron/45.5.0 Duet/0.1.0 Safari/537.36',
    setUserAgent: vi.fn(),
  };
  const win = {
    ...fakeEmitter(),
    webContents: contents,
    loadURL: vi.fn(loadURL),
    show: vi.fn(),
    close: vi.fn(),
    isDestroyed: () => false,
  };
  let options: BrowserWindowConstructorOptions | null = null;
  let policy: NavigationPolicy | null = null;
  const result = runLoginWindow(
    {
      createWindow: (o) => {
        options = o;
        return win as unknown as LoginWindowLike;
      },
      setPolicy: (_c, p) => (policy = p),
      log: vi.fn(),
    },
    dialog,
    isDone,
  );
  const navigate = (event: string, url: string) => {
    let prevented = false;
    contents.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { win, contents, result, navigate, options: () => options!, policy: () => policy };
}

describe('login window: only the configured login origin', () => {
  it.each([
    'http://collector.example/v25.0/dialog/oauth?client_id=1',
    'https://user:pw@www.facebook.com/v25.0/dialog/oauth',
    'javascript:alert(1)',
    'file:///etc/passwd',
  ])('refuses to open at %s (no window, resolves null)', async (url) => {
    const createWindow = vi.fn();
    const log = vi.fn();
    const result = await runLoginWindow({ createWindow, setPolicy: vi.fn(), log }, url, () => false);
    expect(result).toBeNull();
    expect(createWindow).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalled();
  });
});

describe('login window', () => {
  it('is sandboxed, isolated, has no preload and uses an in-memory session of its own', () => {
    const prefs = loginWindowOptions().webPreferences!;
    expect(prefs.preload).toBeUndefined();
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(prefs.partition).toBe(LOGIN_PARTITION);
    expect(prefs.partition!.startsWith('persist:')).toBe(false);
  });

  it('opens the dialog URL and limits navigation to the login hosts', () => {
    const { win, policy, options } = setup();
    expect(win.loadURL).toHaveBeenCalledWith(dialog);
    expect(options().webPreferences?.preload).toBeUndefined();
    expect(policy()!('https://www.facebook.com/login/device-based/regular/login/', true)).toBe(true);
    expect(policy()!('https://evil.example/', true)).toBe(false);
    expect(policy()!('app://duet/index.html', true)).toBe(false);
  });

  it("lets iframes of Meta's login page (captcha) load https pages, but nothing else", () => {
    const { policy } = setup();
    expect(policy()!('https://www.fbsbx.com/captcha/recaptcha/iframe/', false)).toBe(true);
    expect(policy()!('http://www.fbsbx.com/captcha/', false)).toBe(false);
    expect(policy()!('file:///etc/passwd', false)).toBe(false);
    expect(policy()!('app://duet/index.html', false)).toBe(false);
    expect(policy()!('https://www.fbsbx.com/captcha/', true)).toBe(false);
  });

  it('resolves with the login_success.html redirect, stops it from loading and closes the window', async () => {
    const { result, navigate, win, policy } = setup();
    expect(navigate('will-navigate', 'https://www.facebook.com/checkpoint/')).toBe(false);
    const success = 'https://www.facebook.com/connect/login_success.html#access_token=EAAx&state=s1';
    expect(navigate('will-redirect', success)).toBe(true);
    await expect(result).resolves.toBe(success);
    expect(win.close).toHaveBeenCalled();
    expect(policy()).toBeNull();
  });

  it('resolves with null when the user closes the window', async () => {
    const { result, win } = setup();
    win.emit('closed');
    await expect(result).resolves.toBeNull();
  });

  it('hides Electron from the user agent Facebook sees', () => {
    const { contents } = setup();
    expect(contents.setUserAgent).toHaveBeenCalledWith('Mozilla/5.0 Chrome/140.0 Safari/537.36');
    expect(plainChromeUserAgent('A Electron/1.2.3 B')).toBe('A B');
  });
});
