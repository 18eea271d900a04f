// What is signed in right now: the SessionState the bridge sees and the credentials behind it, kept together.
// Every change is persisted and pushed; the token checks and the "which server does this token belong to" rule live
// here, so the session service only decides how a sign-in happens.
import { BridgeError } from '../../../shared/bridge/contract';
import type { Session, SessionState } from '../../../shared/bridge/calls/session';
import type { GraphClient } from '../graph/client';
import type { KeyValueStore, StoredCredentials, TokenVault } from '../types';
import { persistSessionState, type RestoredSession } from './persisted';
import type { SettingsService } from './settings';
import { checkToken, Refused } from './token-check';

/** What the signed-in state needs from the session service. */
export interface SignedInDeps {
  settings: SettingsService;
  vault: TokenVault;
  graph: GraphClient;
  store: KeyValueStore<Record<string, unknown>>;
  onChange: (state: SessionState) => void;
  log: (line: string) => void;
}

export interface SignedIn {
  current(): SessionState;
  credentials(): StoredCredentials | null;
  /** Takes over what a restart found (nothing is persisted or pushed). */
  restore(restored: RestoredSession): void;
  publish(next: SessionState): SessionState;
  /** A refusal that leaves the current session untouched but explains why. */
  refuse(message: string): SessionState;
  /** The credentials of an active session on the configured server; throws session-expired / not-signed-in. */
  requireActive(): StoredCredentials;
  /** Checks the token with Graph; on success stores the credentials and publishes the active session. */
  establish(token: string, mode: Session['mode'], expiresAt: number | null): Promise<SessionState>;
  /** Forgets the credentials (vault included) and publishes signed-out. */
  signOut(): Promise<SessionState>;
  /** Flips an active session to expired after a 190 (nothing deleted). */
  markExpired(message: string): void;
  /** Replaces the message of an expired session (a better explanation found after the fact). */
  explainExpired(message: string): void;
  /** Replaces the granted/declined lists of an active session; publishes only when they changed. */
  setPermissions(granted: string[], declined: string[]): void;
}

export function createSignedIn(deps: SignedInDeps): SignedIn {
  let creds: StoredCredentials | null = null;
  let current: SessionState = { status: 'signed-out', vault: deps.vault.info() };

  function publish(next: SessionState) {
    current = next;
    persistSessionState(deps.store, next);
    deps.onChange(next);
    return next;
  }

  function refuse(message: string): SessionState {
    const next: SessionState = { ...current, message };
    current = next;
    deps.onChange(next);
    return next;
  }

  return {
    current: () => current,
    credentials: () => creds,
    restore(restored) {
      creds = restored.creds;
      current = restored.state;
    },
    publish,
    refuse,
    requireActive() {
      if (current.status === 'expired')
        throw new BridgeError('session-expired', current.message ?? 'Your session expired. Sign in again.');
      if (!creds || current.status !== 'active')
        throw new BridgeError('not-signed-in', 'Sign in to Duet first.');
      const message = foreignServerMessage(creds.graphBaseUrl, deps.settings.get().graphBaseUrl);
      if (message) {
        publish({ status: 'expired', session: current.session!, message, vault: deps.vault.info() });
        throw new BridgeError('session-expired', message);
      }
      return creds;
    },
    async establish(token, mode, expiresAt) {
      const checked = await checkToken(deps.graph, token, mode, expiresAt);
      if (checked instanceof Refused) return refuse(checked.message);
      creds = {
        userId: checked.userId,
        mode,
        userToken: token,
        expiresAt,
        pageTokens: checked.pageTokens,
        graphBaseUrl: deps.settings.get().graphBaseUrl,
      };
      await deps.vault.save(creds);
      deps.log(`session: signed in (${mode}) with ${checked.session.accounts.length} account(s)`);
      return publish({ status: 'active', session: checked.session, vault: deps.vault.info() });
    },
    async signOut() {
      creds = null;
      await deps.vault.clear();
      return publish({ status: 'signed-out', vault: deps.vault.info() });
    },
    explainExpired(message) {
      if (current.status === 'expired' && current.message !== message) publish({ ...current, message });
    },
    setPermissions(granted, declined) {
      const s = current.session;
      if (current.status !== 'active' || !s) return;
      const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
      if (same(s.grantedPermissions, granted) && same(s.declinedPermissions, declined)) return;
      publish({ ...current, session: { ...s, grantedPermissions: granted, declinedPermissions: declined } });
    },
    markExpired(message) {
      if (current.status !== 'active' || !current.session) return;
      deps.log('session: expired (190)');
      publish({ status: 'expired', session: current.session, message, vault: deps.vault.info() });
    },
  };
}

/**
 * Why a token can't be used against the configured Graph server, or null when it can. The token belongs to another
 * Graph server (e.g. a sandbox token, or a Meta token while the settings now point at a test server): never send it
 * there. Nothing is deleted; signing in again against the new server resumes.
 */
function foreignServerMessage(tokenBaseUrl: string, configuredBaseUrl: string): string | null {
  if (sameOrigin(tokenBaseUrl, configuredBaseUrl) !== false) return null;
  return `Duet now talks to ${new URL(configuredBaseUrl).host}, but you signed in with ${new URL(tokenBaseUrl).host}. Sign in again to continue.`;
}

/** True/false when both URLs parse; undefined when one doesn't (then nothing is decided here). */
function sameOrigin(a: string, b: string): boolean | undefined {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return undefined;
  }
}
