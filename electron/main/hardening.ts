// Hardening applied to EVERY webContents the app creates (wired from app 'web-contents-created' in index.ts) and to
// every session: navigation limited to an allow-list, new windows denied (allow-listed links go to the system
// browser), <webview> refused, permissions denied by default. Checklist items 5, 12, 13, 14, 15.
import type { Event, HandlerDetails, Session, WebContents, WindowOpenHandlerResponse } from 'electron';
import { isExternalLinkAllowed } from '../../shared/security/links';
import { permissionDecision } from './security';

/** Decides whether a webContents may navigate its main frame (or, with isMainFrame false, an iframe) to `url`. */
export type NavigationPolicy = (url: string, isMainFrame: boolean) => boolean;

/** The parts of WebContents hardenWebContents touches (the real one satisfies it). */
export interface HardenableContents {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
    listener: (e: Event & { url: string; isMainFrame?: boolean }) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (e: Event) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

/** What hardenWebContents needs from the rest of the app. */
export interface HardeningDeps {
  /** The navigation policy of this webContents, looked up at event time (the login window registers its own). */
  policyFor(contents: HardenableContents): NavigationPolicy;
  /** shell.openExternal; only ever called with URLs that passed isExternalLinkAllowed. */
  openExternal(url: string): Promise<void>;
  log?: (line: string) => void;
}

function shortUrl(url: string): string {
  // Log the origin and path only: query strings and fragments can carry tokens (login redirects).
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.slice(0, 200);
  } catch {
    return '(unparseable url)';
  }
}

/** Installs the navigation, window-open and webview guards on one webContents. */
export function hardenWebContents(contents: HardenableContents, deps: HardeningDeps): void {
  const log = deps.log ?? console.warn;
  const guard = (kind: string) => (e: Event & { url: string; isMainFrame?: boolean }) => {
    // Treat a missing flag as the main frame: the stricter reading.
    if (!deps.policyFor(contents)(e.url, e.isMainFrame !== false)) {
      e.preventDefault();
      log(`[security] blocked ${kind} to ${shortUrl(e.url)}`);
    }
  };
  contents.on('will-navigate', guard('navigation'));
  // will-frame-navigate also covers iframes (will-navigate only sees the main frame).
  contents.on('will-frame-navigate', guard('frame navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.on('will-attach-webview', (e) => {
    e.preventDefault();
    log('[security] blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) {
      deps.openExternal(url).catch(() => log(`[security] could not open ${shortUrl(url)} in the browser`));
    } else {
      log(`[security] refused to open ${shortUrl(url)}`);
    }
    return { action: 'deny' };
  });
}

/** Installs deny-by-default permission request AND check handlers on a session (see permissionDecision). */
export function installPermissionHandlers(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents: WebContents, permission, callback, details) => {
    callback(permissionDecision(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionDecision(permission, details.requestingUrl ?? requestingOrigin),
  );
}
