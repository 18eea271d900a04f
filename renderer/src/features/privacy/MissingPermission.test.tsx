import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '../../../../shared/bridge/calls/session';
import { DUET_PERMISSIONS } from '../../../../shared/graph/permissions';
import { AppContext, type AppState } from '../../app/context';
import { type Outbox } from '../../data/outbox/types';
import { createFakeBridge } from '../../test/fake-bridge';
import { makeConversationRow } from '../../test/inbox-fixtures';
import { Composer } from '../inbox/Composer';
import { MissingPermission } from './MissingPermission';
import { featureAccess } from './use-permissions';

afterEach(cleanup);

function sessionWith(declined: string[]): SessionState {
  return {
    status: 'active',
    vault: { backend: 'test', secure: true },
    session: {
      user: { id: '1', name: 'Sam' },
      accounts: [{ id: '10', name: 'Cafe', tasks: [] }],
      grantedPermissions: DUET_PERMISSIONS.filter((p) => !declined.includes(p)),
      declinedPermissions: declined,
      expiresAt: null,
      mode: 'demo',
    },
  };
}

/** The app context around a view, with a session whose declined list can change (as session/changed does). */
function Harness(props: { initial: SessionState; children: React.ReactNode; bridge: AppState['bridge'] }) {
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

const outbox = { send: vi.fn(async () => 'c') } as unknown as Outbox;

describe('missing permission', () => {
  it('only declined or expired permissions refuse a feature; an unreadable list refuses nothing', () => {
    expect(
      featureAccess('instagram-messages-reply', { declinedPermissions: ['instagram_manage_messages'] }),
    ).toEqual({ allowed: false, missing: ['instagram_manage_messages'] });
    expect(
      featureAccess('messenger-reply', { declinedPermissions: ['instagram_manage_messages'] }).allowed,
    ).toBe(true);
    expect(featureAccess('instagram-messages-reply', { declinedPermissions: [] }).allowed).toBe(true);
  });

  it('the Instagram reply box names the permission and grants it again; Messenger still has its box', async () => {
    const bridge = createFakeBridge();
    const granted = sessionWith([]);
    bridge.handle('privacy/grant-again', async () => ({ mode: 'done' as const }));
    bridge.handle('session/get', async () => granted);
    const ig = makeConversationRow(1, { platform: 'instagram', lastCustomerMessageAt: Date.now() });
    const fb = makeConversationRow(2, { platform: 'messenger', lastCustomerMessageAt: Date.now() });
    render(
      <Harness bridge={bridge} initial={sessionWith(['instagram_manage_messages'])}>
        <Composer conversation={ig} outbox={outbox} />
        <Composer conversation={fb} outbox={outbox} />
      </Harness>,
    );
    expect(screen.getByText('Reply to Instagram messages needs instagram_manage_messages.')).toBeTruthy();
    expect(screen.getAllByRole('textbox', { name: 'Reply' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Grant again' }));
    await vi.waitFor(() => expect(screen.getAllByRole('textbox', { name: 'Reply' })).toHaveLength(2));
    expect(bridge.callsOf('privacy/grant-again')).toEqual([{ permission: 'instagram_manage_messages' }]);
  });

  it('a permission Meta named in a refusal is shown with Grant again though the session does not list it', async () => {
    const bridge = createFakeBridge();
    bridge.handle('privacy/grant-again', async () => ({ mode: 'done' as const }));
    bridge.handle('session/get', async () => sessionWith([]));
    render(
      <Harness bridge={bridge} initial={sessionWith([])}>
        <MissingPermission feature="facebook-insights" />
        <MissingPermission feature="facebook-insights" refused="read_insights" />
      </Harness>,
    );
    const notices = screen.getAllByTestId('missing-permission');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.textContent).toContain('See Page insights needs read_insights.');
    expect(notices[0]!.textContent).toContain('Facebook has not given it to Duet');
    fireEvent.click(screen.getByRole('button', { name: 'Grant again' }));
    await vi.waitFor(() =>
      expect(bridge.callsOf('privacy/grant-again')).toEqual([{ permission: 'read_insights' }]),
    );
  });

  it('a refused permission the session also lists as declined is named once, as turned off', () => {
    render(
      <Harness bridge={createFakeBridge()} initial={sessionWith(['read_insights'])}>
        <MissingPermission feature="facebook-insights" refused="read_insights" />
      </Harness>,
    );
    expect(screen.getByTestId('missing-permission').textContent).toContain(
      'See Page insights needs read_insights. You turned it off',
    );
  });
});
