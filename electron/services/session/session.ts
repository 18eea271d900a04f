// The session: three ways in (Facebook Login, a pasted token, demo), one resulting SessionState. Tokens live in the
// vault and in this service only; what leaves through the bridge is SessionState, which has no field for a token.
import { BridgeError } from '../../../shared/bridge/contract';
import {
  Session as SessionSchema,
  type Session,
  type SessionState,
} from '../../../shared/bridge/calls/session';
import { DUET_PERMISSIONS } from '../../../shared/graph/permissions';
import { graphPath, redact, type GraphClient } from '../graph/client';
import type { KeyValueStore, StoredCredentials, TokenVault } from '../types';
import type { SettingsService } from './settings';
import { mediaKey, type Account, type MediaRef } from '../../../shared/models';
import { safeEndpointUrl } from '../../../shared/security/endpoint-url';
import { listAccounts, pageAsAccount, readPermissions, readUser, Refused } from './token-check';
import { driveDemoConsent } from '../../../sandbox/demo-consent';

/** The permissions Duet asks for in Facebook Login (issue 4): the one list in shared/graph/permissions.ts. */
export const LOGIN_SCOPES = DUET_PERMISSIONS;

/** Meta's redirect target for desktop apps (manual login flow). */
const FACEBOOK_LOGIN_SUCCESS = 'https://www.facebook.com/connect/login_success.html';

/** How long a started Facebook Login stays valid. */
const LOGIN_TIMEOUT_MS = 15 * 60 * 1000;

/** Message shown when the user cancels or denies Facebook Login. */
export const CANCELLED_MESSAGE =
  'You cancelled Facebook Login, so Duet is not signed in. Sign in again whenever you are ready.';

/** A running embedded sandbox (demo mode). */
export interface DemoSandbox {
  url: string;
  close(): Promise<void>;
}

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
  /** True when the demo sandbox runs in this process. */
  isDemo(): boolean;
  dispose(): Promise<void>;
}

const SESSION_KEY = 'session';

interface PersistedSession {
  status: 'active' | 'expired';
  session: Session;
  message?: string;
}

function randomState(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}

/** Reads `key=value` pairs from both the fragment and the query of a redirect URL (fragment wins). */
export function parseCallback(callbackUrl: string): URLSearchParams | null {
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return null;
  }
  const out = new URLSearchParams(url.search);
  for (const [k, v] of new URLSearchParams(url.hash.replace(/^#/, ''))) out.set(k, v);
  return out;
}

/** Creates the session service. */
export function createSessionService(opts: SessionServiceOptions): SessionService {
  const now = opts.now ?? Date.now;
  const doFetch = opts.fetch ?? fetch;
  const log = (l: string) => opts.log?.(redact(l));
  let creds: StoredCredentials | null = null;
  let current: SessionState = { status: 'signed-out', vault: opts.vault.info() };
  let pending: { state: string; redirectUri: string; createdAt: number } | null = null;
  let sandbox: DemoSandbox | null = null;
  /** A demo being restarted in the background after a restart of Duet. */
  let resuming: Promise<void> | null = null;

  function publish(next: SessionState) {
    current = next;
    if (next.status === 'signed-out' || !next.session) opts.store.delete(SESSION_KEY);
    else {
      const p: PersistedSession = { status: next.status, session: next.session };
      if (next.message) p.message = next.message;
      opts.store.set(SESSION_KEY, p);
    }
    opts.onChange(next);
    return next;
  }

  /** A refusal that leaves the current session untouched but explains why. */
  function refuse(message: string): SessionState {
    const next: SessionState = { ...current, message };
    current = next;
    opts.onChange(next);
    return next;
  }

  function requireActive(): StoredCredentials {
    if (current.status === 'expired')
      throw new BridgeError('session-expired', current.message ?? 'Your session expired. Sign in again.');
    if (!creds || current.status !== 'active')
      throw new BridgeError('not-signed-in', 'Sign in to Duet first.');
    const base = opts.settings.get().graphBaseUrl;
    if (sameOrigin(creds.graphBaseUrl, base) === false) {
      // The token belongs to another Graph server (e.g. a sandbox token, or a Meta token while the settings now point
      // at a test server): never send it there. Nothing is deleted; signing in again against the new server resumes.
      const message = `Duet now talks to ${new URL(base).host}, but you signed in with ${new URL(creds.graphBaseUrl).host}. Sign in again to continue.`;
      publish({ status: 'expired', session: current.session!, message, vault: opts.vault.info() });
      throw new BridgeError('session-expired', message);
    }
    return creds;
  }

  async function stopSandbox() {
    if (!sandbox) return;
    const s = sandbox;
    sandbox = null;
    opts.settings.setSessionOverrides(null);
    await s.close().catch(() => undefined);
  }

  /**
   * Validates a token and builds the session: `/me`, then `/me/accounts` for a user/system-user token; if that edge
   * is refused, the token is treated as a Page token and `/{id}` is the only account.
   */
  async function establish(
    token: string,
    mode: Session['mode'],
    expiresAt: number | null,
  ): Promise<SessionState> {
    const user = await readUser(opts.graph, token);
    if (user instanceof Refused) return refuse(user.message);
    let found = await listAccounts(opts.graph, token);
    if (found instanceof Refused) return refuse(found.message);
    if ('pageToken' in found) found = await pageAsAccount(opts.graph, token, user.id, found.accountsError);
    if (found instanceof Refused) return refuse(found.message);
    const { accounts, pageTokens } = found;
    if (accounts.length === 0) {
      return refuse(
        'This Facebook account doesn’t manage any Page Duet can use. Make sure you granted access to your Page (pages_show_list) and try again.',
      );
    }
    const { granted, declined } = await readPermissions(opts.graph, token);
    const picUrl = user.picture?.data?.url;
    const picture: MediaRef | undefined = picUrl
      ? { key: mediaKey(accounts[0]!.id, user.id, 'picture'), url: picUrl, kind: 'image' }
      : undefined;
    const session: Session = {
      user: { id: user.id, name: user.name ?? accounts[0]!.name, ...(picture ? { picture } : {}) },
      accounts,
      grantedPermissions: granted,
      declinedPermissions: declined,
      expiresAt,
      mode,
    };
    const checked = SessionSchema.safeParse(session);
    if (!checked.success)
      return refuse('Facebook answered the token check with something Duet could not read.');
    creds = {
      userId: user.id,
      mode,
      userToken: token,
      expiresAt,
      pageTokens,
      graphBaseUrl: opts.settings.get().graphBaseUrl,
    };
    await opts.vault.save(creds);
    log(`session: signed in (${mode}) with ${accounts.length} account(s)`);
    return publish({ status: 'active', session: checked.data, vault: opts.vault.info() });
  }

  async function maybeBroker(
    token: string,
    expiresIn: number | null,
  ): Promise<{ token: string; expiresIn: number | null }> {
    const configured = opts.settings.get().tokenBrokerUrl;
    if (!configured) return { token, expiresIn };
    // Checked again right before the token leaves (the settings schema checks it too): https or loopback only.
    const broker = safeEndpointUrl(configured);
    if (!broker) {
      log('session: token broker address refused (not https); keeping the short-lived token');
      return { token, expiresIn };
    }
    try {
      const res = await doFetch(broker, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: token, app_id: opts.settings.get().appId }),
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
      if (res.ok && typeof body.access_token === 'string' && body.access_token.length > 10) {
        return {
          token: body.access_token,
          expiresIn: typeof body.expires_in === 'number' ? body.expires_in : null,
        };
      }
      log(`session: token broker answered ${res.status}; keeping the short-lived token`);
    } catch {
      log('session: token broker unreachable; keeping the short-lived token');
    }
    return { token, expiresIn };
  }

  function dialogUrl(redirectUri: string): string {
    const s = opts.settings.get();
    const state = (opts.randomState ?? randomState)();
    pending = { state, redirectUri, createdAt: now() };
    const url = new URL(`${s.loginDialogUrl.replace(/\/+$/, '')}/${s.apiVersion}/dialog/oauth`);
    url.searchParams.set('client_id', s.appId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('scope', LOGIN_SCOPES.join(','));
    url.searchParams.set('response_type', 'token');
    return url.toString();
  }

  /** Meta's login_success.html, or the dialog host's own one when the dialog isn't facebook.com (the sandbox). */
  function windowRedirectUri(): string {
    const dialog = new URL(opts.settings.get().loginDialogUrl);
    return /(^|\.)facebook\.com$/.test(dialog.hostname)
      ? FACEBOOK_LOGIN_SUCCESS
      : `${dialog.origin}/connect/login_success.html`;
  }

  async function complete(callbackUrl: string, mode: Session['mode']): Promise<SessionState> {
    const params = parseCallback(callbackUrl);
    const expected = pending;
    if (!params) return refuse('Facebook Login returned an address Duet could not read. Please try again.');
    if (!expected || params.get('state') !== expected.state) {
      pending = null;
      return refuse(
        'The sign-in answer did not match the sign-in Duet started (state mismatch), so it was rejected. Please try again.',
      );
    }
    pending = null;
    if (now() - expected.createdAt > LOGIN_TIMEOUT_MS) {
      return refuse('That sign-in took too long and was not accepted. Please sign in again.');
    }
    if (params.get('error') || params.get('error_reason')) {
      const err = params.get('error');
      if (err === 'access_denied' || params.get('error_reason') === 'user_denied')
        return refuse(CANCELLED_MESSAGE);
      return refuse(`Facebook Login failed: ${params.get('error_description') ?? err ?? 'unknown error'}`);
    }
    const token = params.get('access_token');
    if (!token) return refuse('Facebook Login finished without an access token. Please try again.');
    const ei = Number(params.get('expires_in'));
    const brokered = await maybeBroker(token, Number.isFinite(ei) && ei > 0 ? ei : null);
    return establish(brokered.token, mode, brokered.expiresIn ? now() + brokered.expiresIn * 1000 : null);
  }

  return {
    async init(envToken) {
      let resumeDemo = false;
      const stored = opts.store.get(SESSION_KEY) as PersistedSession | undefined;
      const loaded = await opts.vault.load();
      const parsed = stored ? SessionSchema.safeParse(stored.session) : null;
      if (loaded && parsed?.success && loaded.mode !== 'demo' && loaded.userId === parsed.data.user.id) {
        creds = loaded;
        current = {
          status: stored!.status === 'expired' ? 'expired' : 'active',
          session: parsed.data,
          ...(stored!.message ? { message: stored!.message } : {}),
          vault: opts.vault.info(),
        };
      } else if (loaded?.mode === 'demo' && parsed?.success) {
        // The demo sandbox died with the last run, so its tokens are useless. The seeded sandbox is deterministic:
        // restarting it gives the same user and Pages, so the demo resumes in the background on the same local data.
        current = {
          status: 'expired',
          session: parsed.data,
          message: 'Restarting the demo…',
          vault: opts.vault.info(),
        };
        resumeDemo = true;
      }
      if (envToken && current.status !== 'active') {
        await this.signInToken(envToken).catch((e: unknown) =>
          log(`session: DUET_ACCESS_TOKEN rejected: ${e instanceof Error ? e.message : 'error'}`),
        );
      }
      if (resumeDemo && current.status !== 'active') {
        resuming = this.signInDemo()
          .then(() => undefined)
          .catch((e: unknown) => {
            log(`session: the demo could not restart: ${e instanceof Error ? e.message : 'error'}`);
            if (current.status === 'expired')
              refuse('The demo ended when Duet closed. Start the demo again to continue.');
          });
      }
    },
    state: () => current,
    pageToken(accountId) {
      const c = requireActive();
      const t = c.pageTokens[accountId];
      if (!t)
        throw new BridgeError(
          'permission',
          'Duet has no access to this Page. Sign in again and select it in the Facebook dialog.',
        );
      return t;
    },
    userToken: () => requireActive().userToken,
    accounts: () => current.session?.accounts ?? [],
    async signInToken(token) {
      await stopSandbox();
      return establish(token.trim(), 'token', null);
    },
    async signInDemo() {
      await stopSandbox();
      const sb = await opts.startSandbox();
      sandbox = sb;
      opts.settings.setSessionOverrides({
        graphBaseUrl: sb.url,
        loginDialogUrl: sb.url,
        appId: opts.settings.get().appId || 'duet-demo',
      });
      opts.graph.reset();
      const redirectUri = windowRedirectUri();
      const url = dialogUrl(redirectUri);
      let callback: string;
      try {
        callback = await driveDemoConsent(doFetch, url, redirectUri);
      } catch (err) {
        await stopSandbox();
        throw new BridgeError(
          'internal',
          `The demo could not start: ${err instanceof Error ? err.message : 'unknown error'}`,
        );
      }
      const state = await complete(callback, 'demo');
      if (state.status !== 'active' || current.session?.mode !== 'demo') await stopSandbox();
      return state;
    },
    async loginStart() {
      const s = opts.settings.get();
      if (!s.appId) {
        throw new BridgeError(
          'invalid-request',
          'Facebook Login needs your Facebook App ID. Set it in Settings (or use an access token or the demo).',
          [{ path: 'appId', message: 'Required for Facebook Login' }],
        );
      }
      if (opts.runLoginWindow) {
        const redirectUri = windowRedirectUri();
        const url = dialogUrl(redirectUri);
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
      return { mode: 'redirect', url: dialogUrl(opts.loginRedirectUri), state: current };
    },
    loginComplete: (callbackUrl) => complete(callbackUrl, 'facebook'),
    async signOut(disconnect) {
      if (disconnect && creds) {
        try {
          await opts.graph.request({
            method: 'DELETE',
            path: graphPath('me', 'permissions'),
            token: creds.userToken,
          });
        } catch (err) {
          log(`session: disconnect failed: ${err instanceof Error ? err.message : 'error'}`);
        }
      }
      creds = null;
      pending = null;
      await opts.vault.clear();
      // Signed out first, so nothing (media downloads included) starts again while the caches are wiped.
      const state = publish({ status: 'signed-out', vault: opts.vault.info() });
      await stopSandbox();
      await opts.onSignOut();
      return state;
    },
    markExpired(message) {
      if (current.status !== 'active' || !current.session) return;
      log('session: expired (190)');
      publish({ status: 'expired', session: current.session, message, vault: opts.vault.info() });
    },
    isDemo: () => sandbox !== null,
    async dispose() {
      await resuming;
      await stopSandbox();
    },
  };
}

/** True/false when both URLs parse; undefined when one doesn't (then nothing is decided here). */
function sameOrigin(a: string, b: string): boolean | undefined {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return undefined;
  }
}
