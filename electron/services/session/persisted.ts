// The session as kept between runs: the SessionState (no tokens) in the key-value store, the credentials in the
// vault. Restoring only accepts the two when they belong together.
import {
  Session as SessionSchema,
  type Session,
  type SessionState,
} from '../../../shared/bridge/calls/session';
import type { KeyValueStore, StoredCredentials, TokenVault } from '../types';

const SESSION_KEY = 'session';

interface PersistedSession {
  status: 'active' | 'expired';
  session: Session;
  message?: string;
}

/** Stores the state (or deletes it when signed out). */
export function persistSessionState(store: KeyValueStore<Record<string, unknown>>, next: SessionState): void {
  if (next.status === 'signed-out' || !next.session) store.delete(SESSION_KEY);
  else {
    const p: PersistedSession = { status: next.status, session: next.session };
    if (next.message) p.message = next.message;
    store.set(SESSION_KEY, p);
  }
}

/** What a restart finds: the state to show, the credentials to use, and whether the demo should restart. */
export interface RestoredSession {
  state: SessionState;
  creds: StoredCredentials | null;
  resumeDemo: boolean;
}

/** The stored session, or null when nothing usable is stored. */
export async function restoreSession(
  store: KeyValueStore<Record<string, unknown>>,
  vault: TokenVault,
): Promise<RestoredSession | null> {
  const stored = store.get(SESSION_KEY) as PersistedSession | undefined;
  const loaded = await vault.load();
  const parsed = stored ? SessionSchema.safeParse(stored.session) : null;
  if (loaded && parsed?.success && loaded.mode !== 'demo' && loaded.userId === parsed.data.user.id) {
    const state: SessionState = {
      status: stored!.status === 'expired' ? 'expired' : 'active',
      session: parsed.data,
      ...(stored!.message ? { message: stored!.message } : {}),
      vault: vault.info(),
    };
    return { state, creds: loaded, resumeDemo: false };
  }
  if (loaded?.mode === 'demo' && parsed?.success) {
    // The demo sandbox died with the last run, so its tokens are useless. The seeded sandbox is deterministic:
    // restarting it gives the same user and Pages, so the demo resumes in the background on the same local data.
    const state: SessionState = {
      status: 'expired',
      session: parsed.data,
      message: 'Restarting the demo…',
      vault: vault.info(),
    };
    return { state, creds: null, resumeDemo: true };
  }
  return null;
}
