// The Facebook Login window, as Meta documents manual login flows for desktop apps: a separate window on its own
// in-memory session, sandboxed, with no preload (Meta's page gets no bridge), that may navigate only within the
// dialog's origin and Facebook's login hosts. It resolves with the redirect URL (login_success.html#access_token=…)
// before that page loads, or null when the user closes the window.
import type { BrowserWindowConstructorOptions } from 'electron';
import { safeEndpointUrl } from '../../shared/security/endpoint-url';
import { isLoginNavigationAllowed } from './security';
import type { NavigationPolicy } from './hardening';

/** The login window's session partition: no `persist:` prefix, so its cookies live in memory only. */
export const LOGIN_PARTITION = 'duet-login';

/** Options of the login window: hardened like the app window, but without a preload and on its own session. */
export function loginWindowOptions(
  parent?: BrowserWindowConstructorOptions['parent'],
): BrowserWindowConstructorOptions {
  return {
    width: 560,
    height: 720,
    title: 'Sign in with Facebook — Duet',
    parent,
    modal: false,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      partition: LOGIN_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Facebook refuses some embedded browsers; the login page gets Chromium's plain user agent without the Electron/Duet tokens. */
export function plainChromeUserAgent(userAgent: string): string {
  return userAgent
    .replace(/\sElectron\/\S+/g, '')
    .replace(/\sDuet\/\S+/gi, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Iframes of the login page: https only, no credentials in the URL. */
function loginSubframeAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '';
  } catch {
    return url === 'about:blank' || url === 'about:srcdoc';
  }
}

/** The parts of a BrowserWindow the login flow uses. */
export interface LoginWindowLike {
  webContents: {
    on(event: string, listener: (...args: never[]) => void): unknown;
    getUserAgent(): string;
    setUserAgent(ua: string): void;
  };
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  loadURL(url: string): Promise<void>;
  show(): void;
  close(): void;
  isDestroyed(): boolean;
}

/** What runLoginWindow needs from index.ts. */
export interface LoginWindowDeps {
  createWindow(options: BrowserWindowConstructorOptions): LoginWindowLike;
  /** Registers the navigation policy hardenWebContents applies to this window's contents (and removes it). */
  setPolicy(contents: LoginWindowLike['webContents'], policy: NavigationPolicy | null): void;
  parent?: BrowserWindowConstructorOptions['parent'];
  log?: (line: string) => void;
}

/**
 * Opens the login dialog at `url`; resolves with the first URL for which `isDone` is true (caught on
 * will-navigate / will-redirect before the page loads, so the token never renders in a page), or null on close.
 */
export function runLoginWindow(
  deps: LoginWindowDeps,
  url: string,
  isDone: (url: string) => boolean,
): Promise<string | null> {
  // The window opens only on a login origin that passes the endpoint policy (the settings enforce it too): the
  // token comes back to this window, so it must never show a page on plain http or with credentials in its URL.
  let loginOrigin: string;
  try {
    const u = new URL(url);
    const safe = u.username || u.password ? null : safeEndpointUrl(u.origin);
    if (!safe) throw new Error('unsafe');
    loginOrigin = u.origin;
  } catch {
    (deps.log ?? console.warn)('[login] refused to open the login window on an unsafe address');
    return Promise.resolve(null);
  }
  const win = deps.createWindow(loginWindowOptions(deps.parent));
  const contents = win.webContents;
  contents.setUserAgent(plainChromeUserAgent(contents.getUserAgent()));
  deps.setPolicy(contents, (next, isMainFrame) =>
    isMainFrame
      ? isDone(next) || isLoginNavigationAllowed(next, loginOrigin)
      : // Iframes inside Meta's login page (its captcha lives on fbsbx.com and embeds reCAPTCHA) may load any https
        // page: this window has no preload, its own session and no privileges, and its top frame stays on Meta.
        loginSubframeAllowed(next),
  );

  return new Promise<string | null>((resolve) => {
    let settled = false;
    const finish = (result: string | null) => {
      if (settled) return;
      settled = true;
      deps.setPolicy(contents, null);
      resolve(result);
      if (result !== null && !win.isDestroyed()) win.close();
    };
    const check = (e: { url: string; preventDefault(): void }) => {
      if (isDone(e.url)) {
        e.preventDefault();
        finish(e.url);
      }
    };
    contents.on('will-navigate', check);
    contents.on('will-redirect', check);
    // Fallback for navigations that fire no will-* event (e.g. history navigations): read the URL once it committed.
    contents.on('did-navigate', (_e: never, committed: string) => {
      if (typeof committed === 'string' && isDone(committed)) finish(committed);
    });
    win.on('closed', () => finish(null));
    win.once('ready-to-show', () => win.show());
    win.loadURL(url).catch((error: unknown) => {
      // A load aborted by our own preventDefault (the success redirect) is expected; anything else is logged.
      if (!settled)
        (deps.log ?? console.warn)(
          `[login] the login page failed to load: ${error instanceof Error ? error.message.split('\n')[0] : 'error'}`,
        );
    });
  });
}
