// "Is feature X allowed now", for any view, and the Privacy & data panel's permission state. Both follow the host:
// every revoke, grant and refused call re-reads the permission state there, which updates the session's granted and
// declined lists (session/changed) and pushes privacy/permissions-changed, so every dependent view changes at once.
// featureAccess is the one rule for both halves of "allowed": the feature's permissions (declined or expired ones
// refuse it; Grant again asks for them) and, on a given Page, its Page tasks (the person needs at least one of them;
// only a Page admin can give one, so there is no Grant again). Neither half assumes anything it cannot read.
// A synced view (feed, gallery, inbox list) reads its stream's error through streamAccess, so a permission refusal
// shows <MissingPermission> over the cached rows instead of Meta's raw words.
import { useCallback, useContext, useEffect, useState } from 'react';
import type { PermissionState } from '../../../../shared/bridge/calls/privacy';
import {
  FEATURES,
  type FeatureId,
  missingTasksFor,
  type PageTask,
  refusedPermission,
} from '../../../../shared/permissions/features';
import { AppContext, useApp } from '../../app/context';
import { messageOf } from '../../app/errors';

/** Whether a feature may run now, which of its permissions are declined or expired, and which Page task it lacks. */
export interface FeatureAccess {
  allowed: boolean;
  missing: string[];
  /** Set when the person holds none of the feature's tasks on the Page: its name and the tasks any one of which would do. */
  tasks?: { page: string; needs: PageTask[] };
}

/** What featureAccess reads of the session (its declined permissions and each Page's tasks). */
export interface AccessSession {
  declinedPermissions: readonly string[];
  accounts?: ReadonlyArray<{ id: string; name: string; tasks: readonly string[] }>;
}

/**
 * A feature is refused only for what Meta listed as declined or expired: a Page token cannot read its permissions
 * at all, and then nothing is assumed missing (the feature reports Meta's refusal as it happens). On the Page
 * `accountId` it is refused when the session lists that Page's tasks and none is one the feature needs; a Page with
 * no tasks listed (a Page token, or an answer without them) is not locked out.
 */
export function featureAccess(
  feature: FeatureId,
  session: AccessSession | undefined,
  accountId?: string,
): FeatureAccess {
  const declined = session?.declinedPermissions ?? [];
  const missing = FEATURES[feature].permissions.filter((p) => declined.includes(p));
  const page = accountId === undefined ? undefined : session?.accounts?.find((a) => a.id === accountId);
  const needs = page ? missingTasksFor(feature, page.tasks) : [];
  return {
    allowed: missing.length === 0 && needs.length === 0,
    missing,
    ...(page && needs.length > 0 ? { tasks: { page: page.name, needs } } : {}),
  };
}

/**
 * Whether `feature` is allowed now (on the Page `accountId`, when given: its tasks count too); re-renders when the
 * session's permissions change (allowed outside the app).
 */
export function useFeatureAccess(feature: FeatureId, accountId?: string): FeatureAccess {
  const app = useContext(AppContext);
  return featureAccess(feature, app?.session.session, accountId);
}

/** How a synced view shows its stream's error for the feature it serves. */
export interface StreamAccess {
  /** The feature's permission is declined, or the error is Meta refusing one: the view shows <MissingPermission>. */
  blocked: boolean;
  /** The permission the error named (passed to <MissingPermission refused>), if it did. */
  refused: string | undefined;
  /** The error to show as it is (undefined while blocked: the notice says it in words instead). */
  error: string | undefined;
}

/**
 * Reads a stream's error (live or stored, see ui/ColumnHeader columnSyncOf) for `feature`: a permission refusal is
 * recognised by the error classification's own words (refusedPermission), never by a second code list.
 */
export function streamAccess(
  feature: FeatureId,
  error: string | undefined,
  access: FeatureAccess,
): StreamAccess {
  const refused = refusedPermission(feature, error);
  const blocked = refused !== undefined || access.missing.length > 0;
  return { blocked, refused, error: blocked ? undefined : error };
}

/** streamAccess with the session's permissions, live. */
export function useStreamAccess(feature: FeatureId, error: string | undefined): StreamAccess {
  return streamAccess(feature, error, useFeatureAccess(feature));
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
