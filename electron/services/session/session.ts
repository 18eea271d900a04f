// The session: three ways in (Facebook Login, a pasted token, demo), one resulting SessionState. Tokens live in the
// vault and in this service only; what leaves through the bridge is SessionState, which has no field for a token.
import { BridgeError } from '../../../shared/bridge/contract';
import type { Session, SessionState } from '../../../shared/bridge/calls/session';
import { graphPath, redact, type GraphClient } from '../graph/client';
import type { KeyValueStore, TokenVault } from '../types';
import type { SettingsService } from './settings';
import type { Account } from '../../../shared/models';
import { Refused } from './token-check';
import { createSignedIn } from './signed-in';
import { driveDemoConsent } from '../../../sandbox/demo-consent';
import {
  loginDialogUrl,
  parseCallback,
  randomState,
  readLoginAnswer,
  windowRedirectUri,
  type PendingLogin,
  type ReRequest,
} from './login-flow';
import { exchangeAtBroker } from './token-broker';
import { restoreSession } from './persisted';
import { createDemoSandboxSlot, type DemoSandbox } from './demo-sandbox';

export { CANCELLED_MESSAGE, LOGIN_SCOPES, parseCallback } from './login-flow';
export type { DemoSandbox } from './demo-sandbox';

/** Options of `createSessionService`. */
export interface SessionServiceOptions {
  settings: SettingsService;
  vault: TokenVault;
  graph: GraphClient;
  store: KeyValueStore<Record<string, unknown>>;
  /** Pushes session/changed. */
  onChange: (state: SessionState) => void;
  /** Wipes host-side caches on sign-out (media cache, ETags, budgets). */
  onSignOut: () => Promise<void>;
  /** Starts the embedded sandbox for demo mode. */
  startSandbox: () => Promise<DemoSandbox>;
  /** Electron: runs the login window; absent in the browser host. */
  runLoginWindow?: (url: string, isDone: (url: string) => boolean) => Promise<string | null>;
  /** Browser host: where the dialog redirects back to. */
  loginRedirectUri?: string;
  fetch?: typeof fetch;
  now?: () => number;
  randomState?: () => string;
  log?: (line: string) => void;
}

/** The session service used by the session/* handlers and by the gateway (for tokens). */
export interface SessionService {
  /** Restores the stored session (and signs in with DUET_ACCESS_TOKEN when set and nothing is stored). */
  init(envToken?: string): Promise<void>;
  state(): SessionState;
  /** The Page token for an account; throws not-signed-in / session-expired / permission. */
  pageToken(accountId: string): string;
  /** The user token (for /me calls); throws like pageToken. */
  userToken(): string;
  /** The signed-in accounts (empty when signed out). */
  accounts(): Account[];
  signInToken(token: string): Promise<SessionState>;
  signInDemo(): Promise<SessionState>;
  loginStart(): Promise<{ mode: 'window' | 'redirect'; url?: string; state: SessionState }>;
  loginComplete(callbackUrl: string): Promise<SessionState>;
  signOut(disconnect: boolean): Promise<SessionState>;
  /** Flips the session to expired after a 190 (nothing deleted). */
  markExpired(message: string): void;
  /**
   * Asks Facebook Login again for these permissions only (rerequest). Electron and the demo finish the dialog here
   * (`done`); the browser host gets the dialog address to open, and the answer comes back through loginComplete.
   */
  reRequest(again: ReRequest): Promise<{ mode: 'done' | 'redirect'; url?: string; state: SessionState }>;
  /** The user token whatever the session's status (host-internal: an expired session's token can still be inspected). */
  lastUserToken(): string | null;
  /** Every token the vault holds (user and Pages), for checks that must never find one in what leaves Duet. */
  secrets(): string[];
  /** Replaces an expired session's message with a better explanation (e.g. data access ran out). */
  explainExpired(message: string): void;
  /** Records a fresh reading of the granted and declined permissions (publishes session/changed when it differs). */
  setPermissions(granted: string[], declined: string[]): void;
  /** True when the demo sandbox runs in this process. */
  isDemo(): boolean;
  dispose(): Promise<void>;
}

/** Creates the session service. */
export function createSessionService(opts: SessionServiceOptions): SessionService {
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  const log = (l: string) => opts.log?.(redact(l));
  const demo = createDemoSandboxSlot(opts.settings, opts.startSandbox);
  const signedIn = createSignedIn({ ...opts, log });
  const { refuse, establish } = signedIn;
  let pending: PendingLogin | null = null;
  /** A demo being restarted in the background after a restart of Duet. */
  let resuming: Promise<void> | null = null;

  /** Starts a login: remembers its state and returns the dialog address. */
  function startLogin(redirectUri: string, again?: ReRequest): string {
    const state = (opts.randomState ?? randomState)();
    pending = { state, redirectUri, createdAt: now() };
    return loginDialogUrl(opts.settings.get(), redirectUri, state, again);
  }

  async function complete(callbackUrl: string, mode: Session['mode']): Promise<SessionState> {
    const answer = readLoginAnswer(callbackUrl, pending, now());
    // An address that can't be read leaves the started login waiting; any other answer ends it.
    if (parseCallback(callbackUrl)) pending = null;
    if (answer instanceof Refused) return refuse(answer.message);
    const brokered = await exchangeAtBroker({ settings: opts.settings, fetch: doFetch, log }, answer);
    return establish(brokered.token, mode, brokered.expiresIn ? now() + brokered.expiresIn * 1000 : null);
  }

  /** Restarts the demo in the background; if it can't, the expired demo says how to continue. */
  function resumeDemo(signInDemo: () => Promise<SessionState>) {
    resuming = signInDemo()
      .then(() => undefined)
      .catch((e: unknown) => {
        log(`session: the demo could not restart: ${e instanceof Error ? e.message : 'error'}`);
        if (signedIn.current().status === 'expired')
          refuse('The demo ended when Duet closed. Start the demo again to continue.');
      });
  }

  return {
    async init(envToken) {
      const restored = await restoreSession(opts.store, opts.vault);
      if (restored) signedIn.restore(restored);
      if (envToken && signedIn.current().status !== 'active') {
        await this.signInToken(envToken).catch((e: unknown) =>
          log(`session: DUET_ACCESS_TOKEN rejected: ${e instanceof Error ? e.message : 'error'}`),
        );
      }
      if (restored?.resumeDemo && signedIn.current().status !== 'active') resumeDemo(() => this.signInDemo());
    },
    state: () => signedIn.current(),
    pageToken(accountId) {
      const t = signedIn.requireActive().pageTokens[accountId];
      if (!t)
        throw new BridgeError(
          'permission',
          'Duet has no access to this Page. Sign in again and select it in the Facebook dialog.',
        );
      return t;
    },
    userToken: () => signedIn.requireActive().userToken,
    accounts: () => signedIn.current().session?.accounts ?? [],
    async signInToken(token) {
      await demo.stop();
      return establish(token.trim(), 'token', null);
    },
    async signInDemo() {
      await demo.start();
      opts.graph.reset();
      const redirectUri = windowRedirectUri(opts.settings.get().loginDialogUrl);
      const url = startLogin(redirectUri);
      let callback: string;
      try {
        callback = await driveDemoConsent(doFetch, url, redirectUri);
      } catch (err) {
        await demo.stop();
        throw new BridgeError(
          'internal',
          `The demo could not start: ${err instanceof Error ? err.message : 'unknown error'}`,
        );
      }
      const state = await complete(callback, 'demo');
      if (state.status !== 'active' || signedIn.current().session?.mode !== 'demo') await demo.stop();
      return state;
    },
    async loginStart() {
      if (!opts.settings.get().appId) {
        throw new BridgeError(
          'invalid-request',
          'Facebook Login needs your Facebook App ID. Set it in Settings (or use an access token or the demo).',
          [{ path: 'appId', message: 'Required for Facebook Login' }],
        );
      }
      if (opts.runLoginWindow) {
        const redirectUri = windowRedirectUri(opts.settings.get().loginDialogUrl);
        const url = startLogin(redirectUri);
        const done = await opts.runLoginWindow(url, (u) => u.startsWith(redirectUri));
        if (done === null) {
          pending = null;
          return {
            mode: 'window',
            state: refuse('You closed the Facebook Login window before finishing, so Duet is not signed in.'),
          };
        }
        return { mode: 'window', state: await complete(done, 'facebook') };
      }
      if (!opts.loginRedirectUri) throw new BridgeError('internal', 'This host cannot run Facebook Login.');
      return { mode: 'redirect', url: startLogin(opts.loginRedirectUri), state: signedIn.current() };
    },
    loginComplete: (callbackUrl) => complete(callbackUrl, 'facebook'),
    async signOut(disconnect) {
      const creds = signedIn.credentials();
      if (disconnect && creds) await revokePermissions(opts.graph, creds.userToken, log);
      pending = null;
      // Signed out first, so nothing (media downloads included) starts again while the caches are wiped.
      const state = await signedIn.signOut();
      await demo.stop();
      await opts.onSignOut();
      return state;
    },
    markExpired: (message) => signedIn.markExpired(message),
    async reRequest(again) {
      const mode = signedIn.requireActive().mode;
      if (mode === 'token')
        throw new BridgeError(
          'invalid-request',
          'Duet was signed in with a pasted access token, so it cannot ask Facebook for a permission. Sign in with Facebook, or paste a token that has it.',
        );
      const windowRedirect = windowRedirectUri(opts.settings.get().loginDialogUrl);
      if (mode === 'demo') {
        const callback = await driveDemoConsent(doFetch, startLogin(windowRedirect, again), windowRedirect);
        return { mode: 'done', state: await complete(callback, 'demo') };
      }
      if (opts.runLoginWindow) {
        const done = await opts.runLoginWindow(startLogin(windowRedirect, again), (u) =>
          u.startsWith(windowRedirect),
        );
        if (done === null) {
          pending = null;
          return { mode: 'done', state: refuse('You closed the Facebook window, so nothing was granted.') };
        }
        return { mode: 'done', state: await complete(done, 'facebook') };
      }
      if (!opts.loginRedirectUri) throw new BridgeError('internal', 'This host cannot run Facebook Login.');
      return { mode: 'redirect', url: startLogin(opts.loginRedirectUri, again), state: signedIn.current() };
    },
    setPermissions: (granted, declined) => signedIn.setPermissions(granted, declined),
    lastUserToken: () => signedIn.credentials()?.userToken ?? null,
    secrets: () => {
      const c = signedIn.credentials();
      return c ? [c.userToken, ...Object.values(c.pageTokens)] : [];
    },
    explainExpired: (message) => signedIn.explainExpired(message),
    isDemo: () => demo.running(),
    async dispose() {
      await resuming;
      await demo.stop();
    },
  };
}

/** "Disconnect": revokes Duet's permissions (`DELETE /me/permissions`); a failure is logged, never thrown. */
async function revokePermissions(graph: GraphClient, userToken: string, log: (line: string) => void) {
  try {
    await graph.request({ method: 'DELETE', path: graphPath('me', 'permissions'), token: userToken });
  } catch (err) {
    log(`session: disconnect failed: ${err instanceof Error ? err.message : 'error'}`);
  }
}
