// Wires the shell's session status to the one session gate: the sync engine, the outbox, the publish queue and the
// comment action queue pause while the session is expired or signed out and resume, once, when it is active again
// (see data/session-gate.ts).
import { useEffect, useState } from 'react';
import { type SessionState } from '../../../shared/bridge/calls/session';
import { type Bridge } from '../bridge';
import { createSessionGate, type SessionPausable } from '../data/session-gate';

/** Pauses and resumes `targets` (null ones are skipped) as the session status changes; asks `bridge` to recheck. */
export function useSessionGate(
  bridge: Bridge,
  status: SessionState['status'],
  ...targets: Array<SessionPausable | null>
) {
  const [gate] = useState(() =>
    createSessionGate(() => bridge.invoke('session/get', {}).then((s) => s.status)),
  );
  // Declared first so a target added in the same commit already sees the current status.
  useEffect(() => gate.set(status), [gate, status]);
  useEffect(() => {
    const removers = targets.filter((t) => t !== null).map((t) => gate.add(t));
    return () => removers.forEach((remove) => remove());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the targets themselves are the dependencies
  }, [gate, ...targets]);
}
