import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Outbox } from '../../data/outbox/types';
import { createFakeBridge } from '../../test/fake-bridge';
import { makeConversationRow } from '../../test/inbox-fixtures';
import { SessionHarness as Harness, sessionWith } from '../../test/session-fixtures';
import { Composer } from '../inbox/Composer';
import { MissingPermission } from './MissingPermission';
import { featureAccess } from './use-permissions';

afterEach(cleanup);

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

describe('Page tasks', () => {
  const pages = (tasks: string[]) => ({
    declinedPermissions: [],
    accounts: [{ id: '10', name: 'Cafe', tasks }],
  });

  it('a feature is allowed on a Page where the person holds one of its tasks, or where it needs none', () => {
    expect(featureAccess('messenger-reply', pages(['MESSAGING', 'ANALYZE']), '10')).toEqual({
      allowed: true,
      missing: [],
    });
    // Any one of the feature's tasks is enough.
    expect(featureAccess('instagram-publish', pages(['MANAGE']), '10').allowed).toBe(true);
    expect(featureAccess('instagram-gallery', pages(['ANALYZE']), '10').allowed).toBe(true);
  });

  it('a Page whose tasks lack every task of the feature refuses it there, naming the Page and the tasks', () => {
    expect(featureAccess('messenger-reply', pages(['MODERATE', 'ANALYZE']), '10')).toEqual({
      allowed: false,
      missing: [],
      tasks: { page: 'Cafe', needs: ['MESSAGING'] },
    });
    expect(featureAccess('facebook-publish', pages(['MESSAGING']), '10').tasks?.needs).toEqual([
      'CREATE_CONTENT',
    ]);
    // Another Page, or no Page asked about: the tasks of Cafe do not count.
    expect(featureAccess('messenger-reply', pages(['ANALYZE']), '11').allowed).toBe(true);
    expect(featureAccess('messenger-reply', pages(['ANALYZE'])).allowed).toBe(true);
  });

  /** A Messenger reply box on Cafe, whose tasks the session lists as `tasks`. */
  const composerWithTasks = (tasks: string[]) => {
    const conv = makeConversationRow(1, {
      platform: 'messenger',
      accountId: '10',
      lastCustomerMessageAt: Date.now(),
    });
    render(
      <Harness bridge={createFakeBridge()} initial={sessionWith([], [{ id: '10', name: 'Cafe', tasks }])}>
        <Composer conversation={conv} outbox={outbox} />
      </Harness>,
    );
  };

  it('unknown tasks (a Page token lists none) lock nothing out', () => {
    expect(featureAccess('messenger-reply', pages([]), '10')).toEqual({ allowed: true, missing: [] });
  });

  it('without the Messaging task the reply box is disabled with the reason and no Grant again', () => {
    composerWithTasks(['MODERATE', 'CREATE_CONTENT']);
    const box = screen.getByRole('textbox', { name: 'Reply' });
    expect((box as HTMLTextAreaElement).disabled).toBe(true);
    const reason =
      'Reply to Messenger messages needs the Messaging task on Cafe. Ask a Page admin in Meta Business Suite to give it to you.';
    expect(screen.getByTestId('missing-task').textContent).toContain(reason);
    // The disabled box is described by the reason (a screen reader says why it cannot be used).
    const described = box.getAttribute('aria-describedby')!.split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent)).toContain(reason);
    expect(screen.queryByRole('button', { name: 'Grant again' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('with the Messaging task listed the reply box works', () => {
    composerWithTasks(['MESSAGING']);
    expect((screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement).disabled).toBe(false);
    expect(screen.queryByTestId('missing-task')).toBeNull();
  });
});
