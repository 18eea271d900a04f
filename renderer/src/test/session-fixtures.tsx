// A signed-in session and the app context around a view, for component tests of permission- and task-aware views
// (unit tests only; nothing in the app imports this).
import { useState, type ReactNode } from 'react';
import type { SessionState } from '../../../shared/bridge/calls/session';
import { DUET_PERMISSIONS } from '../../../shared/graph/permissions';
import { type Account } from '../../../shared/models';
import { AppContext, type AppState } from '../app/context';

/** An active demo session in which `declined` are declined (the rest granted), with these Pages. */
export function sessionWith(
  declined: string[],
  accounts: Account[] = [{ id: '10', name: 'Cafe', tasks: [] }],
): SessionState {
  return {
    status: 'active',
    vault: { backend: 'test', secure: true },
    session: {
      user: { id: '1', name: 'Sam' },
      accounts,
      grantedPermissions: DUET_PERMISSIONS.filter((p) => !declined.includes(p)),
      declinedPermissions: declined,
      expiresAt: null,
      mode: 'demo',
    },
  };
}

/** The app context around a view, with a session whose declined list can change (as session/changed does). */
export function SessionHarness(props: {
  initial: SessionState;
  children: ReactNode;
  bridge: AppState['bridge'];
}) {
  const [session, setSession] = useState(props.initial);
  const value = {
    bridge: props.bridge,
    session,
    setSession,
    info: {} as AppState['info'],
    settings: {} as AppState['settings'],
    updateSettings: async () => {},
  } satisfies AppState;
  return <AppContext.Provider value={value}>{props.children}</AppContext.Provider>;
}
