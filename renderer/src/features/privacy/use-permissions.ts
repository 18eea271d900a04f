// "Is feature X allowed now", for any view, and the Privacy & data panel's permission state. Both follow the host:
// every revoke, grant and refused call re-reads the permission state there, which updates the session's granted and
// declined lists (session/changed) and pushes privacy/permissions-changed, so every dependent view changes at once.
import { useCallback, useContext, useEffect, useState } from 'react';
import type { PermissionState } from '../../../../shared/bridge/calls/privacy';
import { FEATURES, type FeatureId } from '../../../../shared/permissions/features';
import { AppContext, useApp } from '../../app/context';
import { messageOf } from '../../app/errors';

/** Whether a feature may run now, and which of its permissions are declined or expired. */
export interface FeatureAccess {
  allowed: boolean;
  missing: string[];
}

/**
 * A feature is refused only for what Meta listed as declined or expired: a Page token cannot read its permissions
 * at all, and then nothing is assumed missing (the feature reports Meta's refusal as it happens).
 */
export function featureAccess(
  feature: FeatureId,
  session: { declinedPermissions: readonly string[] } | undefined,
): FeatureAccess {
  const declined = session?.declinedPermissions ?? [];
  const missing = FEATURES[feature].permissions.filter((p) => declined.includes(p));
  return { allowed: missing.length === 0, missing };
}

/** Whether `feature` is allowed now; re-renders when the session's permissions change (allowed outside the app). */
export function useFeatureAccess(feature: FeatureId): FeatureAccess {
  const app = useContext(AppContext);
  return featureAccess(feature, app?.session.session);
}

/** Asks Facebook again for one permission; a browser host leaves for the dialog and comes back signed in. */
export function useGrantAgain(): {
  grantAgain: (permission: string) => Promise<PermissionState | undefined>;
  busy: boolean;
  message: string | null;
} {
  const { bridge, setSession } = useApp();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const grantAgain = useCallback(
    async (permission: string) => {
      setBusy(true);
      setMessage(null);
      try {
        const r = await bridge.invoke('privacy/grant-again', { permission });
        if (r.mode === 'redirect' && r.url) {
          window.location.assign(r.url);
          return undefined;
        }
        if (r.message) setMessage(r.message);
        setSession(await bridge.invoke('session/get', {}));
        return r.state;
      } catch (e) {
        setMessage(messageOf(e));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [bridge, setSession],
  );
  return { grantAgain, busy, message };
}

/** The panel's permission state: read on open, then kept current by privacy/permissions-changed. */
export function usePermissionState(): {
  state: PermissionState | null;
  error: string | null;
  revoke: (permission: string) => Promise<void>;
  setState: (s: PermissionState) => void;
} {
  const { bridge, setSession } = useApp();
  const [state, setState] = useState<PermissionState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const off = bridge.on('privacy/permissions-changed', (s) => live && setState(s));
    bridge.invoke('privacy/permissions', {}).then(
      (s) => live && setState(s),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
      off();
    };
  }, [bridge]);
  const revoke = useCallback(
    async (permission: string) => {
      setError(null);
      try {
        setState(await bridge.invoke('privacy/revoke', { permission }));
        setSession(await bridge.invoke('session/get', {}));
      } catch (e) {
        setError(messageOf(e));
      }
    },
    [bridge, setSession],
  );
  return { state, error, revoke, setState };
}
