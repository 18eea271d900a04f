// Turning comments off on an Instagram medium: the choice is queued durably (one comments-enabled action on the
// medium's lane), the switch shows it at once and while it goes out, and a later gallery read decides again.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Account } from '../../../../shared/models';
import { DuetDb, type MediaRow } from '../../data/db';
import { createFakeBridge } from '../../test/fake-bridge';
import { SessionHarness, sessionWith } from '../../test/session-fixtures';
import { CommentsSwitch, commentsOn } from './CommentsSwitch';

afterEach(cleanup);
let n = 0;
const account: Account = {
  id: 'page1',
  name: 'Cafe',
  tasks: [],
  instagram: { id: '1784', username: 'cafe' },
};
const medium = (over: Partial<MediaRow> = {}): MediaRow =>
  ({
    id: 'ig:m1',
    nativeId: 'm1',
    accountId: 'page1',
    mediaType: 'IMAGE',
    productType: 'FEED',
    timestamp: 1,
    children: [],
    commentsEnabled: true,
    syncedAt: 100,
    ...over,
  }) as MediaRow;

describe('comments on / off', () => {
  it('queues the choice once and shows it while it waits', async () => {
    const db = new DuetDb(`switch-${++n}`);
    render(
      <SessionHarness bridge={createFakeBridge()} initial={sessionWith([], [account])}>
        <CommentsSwitch db={db} account={account} media={medium()} />
      </SessionHarness>,
    );
    expect(screen.getByText('People can comment on this post.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Turn comments off' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Turn comments on' })).toBeTruthy());
    const rows = await db.commentActions.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      platform: 'ig',
      postId: 'ig:m1',
      postNativeId: 'm1',
      lane: 'ig:m1',
      action: { kind: 'comments-enabled', enabled: false },
    });
    expect(rows[0]!.commentId).toBeUndefined();
    expect(screen.getByRole('status').textContent).toMatch(/^Turning comments off: /);
    db.close();
  });

  it('without instagram_manage_comments it is disabled with Grant again', () => {
    render(
      <SessionHarness
        bridge={createFakeBridge()}
        initial={sessionWith(['instagram_manage_comments'], [account])}
      >
        <CommentsSwitch db={new DuetDb(`switch-${++n}`)} account={account} media={medium()} />
      </SessionHarness>,
    );
    expect((screen.getByRole('button', { name: 'Turn comments off' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.getByRole('button', { name: 'Grant again' })).toBeTruthy();
  });

  it('shows the newest choice made since the medium was read, else what Meta said', () => {
    const act = (enabled: boolean, createdAt: number, state = 'done') => ({
      action: { kind: 'comments-enabled', enabled },
      state,
      createdAt,
    });
    expect(commentsOn(medium({ commentsEnabled: false }), [])).toBe(false);
    expect(commentsOn(medium({ commentsEnabled: undefined }), [])).toBe(true);
    expect(commentsOn(medium(), [act(false, 150)])).toBe(false);
    // A refused one does not count; one older than the last read is what that read already says.
    expect(commentsOn(medium(), [act(false, 150, 'failed')])).toBe(true);
    expect(commentsOn(medium({ syncedAt: 200 }), [act(false, 150)])).toBe(true);
    // Still on its way when the gallery was read again: the read cannot know it yet, the choice stands.
    expect(commentsOn(medium({ syncedAt: 200 }), [act(false, 150, 'queued')])).toBe(false);
    expect(commentsOn(medium({ syncedAt: 200 }), [act(false, 150, 'unconfirmed')])).toBe(false);
    expect(commentsOn(medium(), [act(false, 150), act(true, 160)])).toBe(true);
  });
});
