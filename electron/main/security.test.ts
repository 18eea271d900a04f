import { describe, expect, it } from 'vitest';
import {
  hardenedWebPreferences,
  isAppUrl,
  isLoginNavigationAllowed,
  isTrustedSender,
  permissionDecision,
  type FrameLike,
} from './security';

describe('hardenedWebPreferences', () => {
  const prefs = hardenedWebPreferences('/app/dist-electron/preload.cjs');

  it('sandboxes and isolates every window and keeps Node out of the page', () => {
    expect(prefs).toMatchObject({
      preload: '/app/dist-electron/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and turns off webview, insecure content and experimental features', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });
});

describe('isAppUrl', () => {
  it.each(['app://duet/index.html', 'app://duet/', 'app://duet', 'app://duet/assets/index-abc.js?x=1#y'])(
    'accepts %s',
    (url) => {
      expect(isAppUrl(url)).toBe(true);
    },
  );

  it.each([
    'app://evil/index.html',
    'app://duet.evil.com/index.html',
    'app://user:pw@duet/index.html',
    'app://duet:8080/index.html',
    'https://duet/index.html',
    'file:///app/dist/renderer/index.html',
    'http://127.0.0.1:5173/',
    'duet-media://media/?k=a',
    'javascript:alert(1)',
    'about:blank',
    '',
    'not a url',
    null,
    undefined,
    42,
  ])('rejects %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('isLoginNavigationAllowed', () => {
  const meta = 'https://www.facebook.com';
  const sandbox = 'http://127.0.0.1:41234';

  it('allows the Facebook login dialog, its checkpoints and the login_success.html redirect', () => {
    expect(isLoginNavigationAllowed('https://www.facebook.com/v25.0/dialog/oauth?client_id=1', meta)).toBe(
      true,
    );
    expect(isLoginNavigationAllowed('https://m.facebook.com/checkpoint/?next', meta)).toBe(true);
    expect(
      isLoginNavigationAllowed('https://www.facebook.com/connect/login_success.html#access_token=x', meta),
    ).toBe(true);
  });

  it('allows the configured dialog origin (the sandbox in demo mode) but not other ports on the same host', () => {
    expect(isLoginNavigationAllowed('http://127.0.0.1:41234/v25.0/dialog/oauth', sandbox)).toBe(true);
    expect(isLoginNavigationAllowed('http://127.0.0.1:41235/v25.0/dialog/oauth', sandbox)).toBe(false);
    expect(isLoginNavigationAllowed('http://127.0.0.1:41234/dialog', meta)).toBe(false);
  });

  it('never treats a plain-http, non-loopback configured origin as the login origin', () => {
    expect(
      isLoginNavigationAllowed('http://collector.example/dialog/oauth', 'http://collector.example'),
    ).toBe(false);
    expect(isLoginNavigationAllowed('http://192.168.1.5:8080/dialog', 'http://192.168.1.5:8080')).toBe(false);
    expect(isLoginNavigationAllowed('https://login.example/dialog', 'https://user:pw@login.example')).toBe(
      false,
    );
    // Loopback (the sandbox) and https origins stay allowed.
    expect(isLoginNavigationAllowed('http://localhost:4000/dialog', 'http://localhost:4000')).toBe(true);
    expect(isLoginNavigationAllowed('https://login.example/dialog', 'https://login.example')).toBe(true);
  });

  it.each([
    'https://evil.example/login',
    'http://www.facebook.com/login',
    'https://www.facebook.com.evil.example/',
    'https://www.facebook.com@evil.example/',
    'https://www.instagram.com/accounts/login',
    'app://duet/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
  ])('blocks %s', (url) => {
    expect(isLoginNavigationAllowed(url, meta)).toBe(false);
  });
});

describe('permissionDecision', () => {
  it('grants notifications and clipboard write to the app origin only', () => {
    expect(permissionDecision('notifications', 'app://duet/index.html')).toBe(true);
    expect(permissionDecision('notifications', 'app://duet')).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', 'app://duet/')).toBe(true);
    expect(permissionDecision('notifications', 'https://www.facebook.com/')).toBe(false);
    expect(permissionDecision('notifications', '')).toBe(false);
    expect(permissionDecision('notifications', undefined)).toBe(false);
  });

  it.each([
    'media',
    'geolocation',
    'openExternal',
    'clipboard-read',
    'midiSysex',
    'hid',
    'usb',
    'serial',
    'fullscreen',
    'unknown',
  ])('denies %s even to the app origin', (permission) => {
    expect(permissionDecision(permission, 'app://duet/index.html')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const top: FrameLike = { url: 'app://duet/index.html', parent: null, processId: 4, routingId: 1 };
  const win = { mainFrame: top, isDestroyed: () => false };

  it("accepts our window's top-level frame on the app origin", () => {
    expect(isTrustedSender({ ...top }, win)).toBe(true);
  });

  it('rejects an iframe inside our window', () => {
    expect(
      isTrustedSender({ url: 'app://duet/index.html', parent: top, processId: 4, routingId: 7 }, win),
    ).toBe(false);
  });

  it('rejects the top frame of another window (e.g. the login window)', () => {
    expect(
      isTrustedSender({ url: 'app://duet/index.html', parent: null, processId: 9, routingId: 1 }, win),
    ).toBe(false);
  });

  it('rejects our frame once it shows a foreign origin', () => {
    const navigated = { ...top, url: 'https://evil.example/' };
    expect(isTrustedSender(navigated, { mainFrame: navigated, isDestroyed: () => false })).toBe(false);
  });

  it('rejects missing frames, detached frames and destroyed or absent windows', () => {
    expect(isTrustedSender(null, win)).toBe(false);
    expect(isTrustedSender({ ...top, detached: true }, win)).toBe(false);
    expect(isTrustedSender(top, { mainFrame: top, isDestroyed: () => true })).toBe(false);
    expect(isTrustedSender(top, null)).toBe(false);
  });
});
