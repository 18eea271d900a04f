// The synced views (feed, gallery, conversation list) with a permission gone: the shared notice with Grant again in
// place of the raw stream error, both when the session lists the permission as declined (before any call) and when
// the stream's stored error is Meta's refusal; what was saved stays listed under it.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { classifyGraphError } from '../../../../shared/graph/errors';
import { type Account } from '../../../../shared/models';
import { DuetDb } from '../../data/db';
import { writeMediaPage, writePostPage } from '../../data/repos/content';
import { setSyncError } from '../../data/repos/sync-state';
import { type SyncStatus } from '../../data/sync/types';
import { createFakeBridge, makeMedia, makePost } from '../../test/fake-bridge';
import { makeConversationRow } from '../../test/inbox-fixtures';
import { SessionHarness, sessionWith } from '../../test/session-fixtures';
import { FeedColumn } from '../feed/FeedColumn';
import { GalleryColumn } from '../gallery/GalleryColumn';
import { InboxView } from '../inbox/InboxView';

afterEach(cleanup);

// jsdom lays nothing out: give every element a size (and a ResizeObserver that never fires) so the virtualized
// lists render their rows, as a window would.
beforeAll(() => {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(800);
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(600);
});
afterAll(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const ACCOUNT: Account = {
  id: 'page1',
  name: 'Cafe',
  tasks: [],
  instagram: { id: 'ig1', username: 'cafe' },
};

/** The stream error the engine stores for Meta's (#10) refusal, in the host's words (shared/graph/errors.ts). */
const refusal = (permission: string) =>
  classifyGraphError(400, {
    error: { message: `(#10) This endpoint requires the '${permission}' permission.`, code: 10 },
  }).message;

let n = 0;
async function storeWithPosts() {
  const db = new DuetDb(`stream-notices-${++n}`);
  await writePostPage(db, ACCOUNT.id, {
    items: [1, 2, 3].map((i) => makePost(ACCOUNT.id, i)),
    skipped: 0,
    newest: true,
    backfill: { done: true },
    now: Date.now(),
  });
  return db;
}

const feedScroll = () => screen.getByTestId('feed-scroll');

describe('feed column', () => {
  it('a declined read permission shows Grant again above the saved posts, before any call', async () => {
    const db = await storeWithPosts();
    render(
      <SessionHarness bridge={createFakeBridge()} initial={sessionWith(['pages_read_engagement'])}>
        <FeedColumn account={ACCOUNT} db={db} />
      </SessionHarness>,
    );
    const notice = await screen.findByTestId('missing-permission');
    expect(notice.textContent).toContain('Read the Page’s posts needs pages_read_engagement.');
    expect(notice.textContent).toContain('You turned it off');
    expect(screen.getByRole('button', { name: 'Grant again' })).toBeTruthy();
    // The saved posts stay (the list is there, not the empty or loading state).
    expect(await screen.findByText('Post number 3')).toBeTruthy();
    expect(feedScroll().textContent).toContain('Post number 1');
  });

  it('a stored permission refusal is shown as the notice, not as the raw error; other errors stay as they are', async () => {
    const db = await storeWithPosts();
    await setSyncError(db, ACCOUNT.id, 'feed', refusal('pages_read_user_content'));
    const bridge = createFakeBridge();
    bridge.handle('privacy/grant-again', async () => ({ mode: 'done' as const }));
    bridge.handle('session/get', async () => sessionWith([]));
    render(
      <SessionHarness bridge={bridge} initial={sessionWith([])}>
        <FeedColumn account={ACCOUNT} db={db} />
      </SessionHarness>,
    );
    const notice = await screen.findByTestId('missing-permission');
    expect(notice.textContent).toContain('Read the Page’s posts needs pages_read_user_content.');
    expect(screen.queryByText(/Duet is missing the/)).toBeNull();
    expect(await screen.findByText('Post number 2')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Grant again' }));
    await waitFor(() =>
      expect(bridge.callsOf('privacy/grant-again')).toEqual([{ permission: 'pages_read_user_content' }]),
    );
    // The stream syncs again (which clears its stored error): the notice goes.
    await setSyncError(db, ACCOUNT.id, 'feed', undefined);
    await waitFor(() => expect(screen.queryByTestId('missing-permission')).toBeNull());

    // A failure that is not a permission refusal is still said as it is.
    await setSyncError(db, ACCOUNT.id, 'feed', 'Facebook is having trouble right now. Duet will try again.');
    expect(
      await screen.findByText('Facebook is having trouble right now. Duet will try again.'),
    ).toBeTruthy();
    expect(screen.queryByTestId('missing-permission')).toBeNull();
  });
});

describe('gallery column', () => {
  it('a live permission refusal of the gallery (or of stories) shows the notice over the saved grid', async () => {
    const db = new DuetDb(`stream-notices-${++n}`);
    await writeMediaPage(db, ACCOUNT.id, {
      items: [1, 2].map((i) => makeMedia(ACCOUNT.id, i)),
      skipped: 0,
      newest: true,
      backfill: { done: true },
      now: Date.now(),
    });
    const status = (stream: 'gallery' | 'stories'): SyncStatus => ({
      accountId: ACCOUNT.id,
      online: true,
      intervalMs: 60_000,
      streams: { [stream]: { itemCount: 2, backfillDone: true, error: refusal('instagram_basic') } },
    });
    const { rerender } = render(
      <SessionHarness bridge={createFakeBridge()} initial={sessionWith([])}>
        <GalleryColumn account={ACCOUNT} db={db} status={status('gallery')} />
      </SessionHarness>,
    );
    const notice = await screen.findByTestId('missing-permission');
    expect(notice.textContent).toContain('See your Instagram posts needs instagram_basic.');
    expect(screen.queryByText(/Duet is missing the/)).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId('gallery-tile')).toHaveLength(2));
    rerender(
      <SessionHarness bridge={createFakeBridge()} initial={sessionWith([])}>
        <GalleryColumn account={ACCOUNT} db={db} status={status('stories')} />
      </SessionHarness>,
    );
    expect((await screen.findByTestId('missing-permission')).textContent).toContain(
      'See your Instagram stories needs instagram_basic.',
    );
  });
});

describe('conversation list', () => {
  async function storeWithConversations() {
    const db = new DuetDb(`stream-notices-${++n}`);
    await db.conversations.bulkPut([
      makeConversationRow(1, { platform: 'messenger', accountId: ACCOUNT.id }),
      makeConversationRow(2, { platform: 'instagram', accountId: ACCOUNT.id }),
    ]);
    return db;
  }
  const inbox = (db: DuetDb, status?: SyncStatus) => (
    <InboxView
      db={db}
      accountId={ACCOUNT.id}
      account={ACCOUNT}
      onOpenConversation={() => {}}
      status={status}
    />
  );

  it('a declined instagram_manage_messages shows the notice for Instagram; Messenger has none; both stay listed', async () => {
    const db = await storeWithConversations();
    render(
      <SessionHarness bridge={createFakeBridge()} initial={sessionWith(['instagram_manage_messages'])}>
        {inbox(db)}
      </SessionHarness>,
    );
    const notices = await screen.findAllByTestId('missing-permission');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.textContent).toContain('Read Instagram messages needs instagram_manage_messages.');
    await waitFor(() => expect(screen.getAllByTestId('conversation')).toHaveLength(2));
    // The Messenger filter does not show Instagram's notice.
    fireEvent.click(screen.getByRole('tab', { name: 'Messenger' }));
    await waitFor(() => expect(screen.queryByTestId('missing-permission')).toBeNull());
  });

  it('a stream error that is a permission refusal is the notice, not the raw words', async () => {
    const db = await storeWithConversations();
    const status: SyncStatus = {
      accountId: ACCOUNT.id,
      online: true,
      intervalMs: 60_000,
      streams: {
        messenger: { itemCount: 1, backfillDone: true, error: refusal('pages_messaging') },
        instagram: { itemCount: 1, backfillDone: true },
      },
    };
    render(
      <SessionHarness bridge={createFakeBridge()} initial={sessionWith([])}>
        {inbox(db, status)}
      </SessionHarness>,
    );
    const notice = await screen.findByTestId('missing-permission');
    expect(notice.textContent).toContain('Read Messenger conversations needs pages_messaging.');
    expect(notice.textContent).toContain('Facebook has not given it to Duet');
    expect(screen.queryByText(/Duet is missing the/)).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId('conversation')).toHaveLength(2));
  });
});
