import type { HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  hardenWebContents,
  installPermissionHandlers,
  type HardenableContents,
  type NavigationPolicy,
} from './hardening';
import { isAppUrl, isLoginNavigationAllowed } from './security';

function fakeContents() {
  const listeners = new Map<string, Array<(e: unknown) => void>>();
  let openHandler: ((d: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  const contents = {
    on: (event: string, l: (e: unknown) => void) =>
      listeners.set(event, [...(listeners.get(event) ?? []), l]),
    setWindowOpenHandler: (h: (d: HandlerDetails) => WindowOpenHandlerResponse) => {
      openHandler = h;
    },
  } as unknown as HardenableContents;
  /** Fires `event` like Electron does; returns true when some listener prevented it. */
  const fire = (event: string, url?: string, isMainFrame = true) => {
    let prevented = false;
    const e = { url, isMainFrame, preventDefault: () => (prevented = true) };
    for (const l of listeners.get(event) ?? []) l(e);
    return prevented;
  };
  const open = (url: string) => openHandler!({ url } as HandlerDetails);
  return { contents, fire, open };
}

function setup(policy: NavigationPolicy = (url) => isAppUrl(url)) {
  const openExternal = vi.fn(() => Promise.resolve());
  const log = vi.fn();
  const fake = fakeContents();
  hardenWebContents(fake.contents, { policyFor: () => policy, openExternal, log });
  return { ...fake, openExternal, log };
}

describe('hardenWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    '%s: blocks foreign origins, allows the app',
    (event) => {
      const { fire, log } = setup();
      expect(fire(event, 'https://evil.example/phish')).toBe(true);
      expect(fire(event, 'https://evil.example/frame', false)).toBe(true);
      expect(fire(event, 'file:///etc/passwd')).toBe(true);
      expect(fire(event, 'app://duet/index.html#/inbox')).toBe(false);
      expect(log).toHaveBeenCalledWith(expect.stringContaining('https://evil.example/phish'));
    },
  );

  it('does not log query strings or fragments of blocked URLs (they can carry tokens)', () => {
    const { fire, log } = setup();
    fire('will-navigate', 'https://evil.example/cb?access_token=EAAsecret#access_token=EAAsecret');
    expect(log.mock.calls.flat().join()).not.toContain('EAAsecret');
  });

  it('uses the policy of each webContents (the login window may reach Facebook, the app window may not)', () => {
    const login = setup((url) => isLoginNavigationAllowed(url, 'https://www.facebook.com'));
    const seen: boolean[] = [];
    setup((_url, isMainFrame) => (seen.push(isMainFrame), false)).fire(
      'will-frame-navigate',
      'https://x.example/',
      false,
    );
    expect(seen).toEqual([false]);
    expect(login.fire('will-navigate', 'https://www.facebook.com/v25.0/dialog/oauth')).toBe(false);
    expect(login.fire('will-navigate', 'https://evil.example/')).toBe(true);
    const app = setup();
    expect(app.fire('will-navigate', 'https://www.facebook.com/v25.0/dialog/oauth')).toBe(true);
  });

  it('denies every new window and hands only allow-listed https links to the system browser', () => {
    const { open, openExternal } = setup();
    expect(open('https://www.instagram.com/duet.shop/')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://www.instagram.com/duet.shop/');
    openExternal.mockClear();
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-msdt:/id x',
      'app://duet/index.html',
      'https://localhost./',
      'https://printer.local./',
    ]) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('prevents every <webview>', () => {
    const { fire } = setup();
    expect(fire('will-attach-webview')).toBe(true);
  });
});

describe('installPermissionHandlers', () => {
  type RequestHandler = (
    wc: unknown,
    permission: string,
    cb: (granted: boolean) => void,
    details: { requestingUrl: string },
  ) => void;
  type CheckHandler = (
    wc: unknown,
    permission: string,
    origin: string,
    details: { requestingUrl?: string },
  ) => boolean;

  function install() {
    let request: RequestHandler | null = null;
    let check: CheckHandler | null = null;
    installPermissionHandlers({
      setPermissionRequestHandler: (h: unknown) => (request = h as RequestHandler),
      setPermissionCheckHandler: (h: unknown) => (check = h as CheckHandler),
    } as never);
    return { request: request!, check: check! };
  }

  it('grants a notification request from the app and denies everything else', () => {
    const { request } = install();
    const ask = (permission: string, url: string) => {
      let granted: boolean | undefined;
      request(null, permission, (g) => (granted = g), { requestingUrl: url });
      return granted;
    };
    expect(ask('notifications', 'app://duet/index.html')).toBe(true);
    expect(ask('media', 'app://duet/index.html')).toBe(false);
    expect(ask('geolocation', 'app://duet/index.html')).toBe(false);
    expect(ask('notifications', 'https://www.facebook.com/')).toBe(false);
  });

  it('answers permission checks the same way (checks are not covered by the request handler)', () => {
    const { check } = install();
    expect(check(null, 'notifications', 'app://duet', {})).toBe(true);
    expect(check(null, 'media', 'app://duet', { requestingUrl: 'app://duet/index.html' })).toBe(false);
    expect(check(null, 'notifications', 'https://www.facebook.com', {})).toBe(false);
  });
});
