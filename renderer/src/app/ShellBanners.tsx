// The banners under the shell's header: the expired session (with "Sign in again") and offline.
import { useCallback, useState } from 'react';
import { type SyncStatus } from '../data/sync/types';
import { OfflineIcon, WarningIcon } from '../ui/icons';
import { lastSyncedText } from '../ui/time';
import { useApp } from './context';
import { EXPIRED_SESSION_LEAD, expiredSessionDetail, messageOf } from './errors';

/** Signs in again after the session expired (demo, token or Facebook Login); a failure is kept to be shown. */
function useSignInAgain(): { signInAgain: () => Promise<void>; error: string | null } {
  const { bridge, session: state, setSession } = useApp();
  const mode = state.session?.mode;
  const [error, setError] = useState<string | null>(null);
  const signInAgain = useCallback(async () => {
    setError(null);
    try {
      if (mode === 'demo') {
        setSession(await bridge.invoke('session/sign-in-demo', {}));
        return;
      }
      const started = await bridge.invoke('session/login-start', {});
      if (started.mode === 'redirect' && started.url) window.location.assign(started.url);
      else setSession(started.state);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [bridge, mode, setSession]);
  return { signInAgain, error };
}

/** Says the session expired, that nothing is lost, and offers to sign in again. */
export function ExpiredSessionBanner({ message }: { message: string | undefined }) {
  const { signInAgain, error } = useSignInAgain();
  return (
    <div className="banner banner-warning" role="alert">
      <WarningIcon size={16} />
      <span>
        <strong>{EXPIRED_SESSION_LEAD}</strong> {expiredSessionDetail(message)} Everything Duet saved is still
        here, and unsent replies will go out once you sign in again.
      </span>
      <button className="btn btn-sm btn-primary" onClick={() => void signInAgain()}>
        Sign in again
      </button>
      {error && <span className="banner-error">{error}</span>}
    </div>
  );
}

/** Says Duet is offline and shows saved data; replies wait for the network. */
export function OfflineBanner({ status }: { status: SyncStatus | null | undefined }) {
  return (
    <div className="banner banner-offline" role="status" data-testid="offline-banner">
      <OfflineIcon size={16} />
      <span>
        You’re offline — showing what Duet saved. {lastSyncedText(status?.lastSyncedAt)}. Replies you write
        will be sent when you’re back online.
      </span>
    </div>
  );
}
