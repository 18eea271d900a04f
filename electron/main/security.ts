// The security decisions of the Electron host as small pure functions, so each one is unit-tested on its own and
// the bootstrap (index.ts) only wires them to Electron's events. See electron/README.md#security-checklist.
import type { WebPreferences } from 'electron';
import { MAX_LINK_LENGTH } from '../../shared/security/links';
import { safeEndpointUrl } from '../../shared/security/endpoint-url';

/** The scheme and host the renderer is served from (`app://duet/index.html`); see app-protocol.ts. */
export const APP_SCHEME = 'app';
/** The host part of the app origin. */
export const APP_HOST = 'duet';
/** The renderer's entry URL. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
/** The scheme cached pictures and videos are served from (`duet-media://media/?k=…`); see media-protocol.ts. */
export const MEDIA_SCHEME = 'duet-media';

/** Hosts the Facebook Login dialog may move through (login, checkpoints/2FA, login_success.html). */
export const FACEBOOK_LOGIN_HOSTS: readonly string[] = [
  'www.facebook.com',
  'facebook.com',
  'm.facebook.com',
  'web.facebook.com',
];

/** URLs longer than this are refused outright (nothing legitimate in Duet is this long). */
const MAX_URL_LENGTH = MAX_LINK_LENGTH;

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The webPreferences of every Duet renderer window: sandboxed, isolated, no Node, no webview, web security on
 * (Electron security checklist items 2, 3, 4, 6, 8, 9, 10). `preloadPath` is the bundled dist-electron/preload.cjs.
 */
export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Spellcheck stays on for the reply composer. On Windows/Linux Chromium fetches the hunspell dictionary once;
    // no user text leaves the machine.
    spellcheck: true,
  };
}

/** True only for URLs on the app origin `app://duet` (no credentials, no port). */
export function isAppUrl(url: unknown): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/**
 * May the login window navigate to `url`? Only the configured login dialog's origin (Meta, or the sandbox on a
 * loopback port in demo mode) and Facebook's https login hosts — the dialog, checkpoints and login_success.html.
 */
export function isLoginNavigationAllowed(url: unknown, loginOrigin: string): boolean {
  const u = parse(url);
  if (u === null || u.username !== '' || u.password !== '') return false;
  // The configured origin counts only when it passes the endpoint policy (https; plain http only on loopback).
  const configured = typeof loginOrigin === 'string' ? safeEndpointUrl(loginOrigin) : null;
  if (configured !== null && u.origin === new URL(configured).origin) return true;
  return (
    u.protocol === 'https:' &&
    (u.port === '' || u.port === '443') &&
    FACEBOOK_LOGIN_HOSTS.includes(u.hostname)
  );
}

/** Permissions Duet's own pages may use: desktop notifications, and clipboard *write* for "copy diagnostics". */
export const GRANTED_PERMISSIONS: readonly string[] = ['notifications', 'clipboard-sanitized-write'];

/**
 * Permission request/check decision: deny by default; only the app origin may get the permissions in
 * GRANTED_PERMISSIONS (checklist item 5: media, geolocation, midi, openExternal, … are all denied).
 */
export function permissionDecision(permission: string, requestingUrl: string | null | undefined): boolean {
  return GRANTED_PERMISSIONS.includes(permission) && isAppUrl(requestingUrl);
}

/** The parts of a WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
  readonly detached?: boolean;
}

/** The parts of the main window's WebContents the sender check reads. */
export interface WindowContentsLike {
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}

/**
 * Is this IPC sender our own window's top-level frame showing the app origin (checklist item 17)? Rejects
 * iframes, other windows (e.g. the login window), destroyed windows and frames that navigated elsewhere.
 */
export function isTrustedSender(
  frame: FrameLike | null | undefined,
  mainWindowWebContents: WindowContentsLike | null | undefined,
): boolean {
  if (!frame || !mainWindowWebContents || mainWindowWebContents.isDestroyed()) return false;
  if (frame.detached || frame.parent !== null) return false;
  const top = mainWindowWebContents.mainFrame;
  return frame.processId === top.processId && frame.routingId === top.routingId && isAppUrl(frame.url);
}
