// The one path by which the session pauses and resumes background work (the sync engine, the outbox). The shell's
// session status — kept by the app from the host's session/changed — is its only input. The engine and the outbox
// still stop themselves at once when Meta refuses the token (code 190), so nothing more goes out; but only this gate
// resumes them, once the session is active again.
import { type SessionState } from '../../../shared/bridge/calls/session';

/** Why background work waits for the user to sign in. */
export type SessionPause = 'session-expired' | 'signed-out';

/** Something the session pauses and resumes. */
export interface SessionPausable {
  pause(reason: SessionPause): void;
  resume(): void;
  /** Tells `listener` when it paused by itself (Meta refused the token); returns the unsubscribe function. */
  onSessionLost(listener: () => void): () => void;
}

/** Why work waits under this session status, or null when it may run. */
export function pauseOf(status: SessionState['status']): SessionPause | null {
  if (status === 'active') return null;
  return status === 'expired' ? 'session-expired' : 'signed-out';
}

/** The gate: follows the session status and pauses/resumes every added target on each change, once. */
export interface SessionGate {
  /** The session status changed (repeats of the same status do nothing). */
  set(status: SessionState['status']): void;
  /** Follows `target` from now on (paused at once when the session is not active); returns the remover. */
  add(target: SessionPausable): () => void;
}

/**
 * Creates a gate; the session counts as active until `set` says otherwise. `check` asks the host for the session
 * now: a target that paused itself while the session looks active is resumed if the host says it is (the refusal
 * answered a request sent before the user signed in again); otherwise the host's session/changed follows.
 */
export function createSessionGate(check?: () => Promise<SessionState['status']>): SessionGate {
  let status: SessionState['status'] = 'active';
  const targets = new Map<SessionPausable, () => void>();
  const recheck = (target: SessionPausable) => {
    if (status !== 'active' || !check) return;
    check().then(
      (now) => {
        if (now === 'active' && status === 'active' && targets.has(target)) target.resume();
      },
      () => undefined,
    );
  };
  const apply = (target: SessionPausable) => {
    const reason = pauseOf(status);
    if (reason) target.pause(reason);
    else target.resume();
  };
  return {
    set(next) {
      if (next === status) return;
      status = next;
      for (const t of [...targets.keys()]) apply(t);
    },
    add(target) {
      if (!targets.has(target))
        targets.set(
          target,
          target.onSessionLost(() => recheck(target)),
        );
      if (status !== 'active') apply(target);
      return () => {
        targets.get(target)?.();
        targets.delete(target);
      };
    },
  };
}
